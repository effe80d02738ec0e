/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("hr_attendance_gate_kiosk_blocked", {
    steps: () => [
        {
            content: "Look for an employee who may check in",
            trigger: ".o_searchview_input_container input",
            run: "edit Oscar",
        },
        {
            content: "Their card has no pending-training badge",
            trigger: ".o_hr_kiosk_manual_selection .card:contains('Oscar Other'):not(:has(.o_attendance_gate_pending))",
        },
        {
            content: "Look for the new hire",
            trigger: ".o_searchview_input_container input",
            run: "edit Henry",
        },
        {
            content: "The blocked employee's card shows the pending-training badge",
            trigger: ".o_hr_kiosk_manual_selection .card:contains('Henry Hire') .o_attendance_gate_pending",
        },
        {
            content: "The blocked employee tries to check in",
            trigger: ".o_hr_kiosk_manual_selection .card:contains('Henry Hire')",
            run: "click",
        },
        {
            content: "The refusal and the remaining items are on screen",
            trigger:
                ".o_notification.o_attendance_gate_refused:contains('Employee handbook'):contains('Culture handbook')",
        },
        {
            content: "The kiosk is back on the employee list for the next person",
            trigger: ".o_hr_kiosk_manual_selection .card:contains('Henry Hire')",
        },
    ],
});
