from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression

from odoo.addons.onboarding_training.tools import acting_on_self, check_field_policy

# Changes to these fields are decisions HR answers for: each one goes to the tamper-evident trail. They are also
# all that officers may set (tools.check_field_policy), on the exemptions of others; the company and who granted
# it are the system's.
AUDITED_FIELDS = ("employee_id", "date_from", "date_to", "reason", "active")
EXEMPTION_STATES = [
    ("upcoming", "Upcoming"),
    ("valid", "Valid"),
    ("expired", "Expired"),
]


class OnboardingAttendanceExemption(models.Model):
    _name = "onboarding.attendance.exemption"
    _description = "Onboarding Attendance Exemption"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True
    _rec_name = "employee_id"

    employee_id = fields.Many2one(
        "hr.employee", required=True, ondelete="cascade", index=True, tracking=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        precompute=True,
        required=True,
        ondelete="cascade",
        index=True,
    )
    date_from = fields.Date("From", required=True, default=fields.Date.context_today, tracking=True)
    date_to = fields.Date("Until", required=True, tracking=True, help="Last day the employee may check in.")
    reason = fields.Text(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    granted_by_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True, ondelete="set null")
    state = fields.Selection(EXEMPTION_STATES, compute="_compute_state", search="_search_state")

    @api.depends("employee_id")
    def _compute_company_id(self):
        for exemption in self:
            exemption.company_id = exemption.employee_id.company_id or exemption.company_id or self.env.company

    @api.depends("date_from", "date_to")
    def _compute_state(self):
        for exemption in self:
            today = exemption.employee_id._onboarding_local_today() if exemption.employee_id else None
            if not today or not exemption.date_from or not exemption.date_to:
                exemption.state = False
            elif today < exemption.date_from:
                exemption.state = "upcoming"
            elif today > exemption.date_to:
                exemption.state = "expired"
            else:
                exemption.state = "valid"

    def _search_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise ValidationError(self.env._("Unsupported search on the exemption state."))
        today = fields.Date.context_today(self)
        domains = {
            "upcoming": [("date_from", ">", today)],
            "valid": [("date_from", "<=", today), ("date_to", ">=", today)],
            "expired": [("date_to", "<", today)],
        }
        values = [value] if isinstance(value, str) else list(value or [])
        domain = expression.OR([domains.get(val, expression.FALSE_DOMAIN) for val in values])
        return domain if operator in ("=", "in") else ["!", *domain]

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for exemption in self:
            if exemption.date_to < exemption.date_from:
                raise ValidationError(
                    self.env._(
                        "The exemption of %(employee)s ends before it starts.", employee=exemption.employee_id.name
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        check_field_policy(self, vals_list, AUDITED_FIELDS, create=True)
        exemptions = super().create(vals_list)
        exemptions._check_not_own()
        exemptions._audit("granted")
        return exemptions

    def write(self, vals):
        self._check_not_own()
        check_field_policy(self, [vals], AUDITED_FIELDS)
        result = super().write(vals)
        self._check_not_own()
        if set(vals) & set(AUDITED_FIELDS):
            self._audit("changed")
        return result

    def _check_not_own(self):
        """Four eyes: an officer in onboarding themself gets their exemption from another officer."""
        if acting_on_self(self.employee_id):
            raise AccessError(
                self.env._("You cannot grant or change your own attendance exemption: another onboarding officer does.")
            )

    def _audit(self, action):
        details = {
            exemption.id: {
                "action": action,
                **{fname: exemption[fname] for fname in AUDITED_FIELDS if fname != "employee_id"},
                "employee_id": exemption.employee_id.id,
            }
            for exemption in self
        }
        self.env["onboarding.audit.log"]._append("exemption", self, per_record=details)
