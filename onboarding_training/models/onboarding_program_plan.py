"""Odoo's activity plans next to onboarding programs: a program can launch one when an enrollment starts."""

from odoo import fields, models


class OnboardingProgram(models.Model):
    _inherit = "onboarding.program"

    activity_plan_id = fields.Many2one(
        "mail.activity.plan",
        "Activity Plan",
        ondelete="set null",
        check_company=True,
        tracking=True,
        domain="[('res_model', '=', 'hr.employee'), ('company_id', 'in', [company_id, False])]",
        help="An employee activity plan (IT equipment, badge, contract...) launched on the employee when an "
        "enrollment in this program starts, planned from the start date. The training itself stays in the "
        "program's stages.",
    )
