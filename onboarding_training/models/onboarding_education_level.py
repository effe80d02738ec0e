"""Education levels an item can target: one record per certificate level of the employee form."""

from odoo import api, fields, models


class OnboardingEducationLevel(models.Model):
    _name = "onboarding.education.level"
    _description = "Education Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        selection="_selection_code",
        required=True,
        help="The certificate level on the employee form that this level stands for.",
    )
    sequence = fields.Integer(default=10)

    _sql_constraints = [("code_uniq", "unique(code)", "Each certificate level has one education level.")]

    @api.model
    def _selection_code(self):
        return self.env["hr.employee"]._fields["certificate"].selection
