from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    onboarding_health_min_pass_rate = fields.Float(related="company_id.onboarding_health_min_pass_rate", readonly=False)
    onboarding_health_long_factor = fields.Float(related="company_id.onboarding_health_long_factor", readonly=False)
    onboarding_health_stall_share = fields.Float(related="company_id.onboarding_health_stall_share", readonly=False)
    onboarding_health_min_people = fields.Integer(related="company_id.onboarding_health_min_people", readonly=False)
    onboarding_health_effect_threshold = fields.Float(
        related="company_id.onboarding_health_effect_threshold", readonly=False
    )
    onboarding_health_works_effect = fields.Float(related="company_id.onboarding_health_works_effect", readonly=False)
    onboarding_health_works_correlation = fields.Float(
        related="company_id.onboarding_health_works_correlation", readonly=False
    )
    onboarding_session_min_attendance = fields.Float(
        related="company_id.onboarding_session_min_attendance", readonly=False
    )
