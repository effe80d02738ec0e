from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

ONBOARDING_STATES = [
    ("none", "Not in Onboarding"),
    ("pending", "Pending Training"),
    ("training", "In Training"),
    ("regular", "Regular"),
    ("failed", "Failed"),
]


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
        employees = super().create(vals_list)
        employees._onboarding_auto_enroll(new=True)
        return employees

    def write(self, vals):
        if "onboarding_state" in vals and not self.env.su:
            # The gate reads this state: setting it by hand would open check-in to untrained hires.
            raise AccessError(self.env._("The onboarding state follows the enrollments; it cannot be set by hand."))
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
        by_program = {}
        for employee, program in best.items():
            if (employee.id, program.id) not in open_pairs:
                by_program.setdefault((program, employee.company_id), self.browse())
                by_program[(program, employee.company_id)] |= employee
        today = fields.Date.context_today(self)
        for (program, company), group in by_program.items():
            start = self.env.context.get("onboarding_start_date") or today + timedelta(
                days=company.onboarding_start_lead_days
            )
            self.env["onboarding.enrollment"]._enroll(group, program, start_date=start)

    def action_view_onboarding(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("onboarding_training.onboarding_enrollment_action")
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id}
        return action


class HrEmployeePublic(models.Model):
    _inherit = "hr.employee.public"

    onboarding_state = fields.Selection(ONBOARDING_STATES, readonly=True)
