/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * HR opens the Onboarding app and lands on Today: the counts of a known shop, then the list behind
 * one of them and back. Triggers rely on technical names and counts; the texts that the user reads
 * are passed in, so the same journey runs in English and in Simplified Chinese.
 */
function todaySteps(texts) {
    const block = (key) => `.o_onboarding_today_section[data-section=hr] .o_onboarding_today_block[data-block=${key}]`;
    return [
        ...stepUtils.goToAppSteps("onboarding_training.onboarding_menu_root", "Open the Onboarding app"),
        {
            content: "HR lands on Today, with their own section",
            trigger: `.o_onboarding_today_section[data-section=hr] h4:contains('${texts.hr}')`,
        },
        {
            content: "Three hires start this week with their pre-boarding still open",
            trigger: `${block("starting")}:contains('${texts.starting}') .o_onboarding_today_count[data-count='3']`,
        },
        {
            content: "Three hires have no way to log in yet",
            trigger: `${block("no_portal")}:contains('${texts.noPortal}') .o_onboarding_today_count[data-count='3']`,
        },
        {
            content: "One hire is expected at today's session",
            trigger: `${block("sessions_today")} .o_onboarding_today_count[data-count='1']`,
        },
        {
            content: "One confirmation is overdue, and it is the mentor's",
            trigger: `${block("overdue_confirmations")}:contains('${texts.overdue}') .o_onboarding_today_line:contains('Mia Mentor') [data-count='1']`,
        },
        {
            content: "Open the hires without portal access",
            trigger: `${block("no_portal")} .o_onboarding_today_open`,
            run: "click",
        },
        {
            content: "The list holds exactly those three hires",
            trigger: ".o_list_view:has(.o_data_row:contains('Ben Nologin')):has(.o_data_row:contains('Dan Late')):not(:has(.o_data_row:eq(3)))",
        },
        {
            content: "Back to Today",
            trigger: `.o_breadcrumb .o_back_button a:contains('${texts.today}')`,
            run: "click",
        },
        {
            content: "Today shows the same counts again",
            trigger: `${block("starting")} .o_onboarding_today_count[data-count='3']`,
        },
    ];
}

registry.category("web_tour.tours").add("onboarding_training_today_hr", {
    steps: () =>
        todaySteps({
            hr: "HR to-do",
            today: "Today",
            starting: "Starting this week",
            noPortal: "No portal access yet",
            overdue: "Overdue confirmations",
        }),
});

registry.category("web_tour.tours").add("onboarding_training_today_hr_zh", {
    steps: () =>
        todaySteps({
            hr: "人事待办",
            today: "今日",
            starting: "本周入职",
            noPortal: "尚未开通门户",
            overdue: "逾期未确认",
        }),
});
