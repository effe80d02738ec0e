import math
from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import api, fields, models

from ..exceptions import AttendanceBlockedError

EARTH_RADIUS_M = 6371000.0


def distance_m(lat1, lon1, lat2, lon2):
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


class HrAttendance(models.Model):
    _inherit = "hr.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        # Rights first: the gate's answer names the employee's open items, which strangers must not learn.
        self.check_access("create")
        self._check_attendance_gate_vals(vals_list)
        attendances = super().create(vals_list)
        attendances._onboarding_sign_in_sessions()
        return attendances

    def write(self, vals):
        self.check_access("write")
        self._checked_in_by_write(vals)._check_attendance_gate()
        self._check_attendance_gate_days(vals)
        return super().write(vals)

    def _checked_in_by_write(self, vals):
        """Employees a write checks in: moving an attendance to someone, or reopening it. Closing never does."""
        employees = self.env["hr.employee"]
        target = employees.browse(vals.get("employee_id") or [])
        if target and any(attendance.employee_id != target for attendance in self):
            employees |= target
        if "check_out" in vals and not vals["check_out"]:
            employees |= target or self.filtered("check_out").employee_id
        return employees

    def _check_attendance_gate_days(self, vals):
        """Moving an attendance (its times or its employee) onto days the employee may not check in is refused.

        Closing an open attendance is never refused, whatever day the check-out falls on.
        """
        if not vals.keys() & {"employee_id", "check_in", "check_out"}:
            return
        target = self.env["hr.employee"].browse(vals.get("employee_id") or [])
        # sudo: the gate must see onboarding data whoever edits the attendance (officer, manager, import).
        pending = (target or self.employee_id).sudo().filtered(lambda e: e.onboarding_state == "pending")
        if not pending:
            return
        new_days = defaultdict(set)
        for attendance in self:
            employee = (target or attendance.employee_id).sudo()
            if employee in pending:
                new_days[employee.id] |= attendance._days_added_by(vals, employee)
        if not any(new_days.values()):
            return
        exempted = pending._attendance_exempted_days(new_days)
        refused = pending.filtered(lambda e: new_days[e.id] - exempted[e.id])
        if refused:
            raise AttendanceBlockedError(refused._attendance_gate_message())

    def _days_added_by(self, vals, employee):
        """Local days the attendance would cover for `employee` after the write and does not cover for them now."""
        self.ensure_one()
        closing = not self.check_out and vals.get("check_out") and not vals.keys() & {"employee_id", "check_in"}
        if closing:
            return set()
        check_in = fields.Datetime.to_datetime(vals["check_in"]) if "check_in" in vals else self.check_in
        check_out = fields.Datetime.to_datetime(vals["check_out"]) if "check_out" in vals else self.check_out
        if not check_in:
            return set()  # the ORM refuses an attendance without check-in
        after = employee._onboarding_local_days(check_in, check_out or check_in)
        if employee != self.employee_id:
            return after
        return after - employee._onboarding_local_days(self.check_in, self.check_out or self.check_in)

    def _check_attendance_gate_vals(self, vals_list):
        """The gate runs before anything is written, whichever path (kiosk, systray, form, import, RPC)."""
        employee_ids = set()
        default_employee_id = None
        for vals in vals_list:
            if self._is_system_attendance(vals):
                continue
            if "employee_id" not in vals and default_employee_id is None:
                default_employee_id = self.default_get(["employee_id"]).get("employee_id") or False
            employee_ids.add(vals.get("employee_id", default_employee_id))
        employee_ids.discard(False)
        if employee_ids:
            self.env["hr.employee"].browse(sorted(employee_ids))._check_attendance_gate()

    def _is_system_attendance(self, vals):
        # Absence detection writes closed technical attendances as superuser; a user cannot fake that.
        return self.env.su and vals.get("in_mode") == "technical" and vals.get("check_out")

    def _onboarding_sign_in_sessions(self):
        """A check-in inside a session's time window (and radius) signs the employee in to it."""
        attendances = self.filtered(lambda a: a.in_mode != "technical")
        employees = attendances.employee_id.filtered(lambda e: e.onboarding_state in ("pending", "training"))
        if not employees:
            return self.env["onboarding.task"]
        days = {a.check_in.date() + timedelta(days=shift) for a in attendances for shift in (-1, 0, 1)}
        # sudo: signing in is the system's consequence of a check-in that passed the gate.
        tasks = (
            self.env["onboarding.task"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", employees.ids),
                    ("item_type", "=", "session"),
                    ("state", "=", "todo"),
                    ("deadline", "in", sorted(days)),
                ]
            )
        )
        signed = tasks.filtered(lambda t: any(a._signs_in(t) for a in attendances))
        signed._sign_in("checkin")
        return signed

    def _signs_in(self, task):
        self.ensure_one()
        item = task.item_id
        if self.employee_id != task.employee_id or not item._has_session_window():
            return False
        tz = pytz.timezone(self.employee_id._get_tz())
        local = pytz.utc.localize(self.check_in).astimezone(tz)
        hour = local.hour + local.minute / 60.0 + local.second / 3600.0
        if local.date() != task.deadline or not item.session_start_hour <= hour <= item.session_end_hour:
            return False
        if not item.session_radius:
            return True
        if not (self.in_latitude or self.in_longitude):
            return False
        distance = distance_m(self.in_latitude, self.in_longitude, item.session_latitude, item.session_longitude)
        return distance <= item.session_radius

    @api.model
    def _onboarding_check_in_dates(self, employees, start, stop):
        """{employee id: set of local dates with a check-in} for check-ins between two UTC datetimes."""
        # sudo: the scheduled job reads every employee's check-ins to know who missed a day.
        attendances = self.sudo().search_fetch(
            [
                ("employee_id", "in", employees.ids),
                ("check_in", ">=", start),
                ("check_in", "<", stop),
                ("in_mode", "!=", "technical"),
            ],
            ["employee_id", "check_in"],
        )
        zones = {employee.id: pytz.timezone(employee._get_tz()) for employee in employees}
        result = {employee.id: set() for employee in employees}
        for attendance in attendances:
            employee_id = attendance.employee_id.id
            local = pytz.utc.localize(attendance.check_in).astimezone(zones[employee_id])
            result[employee_id].add(local.date())
        return result
