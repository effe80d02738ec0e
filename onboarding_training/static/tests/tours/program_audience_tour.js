/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * HR opens a program's Audience tab, sees who gets each item, and narrows one item to master's degrees.
 */
registry.category("web_tour.tours").add("onboarding_training_program_audience", {
    steps: () => [
        {
            content: "Open the Audience tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Audience')",
            run: "click",
        },
        {
            content: "Every item says who gets it",
            trigger: ".o_field_widget[name=item_ids] .o_data_row:contains('Employee handbook'):contains('Everyone in the program')",
        },
        {
            content: "Set the audience of the data analysis course",
            trigger: ".o_field_widget[name=item_ids] .o_data_row:contains('Data analysis') button[name=action_open_audience]",
            run: "click",
        },
        {
            content: "Choose an education level",
            trigger: ".modal .o_field_widget[name=audience_level_ids] input",
            run: "edit Master",
        },
        {
            content: "Master's degree is offered",
            trigger: ".o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:contains('Master')",
            run: "click",
        },
        {
            content: "The dialog says who gets it now",
            trigger: ".modal .o_field_widget[name=audience_summary]:contains('Master')",
        },
        {
            content: "Save the item",
            trigger: ".modal .modal-footer .o_form_button_save",
            run: "click",
        },
        {
            content: "The program's Audience tab shows the new audience",
            trigger: ".o_field_widget[name=item_ids] .o_data_row:contains('Data analysis'):contains('Master')",
        },
    ],
});
