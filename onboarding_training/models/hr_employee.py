from datetime import datetime, time, timedelta

from pytz import timezone

from odoo import api, fields, models

from ..tools import check_field_policy

ONBOARDING_STATES = [
    ("none", "Not in Onboarding"),
    ("pending", "Pending Training"),
    ("training", "In Training"),
    ("regular", "Regular"),
    ("failed", "Failed"),
]
# How far to look for a working day before giving up on a calendar without any (then the day itself is kept).
WORKING_DAY_LOOKAHEAD_DAYS = 60


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    onboarding_enrollment_ids = fields.One2many("onboarding.enrollment", "employee_id", string="Onboarding")
    onboarding_state = fields.Selection(
        ONBOARDING_STATES,
        compute="_compute_onboarding_state",
        store=True,
        index=True,
        default="none",
        help="Pending training (待培训): a pre-boarding item that blocks attendance is not done yet.",
    )
    onboarding_enrollment_count = fields.Integer(compute="_compute_onboarding_enrollment_count")

    @api.depends("onboarding_enrollment_ids.state", "onboarding_enrollment_ids.preboarding_pending")
    def _compute_onboarding_state(self):
        for employee in self:
            enrollments = employee.onboarding_enrollment_ids.filtered(lambda e: e.state != "cancelled")
            current = enrollments.filtered(lambda e: e.state in ("draft", "running", "paused"))
            if any(e.preboarding_pending for e in current):
                employee.onboarding_state = "pending"
            elif current:
                employee.onboarding_state = "training"
            elif enrollments:
                latest = enrollments.sorted(lambda e: (e.start_date, e.id))[-1]
                employee.onboarding_state = "regular" if latest.state == "passed" else "failed"
            else:
                employee.onboarding_state = "none"

    def _compute_onboarding_enrollment_count(self):
        counts = dict(
            self.env["onboarding.enrollment"]._read_group(
                [("employee_id", "in", self.ids)], ["employee_id"], ["__count"]
            )
        )
        for employee in self:
            employee.onboarding_enrollment_count = counts.get(employee, 0)

    @api.model_create_multi
    def create(self, vals_list):
        # Field policy: what the onboarding addons add to employees (their onboarding state, the gate, their
        # enrollments and exemptions) follows the onboarding's own records; nobody sets it on the employee.
        check_field_policy(self, vals_list, frozenset(), create=True)
        employees = super().create(vals_list)
        employees._onboarding_auto_enroll(new=True)
        return employees

    def write(self, vals):
        # The gate reads these: setting them by hand would open check-in to untrained hires.
        check_field_policy(self, [vals], frozenset())
        result = super().write(vals)
        if "job_id" in vals or "department_id" in vals:
            self._onboarding_auto_enroll()
        return result

    def _onboarding_auto_enroll(self, new=False):
        """Enroll employees in the most specific matching auto-enroll program (F2).

        An employee who changes job or department keeps an enrollment already open in the program; new
        employees have none to look for (and creating enrollments still refuses an open duplicate).
        """
        if self.env.context.get("onboarding_no_auto_enroll"):
            return
        # sudo: auto-enrollment happens for whoever creates the employee, HR or not.
        employees = self.sudo().filtered(lambda e: e.active and (e.job_id or e.department_id))
        if not employees:
            return
        Program = self.env["onboarding.program"].sudo()
        best = Program._best_programs_for(employees)
        if not best:
            return
        open_pairs = set()
        if not new:
            open_pairs = {
                (e.employee_id.id, e.program_id.id)
                for e in self.env["onboarding.enrollment"]
                .sudo()
                .search([("employee_id", "in", employees.ids), ("state", "in", ("draft", "running", "paused"))])
            }
        to_enroll = self.browse(
            [employee.id for employee, program in best.items() if (employee.id, program.id) not in open_pairs]
        )
        forced_start = self.env.context.get("onboarding_start_date")
        starts = {} if forced_start else to_enroll._onboarding_first_working_days()
        by_program = {}
        for employee in to_enroll:
            key = (best[employee], forced_start or starts[employee])
            by_program[key] = by_program.get(key, self.browse()) | employee
        for (program, start), group in by_program.items():
            self.env["onboarding.enrollment"]._enroll(group, program, start_date=start)

    def _onboarding_first_working_days(self, earliest=None):
        """Per employee, the first working day of their schedule on or after `earliest`.

        `earliest` defaults to today plus the company's automatic start delay. Weekends and the public
        holidays of the schedule are skipped. Employees sharing a schedule cost one look-up together.
        """
        today = fields.Date.context_today(self)
        found = {}
        result = {}
        # sudo: schedules are HR data; only the resulting date is shown to the caller.
        for employee in self.sudo():
            calendar = employee.resource_calendar_id or employee.company_id.resource_calendar_id
            day = earliest or today + timedelta(days=employee.company_id.onboarding_start_lead_days)
            tz = employee.tz or calendar.tz or "UTC"
            if (calendar, day, tz) not in found:
                found[(calendar, day, tz)] = self._first_working_day(calendar, day, tz)
            result[employee.with_env(self.env)] = found[(calendar, day, tz)]
        return result

    @api.model
    def _first_working_day(self, calendar, day, tz):
        if not calendar:
            return day
        start = timezone(tz).localize(datetime.combine(day, time.min))
        end = start + timedelta(days=WORKING_DAY_LOOKAHEAD_DAYS)
        # sudo: public holidays are company configuration that the caller may not read.
        intervals = calendar.sudo()._work_intervals_batch(start, end, tz=timezone(tz))[False]
        return next((begin.date() for begin, _end, _meta in intervals), day)

    def action_view_onboarding(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("onboarding_training.onboarding_enrollment_action")
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id}
        return action


class HrEmployeePublic(models.Model):
    _inherit = "hr.employee.public"

    onboarding_state = fields.Selection(ONBOARDING_STATES, readonly=True)
