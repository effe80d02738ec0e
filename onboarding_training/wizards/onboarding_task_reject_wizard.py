from odoo import fields, models


class OnboardingTaskRejectWizard(models.TransientModel):
    _name = "onboarding.task.reject.wizard"
    _description = "Reject an Onboarding Task"

    task_id = fields.Many2one("onboarding.task", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        return self.task_id.action_reject(self.reason)
