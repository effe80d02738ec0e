from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import api, fields, models

from ..exceptions import AttendanceBlockedError


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    attendance_blocked = fields.Boolean(
        "Pending Training",
        compute="_compute_attendance_blocked",
        store=True,
        index=True,
        help="Check-in is refused: a required pre-boarding item is not done and no exemption applies today.",
    )
    attendance_exemption_ids = fields.One2many(
        "onboarding.attendance.exemption", "employee_id", string="Attendance Exemptions"
    )

    @api.depends(
        "onboarding_state",
        "attendance_exemption_ids.date_from",
        "attendance_exemption_ids.date_to",
        "attendance_exemption_ids.active",
    )
    def _compute_attendance_blocked(self):
        blocked = self._attendance_gate_blocked()
        for employee in self:
            employee.attendance_blocked = employee in blocked

    def _attendance_action_change(self, geo_information=None):
        self.ensure_one()
        if self.attendance_state != "checked_in":
            self._check_attendance_gate()
        return super()._attendance_action_change(geo_information)

    def _check_attendance_gate(self):
        """Refuse a check-in to employees whose pre-boarding is not done, naming what is left."""
        # sudo: the gate must see onboarding data whoever records the attendance (kiosk, officer, employee).
        blocked = self.sudo()._attendance_gate_blocked()
        if blocked:
            raise AttendanceBlockedError(blocked._attendance_gate_message())

    def _attendance_gate_blocked(self):
        """Employees who may not check in right now; computed live so exemptions apply to the day."""
        pending = self.filtered(lambda e: e.onboarding_state == "pending")
        if not pending:
            return pending
        return pending - pending._attendance_exempted_today()

    def _attendance_exempted_today(self):
        today = {employee: employee._onboarding_local_today() for employee in self}
        exemptions = (
            self.env["onboarding.attendance.exemption"]
            .sudo()
            .search_fetch(
                [
                    ("employee_id", "in", self.ids),
                    ("date_from", "<=", max(today.values()) + timedelta(days=1)),
                    ("date_to", ">=", min(today.values()) - timedelta(days=1)),
                ],
                ["employee_id", "date_from", "date_to"],
            )
        )
        return exemptions.filtered(lambda x: x.date_from <= today[x.employee_id] <= x.date_to).employee_id.with_env(
            self.env
        )

    def _attendance_exempted_days(self, days_by_employee):
        """{employee id: those of the given local days that an active exemption of theirs covers}."""
        result = defaultdict(set)
        all_days = set().union(*days_by_employee.values())
        if not all_days:
            return result
        exemptions = (
            self.env["onboarding.attendance.exemption"]
            .sudo()
            .search_fetch(
                [
                    ("employee_id", "in", self.ids),
                    ("date_from", "<=", max(all_days)),
                    ("date_to", ">=", min(all_days)),
                ],
                ["employee_id", "date_from", "date_to"],
            )
        )
        for exemption in exemptions:
            days = days_by_employee.get(exemption.employee_id.id, ())
            result[exemption.employee_id.id] |= {d for d in days if exemption.date_from <= d <= exemption.date_to}
        return result

    def _onboarding_local_days(self, start, stop):
        """Local dates where the employee works from UTC datetime `start` to `stop`, both included."""
        self.ensure_one()
        zone = pytz.timezone(self._get_tz())
        first = pytz.utc.localize(start).astimezone(zone).date()
        last = pytz.utc.localize(max(start, stop)).astimezone(zone).date()
        return {first + timedelta(days=offset) for offset in range((last - first).days + 1)}

    def _onboarding_local_today(self):
        """Today's date where the employee works, not where the server runs."""
        self.ensure_one()
        now = pytz.utc.localize(fields.Datetime.now())
        return now.astimezone(pytz.timezone(self._get_tz())).date()

    def _attendance_gate_message(self):
        # sudo: the employee may not read every pre-boarding task of theirs; the names are what they must do.
        tasks = (
            self.env["onboarding.task"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", self.ids),
                    ("enrollment_id.state", "in", ("draft", "running", "paused")),
                    ("required", "=", True),
                    ("blocks_attendance", "=", True),
                    ("state", "!=", "done"),
                ]
            )
        )
        lines = []
        for employee in self:
            items = tasks.filtered(lambda t: t.employee_id == employee).mapped("name")
            lines.append(
                self.env._(
                    "%(employee)s cannot check in yet: pre-boarding training is not finished. "
                    "Still to do: %(items)s. Ask HR if you need an exemption.",
                    employee=employee.name,
                    items=", ".join(items) or self.env._("pre-boarding items"),
                )
            )
        return "\n".join(lines)

    def _cron_refresh_attendance_blocked(self):
        """Exemptions start and expire with the date: recompute the stored flag once a day."""
        employees = self.search(["|", ("onboarding_state", "=", "pending"), ("attendance_blocked", "=", True)])
        self.env.add_to_compute(self._fields["attendance_blocked"], employees)
        employees.flush_recordset(["attendance_blocked"])
        return employees


class HrEmployeePublic(models.Model):
    _inherit = "hr.employee.public"

    attendance_blocked = fields.Boolean("Pending Training", readonly=True)
