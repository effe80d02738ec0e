from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    onboarding_stall_days = fields.Integer(related="company_id.onboarding_stall_days", readonly=False)
    onboarding_confirm_days = fields.Integer(related="company_id.onboarding_confirm_days", readonly=False)
    onboarding_escalation_days = fields.Integer(related="company_id.onboarding_escalation_days", readonly=False)
    onboarding_evidence_mimetypes = fields.Char(related="company_id.onboarding_evidence_mimetypes", readonly=False)
    onboarding_evidence_max_mb = fields.Integer(related="company_id.onboarding_evidence_max_mb", readonly=False)
    onboarding_start_lead_days = fields.Integer(related="company_id.onboarding_start_lead_days", readonly=False)
    onboarding_auto_portal_access = fields.Boolean(related="company_id.onboarding_auto_portal_access", readonly=False)
    onboarding_credit_months = fields.Integer(related="company_id.onboarding_credit_months", readonly=False)
