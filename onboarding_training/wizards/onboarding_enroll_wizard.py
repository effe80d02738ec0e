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
    start_date = fields.Date(required=True, default=fields.Date.context_today)
    mentor_id = fields.Many2one("hr.employee", ondelete="cascade", help="Overrides each employee's coach.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "hr.employee" and "employee_ids" in fields_list:
            values["employee_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

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
