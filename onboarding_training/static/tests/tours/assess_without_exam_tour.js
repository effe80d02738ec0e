/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * HR assesses a hire whose program has no exam: the Assess button is offered because the
 * program's own weights need only the practical score, and the hire passes with it.
 * Triggers rely on technical names; the texts the user reads are passed in (English, Chinese).
 */
function assessWithoutExamSteps(texts) {
    return [
        ...stepUtils.goToAppSteps("onboarding_training.onboarding_menu_root", "Open the Onboarding app"),
        {
            content: "Open the follow-up menu",
            trigger: ".o_menu_sections [data-menu-xmlid='onboarding_training.onboarding_menu_follow_up']",
            run: "click",
        },
        {
            content: "Open the enrollments",
            trigger: `.o-dropdown--menu [data-menu-xmlid='onboarding_training.onboarding_enrollment_menu']:contains('${texts.enrollments}')`,
            run: "click",
        },
        {
            content: "Open the enrollment of the hire",
            trigger: ".o_list_view .o_data_row:contains('Paco Practical') td[name=program_id]",
            run: "click",
        },
        {
            content: "Open the assessment tab",
            trigger: ".o_form_view .o_notebook_headers a[name=assessment]",
            run: "click",
        },
        {
            content: "No final score before the assessment",
            trigger: ".o_form_view:has(.o_field_widget[name=practical_score]):not(:has(.o_field_widget[name=final_score]))",
        },
        {
            content: "Assess: everything the program weighs is in",
            trigger: `.o_form_view .o_statusbar_buttons button[name=action_assess]:contains('${texts.assess}')`,
            run: "click",
        },
        {
            content: "Confirm the assessment",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The hire passed",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=passed]",
        },
        {
            content: "Back on the assessment tab",
            trigger: ".o_form_view .o_notebook_headers a[name=assessment]",
            run: "click",
        },
        {
            content: "The final score is the practical score",
            trigger: `.o_form_view .o_inner_group:has(.o_form_label:contains('${texts.finalScore}')) .o_field_widget[name=final_score]:contains('85.00')`,
        },
    ];
}

registry.category("web_tour.tours").add("onboarding_training_assess_without_exam", {
    steps: () => assessWithoutExamSteps({ enrollments: "Enrollments", assess: "Assess", finalScore: "Final Score" }),
});

registry.category("web_tour.tours").add("onboarding_training_assess_without_exam_zh", {
    steps: () => assessWithoutExamSteps({ enrollments: "培训报名", assess: "考核", finalScore: "最终得分" }),
});
