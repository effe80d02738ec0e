/** @odoo-module **/

import { registry } from "@web/core/registry";

// The kiosk of a Chinese company, on a tablet whose browser asks for English.
registry.category("web_tour.tours").add("hr_attendance_gate_kiosk_blocked_zh_cn", {
    steps: () => [
        {
            content: "The kiosk's own labels are in Chinese",
            trigger: ".o_searchview_input_container input[placeholder^='搜索']",
        },
        {
            content: "Look for the new hire",
            trigger: ".o_searchview_input_container input",
            run: "edit Henry",
        },
        {
            content: "The pending-training badge is in Chinese",
            trigger: ".o_hr_kiosk_manual_selection .card:contains('Henry Hire') .o_attendance_gate_pending:contains('待培训')",
        },
        {
            content: "The blocked employee tries to check in",
            trigger: ".o_hr_kiosk_manual_selection .card:contains('Henry Hire')",
            run: "click",
        },
        {
            content: "The refusal, its title and the items left are in Chinese",
            trigger:
                ".o_notification.o_attendance_gate_refused:contains('打卡被拒绝'):contains('员工手册'):contains('企业文化手册'):not(:contains('cannot check in'))",
        },
    ],
});
