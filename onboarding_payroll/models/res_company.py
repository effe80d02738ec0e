from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# Company settings that drive the onboarding salary rules: only payroll managers change them.
PAYROLL_TRAINING_FIELDS = (
    "onboarding_payroll_lower_threshold",
    "onboarding_payroll_deduction_rate",
    "onboarding_payroll_upper_threshold",
    "onboarding_payroll_bonus_rate",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    onboarding_payroll_lower_threshold = fields.Float(
        "Training Lower Threshold (%)",
        default=90.0,
        help="A training completion rate strictly below this deducts a share of the basic wage.",
    )
    onboarding_payroll_deduction_rate = fields.Float(
        "Training Deduction (% of basic)",
        default=5.0,
        help="Share of the basic wage deducted when the completion rate is below the lower threshold.",
    )
    onboarding_payroll_upper_threshold = fields.Float(
        "Training Upper Threshold (%)",
        default=95.0,
        help="A training completion rate strictly above this adds a bonus.",
    )
    onboarding_payroll_bonus_rate = fields.Float(
        "Training Bonus (% of basic)",
        default=3.0,
        help="Share of the basic wage added when the completion rate is above the upper threshold.",
    )

    @api.constrains(*PAYROLL_TRAINING_FIELDS)
    def _check_onboarding_payroll_settings(self):
        for company in self:
            values = [company[fname] for fname in PAYROLL_TRAINING_FIELDS]
            if any(not 0.0 <= value <= 100.0 for value in values):
                raise ValidationError(self.env._("Training thresholds and percentages must be between 0 and 100."))
            if company.onboarding_payroll_lower_threshold > company.onboarding_payroll_upper_threshold:
                raise ValidationError(
                    self.env._(
                        "The lower training threshold (%(lower)s %%) cannot be above the upper one (%(upper)s %%).",
                        lower=company.onboarding_payroll_lower_threshold,
                        upper=company.onboarding_payroll_upper_threshold,
                    )
                )

    def write(self, vals):
        if (
            not self.env.su
            and set(PAYROLL_TRAINING_FIELDS) & vals.keys()
            and not self.env.user.has_group("payroll.group_payroll_manager")
        ):
            raise AccessError(self.env._("Only payroll managers can change the training thresholds and amounts."))
        return super().write(vals)
