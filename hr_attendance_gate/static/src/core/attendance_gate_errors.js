/** @odoo-module **/

import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";

// Python class hr_attendance_gate.exceptions.AttendanceBlockedError, as the server names it in RPC errors.
export const ATTENDANCE_BLOCKED_ERROR = "odoo.addons.hr_attendance_gate.exceptions.AttendanceBlockedError";

export function isAttendanceBlockedError(error) {
    return error?.exceptionName === ATTENDANCE_BLOCKED_ERROR;
}

// The refusal names what is left to do: show it to the person as a notification, not an error dialog.
registry.category("error_notifications").add(ATTENDANCE_BLOCKED_ERROR, {
    title: _t("Check-in refused"),
    type: "danger",
    autocloseDelay: 12000,
    className: "o_attendance_gate_refused",
});
