from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_EVIDENCE_TYPES = "image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain"
# Prior learning older than ten years proves little about today's job.
MAX_CREDIT_MONTHS = 120


class ResCompany(models.Model):
    _inherit = "res.company"

    onboarding_stall_days = fields.Integer(
        "Stall After (working days)",
        default=2,
        help="An enrollment with a task due and no progress for this many working days is paused.",
    )
    onboarding_confirm_days = fields.Integer(
        "Confirm Within (days)", default=1, help="Days a responsible has to confirm a submitted task."
    )
    onboarding_escalation_days = fields.Integer(
        "Escalate After (days)",
        default=2,
        help="Days after a missed confirmation before the responsible's manager is told.",
    )
    onboarding_evidence_mimetypes = fields.Char(
        "Allowed Evidence Types",
        default=DEFAULT_EVIDENCE_TYPES,
        help="Comma-separated MIME types, checked against each file's real content.",
    )
    onboarding_evidence_max_mb = fields.Integer("Max Evidence Size (MB)", default=10)
    onboarding_start_lead_days = fields.Integer(
        "Default Start In (days)",
        default=7,
        help="Enrollments start on the employee's first working day at least this many days after today.",
    )
    onboarding_auto_portal_access = fields.Boolean(
        "Portal Access at Start",
        default=True,
        help="When an enrollment starts for a hire without any user but with a private email, "
        "give them a portal login and send the invitation, so that they can do the pre-boarding.",
    )
    onboarding_credit_months = fields.Integer(
        "Credit Prior Learning Within (months)",
        default=12,
        help="A hire who completed the same item, exam or course within this many months gets it credited as "
        "done when enrolled, with the original date and evidence; 0 turns crediting off.",
    )

    @api.constrains(
        "onboarding_stall_days",
        "onboarding_confirm_days",
        "onboarding_escalation_days",
        "onboarding_evidence_max_mb",
        "onboarding_start_lead_days",
    )
    def _check_onboarding_days(self):
        for company in self:
            values = (
                company.onboarding_stall_days,
                company.onboarding_confirm_days,
                company.onboarding_escalation_days,
                company.onboarding_start_lead_days,
            )
            if any(v < 0 or v > 365 for v in values) or company.onboarding_stall_days < 1:
                raise ValidationError(self.env._("Onboarding delays must be between 1 and 365 days."))
            if not 1 <= company.onboarding_evidence_max_mb <= 1024:
                raise ValidationError(self.env._("The evidence size limit must be between 1 and 1024 MB."))

    @api.constrains("onboarding_credit_months")
    def _check_onboarding_credit_months(self):
        if any(not 0 <= company.onboarding_credit_months <= MAX_CREDIT_MONTHS for company in self):
            raise ValidationError(
                self.env._(
                    "Prior learning is credited within 0 to %(max)s months (0 turns crediting off).",
                    max=MAX_CREDIT_MONTHS,
                )
            )

    def _onboarding_evidence_types(self):
        self.ensure_one()
        return {t.strip() for t in (self.onboarding_evidence_mimetypes or "").split(",") if t.strip()}
