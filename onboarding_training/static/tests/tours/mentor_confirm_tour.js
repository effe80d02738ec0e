/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("onboarding_training_mentor_confirm", {
    steps: () => [
        ...stepUtils.goToAppSteps("onboarding_training.onboarding_menu_root", "Open the Onboarding app"),
        {
            content: "Open what waits for my confirmation",
            trigger: ".o_menu_sections [data-menu-xmlid='onboarding_training.onboarding_task_menu_to_confirm']",
            run: "click",
        },
        {
            content: "Open the task the hire handed in",
            trigger: ".o_list_view .o_data_row:contains('Nina Newhire') td[name=name]",
            run: "click",
        },
        {
            content: "Look at the evidence",
            trigger: ".o_form_view .o_field_widget[name=evidence_attachment_ids]:contains('back-office')",
        },
        {
            content: "Confirm",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The task is done",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=done]",
        },
    ],
});
