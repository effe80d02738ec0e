from odoo import fields, models


class OnboardingEnrollmentFailWizard(models.TransientModel):
    _name = "onboarding.enrollment.fail.wizard"
    _description = "Record a Failed Onboarding"

    enrollment_id = fields.Many2one("onboarding.enrollment", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_fail(self):
        self.ensure_one()
        return self.enrollment_id.action_fail(self.reason)
