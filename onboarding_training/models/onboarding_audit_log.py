import hashlib
import json

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

AUDIT_EVENTS = [
    ("confirm", "Task confirmed"),
    ("reject", "Task rejected"),
    ("exemption", "Attendance exemption"),
    ("justification", "Missed check-in justified"),
    ("conversion", "Conversion or failure"),
    ("override", "Override"),
    ("payroll_input", "Payroll input"),
]
GENESIS = "0" * 64


class OnboardingAuditLog(models.Model):
    """Append-only trail of key onboarding decisions; each entry's hash covers the previous one's."""

    _name = "onboarding.audit.log"
    _description = "Onboarding Audit Trail"
    _order = "id desc"
    _log_access = False

    logged_at = fields.Datetime(required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", "Done By", readonly=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", readonly=True, ondelete="restrict", index=True)
    event = fields.Selection(AUDIT_EVENTS, required=True, readonly=True, index=True)
    res_model = fields.Char("Model", required=True, readonly=True)
    res_id = fields.Integer("Record", required=True, readonly=True)
    record_name = fields.Char(readonly=True)
    details = fields.Text(readonly=True, help="What changed, as JSON.")
    prev_hash = fields.Char(readonly=True, required=True)
    hash = fields.Char(readonly=True, required=True, index=True)

    def write(self, vals):  # pylint: disable=method-required-super
        # Entries are never changed, not even by the superuser: the chain is the proof.
        raise AccessError(self.env._("The onboarding audit trail cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise AccessError(self.env._("The onboarding audit trail cannot be deleted."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("onboarding_audit_append"):
            raise AccessError(self.env._("Audit entries are written by the system only."))
        return super().create(vals_list)

    @api.model
    def _append(self, event, records, details=None, per_record=None):
        """Append one entry per record, chained to the last entry; safe under concurrent writers.

        `details` applies to every record, `per_record` maps a record id to its own details.
        """
        if not records:
            return self.browse()
        # One writer at a time, so two transactions never chain to the same predecessor.
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", self._table))
        self.env.cr.execute(SQL("SELECT hash FROM onboarding_audit_log ORDER BY id DESC LIMIT 1"))
        row = self.env.cr.fetchone()
        prev = row[0] if row else GENESIS
        now = fields.Datetime.now()
        vals_list = []
        for record in records:
            vals = {
                "logged_at": now,
                "user_id": self.env.uid,
                "company_id": record.company_id.id if "company_id" in record._fields else self.env.company.id,
                "event": event,
                "res_model": record._name,
                "res_id": record.id,
                "record_name": record.display_name,
                "details": json.dumps(
                    {**(details or {}), **(per_record or {}).get(record.id, {})}, sort_keys=True, default=str
                ),
                "prev_hash": prev,
            }
            vals["hash"] = prev = self._digest(vals)
            vals_list.append(vals)
        # sudo: nobody may create entries directly; the system appends them.
        return self.sudo().with_context(onboarding_audit_append=True).create(vals_list)

    @api.model
    def _digest(self, vals):
        payload = json.dumps(
            [
                vals["prev_hash"],
                fields.Datetime.to_string(vals["logged_at"]),
                vals["user_id"] or 0,
                vals["company_id"] or 0,
                vals["event"],
                vals["res_model"],
                vals["res_id"],
                vals["details"] or "",
            ],
            separators=(",", ":"),
        )
        return hashlib.sha256(payload.encode()).hexdigest()

    @api.model
    def _first_broken(self):
        """The first entry whose hash or link does not match, or an empty recordset."""
        self.env.cr.execute(
            SQL(
                "SELECT id, logged_at, user_id, company_id, event, res_model, res_id, details, prev_hash, hash "
                "FROM onboarding_audit_log ORDER BY id"
            )
        )
        prev = GENESIS
        for row in self.env.cr.dictfetchall():
            if row["prev_hash"] != prev or self._digest(row) != row["hash"]:
                return self.browse(row["id"])
            prev = row["hash"]
        return self.browse()

    def action_verify(self):
        if not self.env.user.has_group("onboarding_training.group_onboarding_officer"):
            raise AccessError(self.env._("Only onboarding officers can verify the audit trail."))
        broken = self._first_broken()
        if broken:
            raise UserError(
                self.env._(
                    "The audit trail is broken at entry %(id)s (%(event)s on %(name)s): "
                    "it was changed outside the application.",
                    id=broken.id,
                    event=dict(AUDIT_EVENTS)[broken.sudo().event],
                    name=broken.sudo().record_name,
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The audit trail is intact: every entry matches its chain."),
                "sticky": False,
            },
        }
