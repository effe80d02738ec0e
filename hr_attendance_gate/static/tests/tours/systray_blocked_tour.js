/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("hr_attendance_gate_systray_blocked", {
    steps: () => [
        {
            content: "Open the attendance menu of the systray",
            trigger: ".o_menu_systray .o-dropdown:has(.fa-circle.text-danger)",
            run: "click",
        },
        {
            content: "Try to check in",
            trigger: ".o_att_menu_container button.btn-success",
            run: "click",
        },
        {
            content: "The refusal and the remaining items are on screen",
            trigger: ".o_notification.o_attendance_gate_refused:contains('Employee handbook'):contains('Culture handbook')",
        },
    ],
});
