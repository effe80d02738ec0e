from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Settings that are percentages (0-100).
HEALTH_PERCENT_FIELDS = (
    "onboarding_health_min_pass_rate",
    "onboarding_health_stall_share",
    "onboarding_health_effect_threshold",
    "onboarding_health_works_effect",
    "onboarding_session_min_attendance",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    onboarding_health_min_pass_rate = fields.Float(
        "Minimum Pass Rate (%)",
        default=60.0,
        help="An item whose pass rate is below this is flagged as too hard.",
    )
    onboarding_health_long_factor = fields.Float(
        "Too Long Factor",
        default=1.5,
        help="An item whose median days to complete exceed the planned days times this factor is flagged as too long.",
    )
    onboarding_health_stall_share = fields.Float(
        "Stall Share (%)",
        default=50.0,
        help="An item on which at least this share of the program's stalls started is flagged as too long.",
    )
    onboarding_health_min_people = fields.Integer(
        "Minimum People",
        default=5,
        help="Items are judged once this many people had them due; effects and session attendance likewise.",
    )
    onboarding_health_effect_threshold = fields.Float(
        "No Effect Below (%)",
        default=5.0,
        help="An item whose passers' performance differs by less than this relative difference from the others' "
        "has no measurable effect.",
    )
    onboarding_health_works_effect = fields.Float(
        "Works From (%)",
        default=10.0,
        help="An item whose passers perform better by at least this relative difference (with the minimum "
        "correlation) works.",
    )
    onboarding_health_works_correlation = fields.Float(
        "Works From Correlation",
        default=0.3,
        help="Minimum correlation between passing the item and performing better for the item to work.",
    )
    onboarding_session_min_attendance = fields.Float(
        "Minimum Session Attendance (%)",
        default=80.0,
        help="When fewer of a cohort attend a session, HR gets an activity to move it.",
    )

    @api.constrains(
        *HEALTH_PERCENT_FIELDS,
        "onboarding_health_long_factor",
        "onboarding_health_min_people",
        "onboarding_health_works_correlation",
    )
    def _check_onboarding_health_settings(self):
        for company in self:
            if any(not 0.0 <= company[fname] <= 100.0 for fname in HEALTH_PERCENT_FIELDS):
                raise ValidationError(self.env._("Item health and session attendance rates must be between 0 and 100."))
            if not 1.0 <= company.onboarding_health_long_factor <= 10.0:
                raise ValidationError(self.env._("The too-long factor must be between 1 and 10."))
            if not 2 <= company.onboarding_health_min_people <= 1000:
                raise ValidationError(self.env._("The minimum number of people must be between 2 and 1000."))
            if not 0.0 <= company.onboarding_health_works_correlation <= 1.0:
                raise ValidationError(self.env._("The minimum correlation must be between 0 and 1."))
            if company.onboarding_health_works_effect <= company.onboarding_health_effect_threshold:
                raise ValidationError(
                    self.env._(
                        "An item that works must make a larger difference (%(works)s %%) than one without "
                        "measurable effect (%(none)s %%).",
                        works=company.onboarding_health_works_effect,
                        none=company.onboarding_health_effect_threshold,
                    )
                )
