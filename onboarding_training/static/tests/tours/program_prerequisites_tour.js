/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * HR builds a new program from scratch: closing the first stage's dialog saves the program, so the
 * second stage's item can require the first stage's item before HR ever pressed Save.
 */
function addStage(name, item) {
    return [
        {
            content: `Add the stage ${name}`,
            trigger: ".o_form_view .o_field_widget[name=stage_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Name the stage",
            trigger: ".modal .o_field_widget[name=name] input",
            run: `edit ${name}`,
        },
        {
            content: "Add an item",
            trigger: ".modal .o_field_widget[name=item_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Name the item",
            trigger: ".modal .o_field_widget[name=item_ids] .o_data_row .o_field_widget[name=name] input",
            run: `edit ${item}`,
        },
    ];
}

registry.category("web_tour.tours").add("onboarding_training_program_prerequisites", {
    steps: () => [
        ...stepUtils.goToAppSteps("onboarding_training.onboarding_menu_root", "Open the Onboarding app"),
        {
            content: "Open the configuration menu",
            trigger: ".o_menu_sections [data-menu-xmlid='onboarding_training.onboarding_menu_config']",
            run: "click",
        },
        {
            content: "Open the programs",
            trigger: ".o-dropdown--menu [data-menu-xmlid='onboarding_training.onboarding_program_menu']",
            run: "click",
        },
        {
            content: "Create a program",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Livestream – 14 days",
        },
        ...addStage("Basics", "Shop back office"),
        {
            content: "Close the stage dialog",
            trigger: ".modal .modal-footer .o_form_button_save",
            run: "click",
        },
        {
            content: "The program saved itself: the breadcrumb shows its name",
            trigger: ".o_breadcrumb:contains('Livestream – 14 days')",
        },
        ...addStage("Week 1", "Refunds"),
        {
            content: "Require the first stage's item",
            trigger: ".modal .o_field_widget[name=item_ids] .o_data_row .o_field_widget[name=prerequisite_ids] input",
            run: "edit Shop",
        },
        {
            content: "The program's saved item is offered",
            trigger: ".o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:contains('Shop back office')",
            run: "click",
        },
        {
            content: "It is chosen",
            trigger: ".modal .o_field_widget[name=prerequisite_ids] .o_tag:contains('Shop back office')",
        },
        {
            content: "Close the stage dialog",
            trigger: ".modal .modal-footer .o_form_button_save",
            run: "click",
        },
        {
            content: "Both stages are listed",
            trigger: ".o_form_view .o_field_widget[name=stage_ids] .o_data_row:contains('Week 1')",
        },
        {
            content: "Closing the dialog saved the program again: nothing is left to save",
            trigger: ".o_form_view .o_form_status_indicator_buttons.invisible:not(:visible)",
        },
    ],
});
