/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("training_analytics_item_health", {
    steps: () => [
        {
            content: "The flagged item is listed, its reasons on the badge",
            trigger:
                ".o_list_view .o_data_row:contains('Handle refunds') td[name=health_flag] span.badge[title*='Too hard']:contains('Too hard')",
        },
        {
            content: "Open it",
            trigger: ".o_list_view .o_data_row:contains('Handle refunds') td[name=name]",
            run: "click",
        },
        {
            content: "The form gives the numbers and every reason",
            trigger: ".o_form_view [name=health_reason]:contains('0 % passed (0 of 5)')",
        },
    ],
});

registry.category("web_tour.tours").add("training_analytics_program_item_health", {
    steps: () => [
        {
            content: "Open the Item Health tab of the program",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Item Health')",
            run: "click",
        },
        {
            content: "The item carries its flag, with its reasons as tooltip",
            trigger:
                ".o_form_view .o_field_one2many .o_data_row:contains('Handle refunds') span.badge.text-bg-danger[title*='below the minimum']",
        },
    ],
});
