from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class OnboardingAttendanceMiss(models.Model):
    _name = "onboarding.attendance.miss"
    _description = "Missed Onboarding Check-in"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    employee_id = fields.Many2one("hr.employee", required=True, ondelete="cascade", index=True, check_company=True)
    enrollment_id = fields.Many2one("onboarding.enrollment", ondelete="set null", index=True, check_company=True)
    company_id = fields.Many2one(
        "res.company", required=True, ondelete="cascade", index=True,
        compute="_compute_company_id", store=True, precompute=True, readonly=False,
    )
    date = fields.Date(required=True, index=True, help="Working day without a check-in.")
    justified = fields.Boolean(tracking=True, readonly=True)
    justification = fields.Text(tracking=True, readonly=True)
    justified_by_id = fields.Many2one("res.users", readonly=True, ondelete="set null")

    _sql_constraints = [
        ("employee_date_uniq", "UNIQUE(employee_id, date)", "A missed check-in is recorded once per employee and day."),
    ]

    @api.depends("employee_id")
    def _compute_company_id(self):
        for miss in self:
            miss.company_id = miss.employee_id.company_id or self.env.company

    def action_justify(self, reason=None):
        """An officer accepts the absence: it no longer counts against the employee."""
        if not self.env.user.has_group("onboarding_training.group_onboarding_officer"):
            raise AccessError(self.env._("Only onboarding officers can justify a missed check-in."))
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Give the reason that justifies the missed check-in."))
        self.check_access("write")
        # sudo: justification fields are read-only for users; rights were checked above.
        self.sudo().write({"justified": True, "justification": reason, "justified_by_id": self.env.uid})
        return True
