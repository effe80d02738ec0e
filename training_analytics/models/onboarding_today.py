"""The landing page's at-risk hires, from the early-warning score."""

from odoo import api, models


class OnboardingToday(models.AbstractModel):
    _inherit = "onboarding.today"

    @api.model
    def _today_hr_blocks(self, today):
        blocks = super()._today_hr_blocks(today)
        at_risk = [("state", "in", ("running", "paused")), ("risk_level", "in", ("medium", "high"))]
        blocks.append(
            self._enrollment_block(
                "at_risk",
                self.env._("At-risk hires"),
                at_risk,
                note=self.env._("Medium or high early-warning risk: overdue tasks, missed check-ins, stalls"),
                view="training_analytics.onboarding_enrollment_view_list_risk",
            )
        )
        return blocks
