from odoo import fields, models

SIGNIN_METHODS = [
    ("checkin", "Check-in"),
    ("sheet", "Sign-in Sheet"),
]


class OnboardingTask(models.Model):
    _inherit = "onboarding.task"

    signed_in = fields.Boolean(readonly=True, copy=False, index=True, help="The employee attended the session.")
    signin_method = fields.Selection(SIGNIN_METHODS, "Signed In By", readonly=True, copy=False)
    signin_date = fields.Datetime("Signed In On", readonly=True, copy=False)

    def _sign_in(self, method):
        """Record the attendance of session tasks and complete them; callers checked gate and rights."""
        if not self:
            return
        now = fields.Datetime.now()
        # sudo: task states only change through the system; the sign-in was checked by the caller.
        tasks = self.sudo()
        tasks.write({"signed_in": True, "signin_method": method, "signin_date": now})
        tasks.filtered(lambda t: t.state != "done").write(
            {"state": "done", "done_date": now, "submitted_date": now, "reject_reason": False}
        )
        self.enrollment_id._register_progress()
