/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * The portal hire has just handed a task in: the mentor finds it among their activities,
 * confirms it from there, and the activity is gone.
 */
registry.category("web_tour.tours").add("onboarding_training_mentor_activity", {
    steps: () => [
        {
            content: "Open my activities",
            trigger: ".o_menu_systray i[aria-label='Activities']",
            run: "click",
        },
        {
            content: "The handed-in task waits among the onboarding tasks",
            trigger: ".o-mail-ActivityMenu .o-mail-ActivityGroup[data-model_name='onboarding.task']",
            run: "click",
        },
        {
            content: "Open the task of the hire",
            trigger: ".o_list_view .o_data_row:contains('Nina Newhire') td[name=name]",
            run: "click",
        },
        {
            content: "The activity asks to confirm it",
            trigger: ".o-mail-Activity:contains('Confirm Operate the shop back office')",
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
        {
            content: "Its activity is done too",
            trigger: ".o-mail-Chatter:not(:has(.o-mail-Activity)) .o-mail-Message:contains('Confirmed.')",
        },
        {
            content: "Open my activities again",
            trigger: ".o_menu_systray i[aria-label='Activities']",
            run: "click",
        },
        {
            content: "Nothing is left to confirm",
            trigger: ".o-mail-ActivityMenu:not(:has(.o-mail-ActivityGroup[data-model_name='onboarding.task']))",
        },
    ],
});
