from odoo import api, fields, models
from odoo.exceptions import UserError


class OnboardingEnrollWizard(models.TransientModel):
    _name = "onboarding.enroll.wizard"
    _description = "Enroll Employees in Onboarding"

    employee_ids = fields.Many2many("hr.employee", string="Employees", required=True)
    program_id = fields.Many2one(
        "onboarding.program",
        ondelete="cascade",
        help="Leave empty to give each employee the program that matches their job and department best.",
    )
    # Not precomputed: a record in the making could not read employees of another company, which officers
    # enroll too (the action checks them). Never empty once computed; the form requires it.
    start_date = fields.Date(
        compute="_compute_start_date",
        store=True,
        readonly=False,
        help="Defaults to the first working day of the employees' schedule after the company's start delay, "
        "weekends and public holidays skipped.",
    )
    mentor_id = fields.Many2one("hr.employee", ondelete="cascade", help="Overrides each employee's coach.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "hr.employee" and "employee_ids" in fields_list:
            values["employee_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    @api.depends("employee_ids")
    def _compute_start_date(self):
        for wizard in self:
            starts = wizard.employee_ids._onboarding_first_working_days()
            # With different schedules, the latest first day is one that none of them starts before.
            wizard.start_date = max(starts.values()) if starts else fields.Date.context_today(wizard)

    def action_enroll(self):
        self.ensure_one()
        self.env["onboarding.enrollment"].check_access("create")
        if self.program_id:
            plan = {self.program_id: self.employee_ids}
        else:
            best = self.env["onboarding.program"]._best_programs_for(self.employee_ids)
            unmatched = self.employee_ids - self.env["hr.employee"].concat(*best)
            if unmatched:
                raise UserError(
                    self.env._(
                        "No program matches %(names)s: choose a program.",
                        names=", ".join(unmatched.mapped("name")),
                    )
                )
            plan = {}
            for employee, program in best.items():
                plan[program] = plan.get(program, self.env["hr.employee"]) | employee
        enrollments = self.env["onboarding.enrollment"]
        for program, employees in plan.items():
            enrollments |= enrollments._enroll(employees, program, self.start_date, self.mentor_id or None)
        action = self.env["ir.actions.act_window"]._for_xml_id("onboarding_training.onboarding_enrollment_action")
        action["domain"] = [("id", "in", enrollments.ids)]
        return action
