from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    onboarding_payroll_lower_threshold = fields.Float(
        related="company_id.onboarding_payroll_lower_threshold", readonly=False
    )
    onboarding_payroll_deduction_rate = fields.Float(
        related="company_id.onboarding_payroll_deduction_rate", readonly=False
    )
    onboarding_payroll_upper_threshold = fields.Float(
        related="company_id.onboarding_payroll_upper_threshold", readonly=False
    )
    onboarding_payroll_bonus_rate = fields.Float(related="company_id.onboarding_payroll_bonus_rate", readonly=False)
