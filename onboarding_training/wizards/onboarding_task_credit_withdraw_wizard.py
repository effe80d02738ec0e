from odoo import fields, models


class OnboardingTaskCreditWithdrawWizard(models.TransientModel):
    _name = "onboarding.task.credit.withdraw.wizard"
    _description = "Withdraw a Prior Learning Credit"

    task_id = fields.Many2one("onboarding.task", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_withdraw(self):
        self.ensure_one()
        return self.task_id.action_withdraw_credit(self.reason)
