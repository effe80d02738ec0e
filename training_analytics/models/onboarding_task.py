from odoo import fields, models

# Task changes that can raise an enrollment's risk between two nightly runs (progress only lowers it); the
# risk fields recompute by themselves, the alert needs a nudge.
RISK_TRIGGER_FIELDS = {"deadline", "score", "required"}


class OnboardingTask(models.Model):
    _inherit = "onboarding.task"

    stall_start_count = fields.Integer(
        "Stalls Started Here",
        readonly=True,
        copy=False,
        groups="onboarding_training.group_onboarding_user",
        help="How many times the onboarding stalled with this task as the one it stopped at.",
    )

    def write(self, vals):
        result = super().write(vals)
        if RISK_TRIGGER_FIELDS.intersection(vals):
            self.enrollment_id._risk_alert()
        return result
