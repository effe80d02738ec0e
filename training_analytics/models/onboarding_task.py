from odoo import models

# Task changes that can raise an enrollment's risk between two nightly runs (progress only lowers it); the
# risk fields recompute by themselves, the alert needs a nudge.
RISK_TRIGGER_FIELDS = {"deadline", "score", "required"}


class OnboardingTask(models.Model):
    _inherit = "onboarding.task"

    def write(self, vals):
        result = super().write(vals)
        if RISK_TRIGGER_FIELDS.intersection(vals):
            self.enrollment_id._risk_alert()
        return result
