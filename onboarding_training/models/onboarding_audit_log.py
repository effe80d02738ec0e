import hashlib
import json
from datetime import datetime

from psycopg2 import errors as pg_errors

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
    ("credit", "Prior learning credited"),
    ("withdraw_credit", "Credit withdrawn"),
]
GENESIS = "0" * 64
# Every stored column of an entry but its hash, in digest order: a new column must be added here to be covered.
HASHED_FIELDS = (
    "id",
    "logged_at",
    "user_id",
    "company_id",
    "event",
    "res_model",
    "res_id",
    "record_name",
    "details",
    "prev_hash",
)
# The trail's head, the id and hash of the entry appended last: deleting the newest entries leaves it behind.
# It is no model (no ORM write, no access right): only _append writes it, under the trail's lock, one row per
# append (keyed by the last entry's id), never an update: the head is its row with the highest last_id.
HEAD_TABLE = "onboarding_audit_log_head"


class OnboardingAuditLog(models.Model):
    """Append-only trail of key onboarding decisions.

    Each entry's hash covers all its columns and the previous entry's hash; the head table holds the
    last entry's id and hash, so that a changed, removed or added entry, the newest included, shows.
    """

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

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE TABLE IF NOT EXISTS %s "
                "(id integer PRIMARY KEY, last_id integer NOT NULL, last_hash varchar NOT NULL)",
                SQL.identifier(HEAD_TABLE),
            )
        )
        # Up to 18.0.1.2 the head was one row updated in place (id = 1). Only then is the table altered: an
        # ALTER locks it until the upgrade commits.
        self.env.cr.execute(SQL("SELECT 1 FROM pg_constraint WHERE conname = %s", f"{HEAD_TABLE}_id_check"))
        if self.env.cr.fetchone():
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE %s DROP CONSTRAINT %s",
                    SQL.identifier(HEAD_TABLE),
                    SQL.identifier(f"{HEAD_TABLE}_id_check"),
                )
            )

    def write(self, vals):  # pylint: disable=method-required-super
        # Entries are never changed, not even by the superuser: the chain is the proof.
        raise AccessError(self.env._("The onboarding audit trail cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise AccessError(self.env._("The onboarding audit trail cannot be deleted."))

    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        # Entries are appended by _append only, which hashes them and moves the head along.
        raise AccessError(self.env._("Audit entries are written by the system only."))

    @api.model
    def _append(self, event, records, details=None, per_record=None):
        """Append one entry per record, chained to the head; safe under concurrent writers.

        `details` applies to every record, `per_record` maps a record id to its own details.
        """
        if not records:
            return self.browse()
        # One writer at a time, so two transactions never chain to the same predecessor.
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", self._table))
        prev = self._head_for_append()[1]
        now = fields.Datetime.now()
        rows = []
        for entry_id, record in zip(self._next_ids(len(records)), records, strict=True):
            entry_details = {**(details or {}), **(per_record or {}).get(record.id, {})}
            rows.append(self._entry_values(record, event, entry_details, entry_id=entry_id, now=now, prev_hash=prev))
            prev = rows[-1]["hash"]
        self._insert(rows)
        return self.browse([row["id"] for row in rows])

    @api.model
    def _next_ids(self, count):
        """Ids for the entries about to be appended: they are hashed, so they are known before the insert."""
        self.env.cr.execute(
            SQL("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", self._table, count)
        )
        return sorted(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _entry_values(self, record, event, details, *, entry_id, now, prev_hash):
        vals = {
            "id": entry_id,
            "logged_at": now,
            "user_id": self.env.uid,
            "company_id": (record.company_id.id if "company_id" in record._fields else self.env.company.id) or None,
            "event": event,
            "res_model": record._name,
            "res_id": record.id,
            "record_name": record.display_name or None,
            "details": json.dumps(details, sort_keys=True, default=str),
            "prev_hash": prev_hash,
        }
        vals["hash"] = self._digest(vals)
        return vals

    @api.model
    def _insert(self, rows):
        """Write the entries and move the head to the last one; the caller holds the trail's lock."""
        columns = [*HASHED_FIELDS, "hash"]
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) VALUES %s",
                SQL.identifier(self._table),
                SQL(", ").join(SQL.identifier(column) for column in columns),
                SQL(", ").join(SQL("(%s)", SQL(", ").join(row[column] for column in columns)) for row in rows),
            )
        )
        # A new row, not an update: the previous head may have been written after this transaction's snapshot.
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (id, last_id, last_hash) VALUES (%s, %s, %s)",
                SQL.identifier(HEAD_TABLE),
                rows[-1]["id"],
                rows[-1]["id"],
                rows[-1]["hash"],
            )
        )

    @api.model
    def _head(self):
        """(id, hash) of the entry appended last, (0, GENESIS) before the first one, as this transaction sees it."""
        return self._read_head(self.env.cr)

    @api.model
    def _read_head(self, cr, log_exceptions=True):
        cr.execute(
            SQL("SELECT last_id, last_hash FROM %s ORDER BY last_id DESC LIMIT 1", SQL.identifier(HEAD_TABLE)),
            log_exceptions=log_exceptions,
        )
        return cr.fetchone() or (0, GENESIS)

    @api.model
    def _head_for_append(self):
        """The head to chain to; the caller holds the trail's lock.

        The request's own snapshot may predate the last append of another transaction, which committed while
        this one waited for the lock. Reading the head in a new transaction, begun once the lock is held, sees
        every append committed before; this transaction's own appends, not committed yet, only it sees. The
        later of the two is the head. (Reading it FOR UPDATE in the request would make every such request
        fail to serialise, and be retried after a pause, holding its worker.)
        """
        own = self._head()
        with self.env.registry.cursor() as cr:
            # Only a change of the table's structure, in this very transaction (an upgrade), makes a read wait.
            cr.execute(SQL("SET LOCAL lock_timeout = '1s'"))
            try:
                committed = self._read_head(cr, log_exceptions=False)
            except (pg_errors.UndefinedTable, pg_errors.LockNotAvailable):
                # Installing or upgrading: this transaction holds the trail alone, its own view is the head.
                committed = (0, GENESIS)
        return max(own, committed, key=lambda head: head[0])

    @api.model
    def _digest(self, vals):
        """SHA-256 over every hashed column, as stored: a datetime as its string, an empty reference as null."""
        payload = [
            fields.Datetime.to_string(value) if isinstance(value, datetime) else (None if value is False else value)
            for value in (vals[name] for name in HASHED_FIELDS)
        ]
        return hashlib.sha256(json.dumps(payload, separators=(",", ":")).encode()).hexdigest()

    @api.model
    def _chain_break(self):
        """Where the trail stops holding: (kind, entry, head id), or (False, empty, head id) when it is intact.

        kind is "changed" when an entry's hash or link does not match (entry: the first such one), and
        "truncated" when the last entry is not the head (entry: the last one left, if any).
        """
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM %s ORDER BY id",
                SQL(", ").join(SQL.identifier(column) for column in (*HASHED_FIELDS, "hash")),
                SQL.identifier(self._table),
            )
        )
        prev, last_id = GENESIS, 0
        for row in self.env.cr.dictfetchall():
            if row["prev_hash"] != prev or self._digest(row) != row["hash"]:
                return "changed", self.browse(row["id"]), None
            prev, last_id = row["hash"], row["id"]
        head_id, head_hash = self._head()
        if (last_id, prev) != (head_id, head_hash):
            return "truncated", self.browse(last_id or []), head_id
        return False, self.browse(), head_id

    @api.model
    def _first_broken(self):
        """The first entry that does not hold, or an empty recordset when the whole trail, head included, holds.

        When the newest entries are gone, that is the last entry left, or the head's missing entry if none is.
        """
        kind, entry, head_id = self._chain_break()
        if kind == "truncated" and not entry:
            return self.browse(head_id or [])
        return entry

    def action_verify(self):
        if not self.env.user.has_group("onboarding_training.group_onboarding_officer"):
            raise AccessError(self.env._("Only onboarding officers can verify the audit trail."))
        kind, entry, head_id = self._chain_break()
        if kind:
            raise UserError(self._chain_break_message(kind, entry, head_id))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The audit trail is intact: every entry matches its chain."),
                "sticky": False,
            },
        }

    def _chain_break_message(self, kind, entry, head_id):
        if kind == "truncated" and head_id:
            return self.env._(
                "The audit trail should end with entry %(id)s, the last one the application wrote: "
                "entries were deleted or added outside the application.",
                id=head_id,
            )
        if kind == "truncated":
            return self.env._(
                "The audit trail has lost the record of its last entry: it was changed outside the application."
            )
        # The entry is named only to officers who may read it: the trail spans every company.
        if not self.search_count([("id", "=", entry.id)], limit=1):
            return self.env._(
                "The audit trail is broken at entry %(id)s: it was changed outside the application.", id=entry.id
            )
        return self.env._(
            "The audit trail is broken at entry %(id)s (%(event)s on %(name)s): "
            "it was changed outside the application.",
            id=entry.id,
            event=dict(AUDIT_EVENTS).get(entry.event, entry.event),
            name=entry.record_name,
        )
