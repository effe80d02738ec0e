/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * HR opens the Customer service template, duplicates it for a new job and enrolls a hire with the
 * Enroll Employees wizard. Triggers rely on technical names; the texts that the user reads are
 * passed in, so the same journey runs in English and in Simplified Chinese.
 */
function programFromTemplateSteps(texts) {
    return [
        ...stepUtils.goToAppSteps("onboarding_training.onboarding_menu_root", "Open the Onboarding app"),
        {
            content: "The app carries its translated name",
            trigger: `.o_main_navbar .o_menu_brand:contains('${texts.app}')`,
        },
        {
            content: "Open the configuration menu",
            trigger: ".o_menu_sections [data-menu-xmlid='onboarding_training.onboarding_menu_config']",
            run: "click",
        },
        {
            content: "Open the programs",
            trigger: `.o-dropdown--menu [data-menu-xmlid='onboarding_training.onboarding_program_menu']:contains('${texts.programs}')`,
            run: "click",
        },
        {
            content: "Open the Customer service template",
            trigger: `.o_list_view .o_data_row:has(td[name=is_template] input:checked):contains('${texts.template}') td[name=name]`,
            run: "click",
        },
        {
            content: "The template ribbon is shown",
            trigger: `.o_form_view .ribbon:contains('${texts.ribbon}')`,
        },
        {
            content: "Open the actions of the record",
            trigger: ".o_control_panel .o_cp_action_menus i.fa-cog",
            run: "click",
        },
        {
            content: "Duplicate the template",
            trigger: ".o-dropdown--menu .o_menu_item:has(i.fa-clone)",
            run: "click",
        },
        {
            content: "The copy is no template any more",
            trigger: ".o_form_view:not(:has(.ribbon)) .o_field_widget[name=name] input",
            run: `edit ${texts.name}`,
        },
        {
            content: "Give the program its job position",
            trigger: ".o_form_view .o_field_widget[name=job_ids] input",
            run: "edit Livestream Agent",
        },
        {
            content: "Pick the job",
            trigger: ".o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:contains('Livestream Agent')",
            run: "click",
        },
        {
            content: "The job is set",
            trigger: ".o_form_view .o_field_widget[name=job_ids] .o_tag:contains('Livestream Agent')",
        },
        {
            content: "Save the program",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The program is saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Open the follow-up menu",
            trigger: ".o_menu_sections [data-menu-xmlid='onboarding_training.onboarding_menu_follow_up']",
            run: "click",
        },
        {
            content: "Open the Enroll Employees wizard",
            trigger: `.o-dropdown--menu [data-menu-xmlid='onboarding_training.onboarding_enroll_wizard_menu']:contains('${texts.enrollMenu}')`,
            run: "click",
        },
        {
            content: "Choose the new hire",
            trigger: ".modal .o_field_widget[name=employee_ids] input",
            run: "edit Nina Newhire",
        },
        {
            content: "Pick the new hire",
            trigger: ".o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:contains('Nina Newhire')",
            run: "click",
        },
        {
            content: "Choose the new program",
            trigger: ".modal .o_field_widget[name=program_id] input",
            run: `edit ${texts.name}`,
        },
        {
            content: "Pick the new program",
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:contains('${texts.name}')`,
            run: "click",
        },
        {
            content: "Enroll",
            trigger: `.modal .modal-footer button[name=action_enroll]:contains('${texts.enroll}')`,
            run: "click",
        },
        {
            content: "The new enrollment is listed",
            trigger: `.o_list_view .o_data_row:contains('Nina Newhire'):contains('${texts.name}')`,
        },
    ];
}

registry.category("web_tour.tours").add("onboarding_training_program_from_template", {
    steps: () =>
        programFromTemplateSteps({
            app: "Onboarding",
            programs: "Programs",
            template: "Customer service – 30 days",
            ribbon: "Template",
            name: "Customer service – Livestream shop",
            enrollMenu: "Enroll Employees",
            enroll: "Enroll",
        }),
});

registry.category("web_tour.tours").add("onboarding_training_program_from_template_zh", {
    steps: () =>
        programFromTemplateSteps({
            app: "入职培训",
            programs: "培训计划",
            template: "客服 – 30 天",
            ribbon: "模板",
            name: "客服 – 直播店铺",
            enrollMenu: "为员工报名",
            enroll: "报名",
        }),
});
