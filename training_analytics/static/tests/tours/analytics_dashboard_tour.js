/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("training_analytics_dashboard", {
    steps: () => [
        ...stepUtils.goToAppSteps("onboarding_training.onboarding_menu_root", "Open the Onboarding app"),
        {
            content: "Open the analytics menu",
            trigger: ".o_menu_sections [data-menu-xmlid='training_analytics.training_analytics_menu']",
            run: "click",
        },
        {
            content: "Open the cohorts",
            trigger: ".o-dropdown--menu [data-menu-xmlid='training_analytics.onboarding_cohort_report_menu']",
            run: "click",
        },
        {
            content: "The cohort pivot shows the program of the hires",
            trigger: ".o_pivot_view .o_pivot table th:contains('Analytics tour program')",
        },
        {
            content: "Switch to the graph",
            trigger: ".o_control_panel .o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The graph is drawn",
            trigger: ".o_graph_view .o_graph_renderer canvas",
        },
        {
            content: "Open the analytics menu again",
            trigger: ".o_menu_sections [data-menu-xmlid='training_analytics.training_analytics_menu']",
            run: "click",
        },
        {
            content: "Open the early warnings",
            trigger: ".o-dropdown--menu [data-menu-xmlid='training_analytics.onboarding_enrollment_menu_risk']",
            run: "click",
        },
        {
            content: "The hire at risk is listed with a high risk",
            trigger: ".o_list_view .o_data_row:contains('Omar Overdue') td[name=risk_level]:contains('High')",
        },
    ],
});
