from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Field policy: the sign-in window decides when a check-in completes a session task.
SESSION_FIELDS = frozenset(
    {"session_start_hour", "session_end_hour", "session_latitude", "session_longitude", "session_radius"}
)


class OnboardingProgramItem(models.Model):
    _inherit = "onboarding.program.item"

    session_start_hour = fields.Float(
        "Sign-in From",
        help="For sessions: a check-in from this hour on the session day (employee's time zone) signs in.",
    )
    session_end_hour = fields.Float(
        "Sign-in Until", help="For sessions: a check-in until this hour on the session day signs in."
    )
    session_latitude = fields.Float(digits=(10, 7))
    session_longitude = fields.Float(digits=(10, 7))
    session_radius = fields.Integer(
        "Sign-in Radius (m)",
        help="For sessions: when set, the check-in must be located within this many metres of the session.",
    )
    session_enrollee_count = fields.Integer("Enrollees", compute="_compute_session_attendance")
    session_signed_in_count = fields.Integer("Signed In", compute="_compute_session_attendance")
    session_attendance_rate = fields.Float(
        "Attendance Rate",
        compute="_compute_session_attendance",
        help="Share of the enrollees of past sessions who signed in, in percent.",
    )

    def _compute_session_attendance(self):
        today = fields.Date.context_today(self)
        # sudo: rates are aggregates; they reveal no individual task.
        groups = (
            self.env["onboarding.task"]
            .sudo()
            ._read_group(
                [("item_id", "in", self.ids), ("deadline", "<=", today), ("enrollment_id.state", "!=", "cancelled")],
                ["item_id", "signed_in"],
                ["__count"],
            )
        )
        counts = {}
        for item, signed_in, count in groups:
            total, signed = counts.get(item.id, (0, 0))
            counts[item.id] = (total + count, signed + (count if signed_in else 0))
        for item in self:
            total, signed = counts.get(item.id, (0, 0))
            item.session_enrollee_count = total
            item.session_signed_in_count = signed
            item.session_attendance_rate = 100.0 * signed / total if total else 0.0

    @api.constrains(
        "item_type", "session_start_hour", "session_end_hour", "session_latitude", "session_longitude", "session_radius"
    )
    def _check_session_window(self):
        for item in self:
            if not 0 <= item.session_start_hour <= item.session_end_hour <= 24:
                raise ValidationError(
                    self.env._(
                        "The sign-in window of %(item)s must lie within the day and end after it starts.",
                        item=item.name,
                    )
                )
            if item.session_radius < 0:
                raise ValidationError(self.env._("The sign-in radius of %(item)s cannot be negative.", item=item.name))
            if not (-90 <= item.session_latitude <= 90 and -180 <= item.session_longitude <= 180):
                raise ValidationError(self.env._("The session location of %(item)s is not valid.", item=item.name))
            if item.session_radius and not (item.session_latitude or item.session_longitude):
                raise ValidationError(
                    self.env._("Set the session location of %(item)s before a sign-in radius.", item=item.name)
                )

    @api.model
    def _policy_deciding_fields(self):
        # The sign-in window completes session tasks by itself: a manager in the program leaves it to another.
        return super()._policy_deciding_fields() | SESSION_FIELDS

    def action_open_signin_sheet(self):
        """Open the sign-in sheet of this session for today's enrollees."""
        self.ensure_one()
        return self.env["onboarding.session.signin.wizard"]._action_open(self)

    def _has_session_window(self):
        self.ensure_one()
        return self.item_type == "session" and self.session_end_hour > self.session_start_hour
