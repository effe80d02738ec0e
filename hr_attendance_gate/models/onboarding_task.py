from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, format_duration

SIGNIN_METHODS = [
    ("checkin", "Check-in"),
    ("sheet", "Sign-in Sheet"),
]


class OnboardingTask(models.Model):
    _inherit = "onboarding.task"

    signed_in = fields.Boolean(readonly=True, copy=False, index=True, help="The employee attended the session.")
    signin_method = fields.Selection(SIGNIN_METHODS, "Signed In By", readonly=True, copy=False)
    signin_date = fields.Datetime("Signed In On", readonly=True, copy=False)
    session_signin_only = fields.Boolean(
        "Completed by Sign-in",
        compute="_compute_session_signin",
        help="A session with a sign-in window: only a check-in inside it or HR's sign-in sheet completes it.",
    )
    session_signin_note = fields.Char("How It Completes", compute="_compute_session_signin")

    @api.depends_context("lang")
    @api.depends("item_id.item_type", "item_id.session_start_hour", "item_id.session_end_hour", "deadline")
    def _compute_session_signin(self):
        for task in self:
            task.session_signin_only = bool(task.item_id) and task.item_id._has_session_window()
            task.session_signin_note = task._session_signin_note() if task.session_signin_only else False

    def _check_can_submit(self):
        super()._check_can_submit()
        # Attendance of a session is proven by a check-in inside its window or by HR's sheet, never declared.
        if self.item_id._has_session_window():
            raise UserError(
                self.env._(
                    "%(task)s cannot be handed in: %(how)s",
                    task=self.name,
                    how=self._session_signin_note(),
                )
            )

    def _may_mark_done(self):
        return super()._may_mark_done() and not self.item_id._has_session_window()

    def _check_can_mark_done(self):
        super()._check_can_mark_done()
        if self.item_id._has_session_window():
            raise UserError(
                self.env._(
                    "%(task)s is a session with a sign-in window: sign the employee in on its sign-in sheet instead.",
                    task=self.name,
                )
            )

    def _session_signin_note(self):
        self.ensure_one()
        item = self.item_id
        return self.env._(
            "This session completes when you check in between %(start)s and %(end)s on %(date)s, "
            "or when HR signs you in on the session's sign-in sheet.",
            start=format_duration(item.session_start_hour),
            end=format_duration(item.session_end_hour),
            date=format_date(self.env, self.deadline),
        )

    def _sign_in(self, method):
        """Record the attendance of session tasks and complete them; callers checked gate and rights."""
        if not self:
            return
        now = fields.Datetime.now()
        # sudo: task states only change through the system; the sign-in was checked by the caller.
        tasks = self.sudo()
        trace = {"signed_in": True, "signin_method": method, "signin_date": now}
        if method == "sheet":
            # The check-in is its own trace; a sheet's is the officer who filled it in.
            trace["confirmed_by_id"] = self.env.uid
        tasks.write(trace)
        tasks.filtered(lambda t: t.state != "done").write(
            {"state": "done", "done_date": now, "submitted_date": now, "reject_reason": False}
        )
        self.enrollment_id._register_progress()
