"""Audit trail: every column is hashed, and the head records the last entry.

Entries written before 18.0.1.1.0 hashed fewer columns (not the id nor the record name) and the trail had
no head. Walking the trail in order, each entry whose former hash and link still hold is hashed again the
new way; from the first one that does not hold, nothing is touched, so Verify Chain still reports it. The
head is then set to the last entry, so that deleting the newest entries shows from now on.
"""

import hashlib
import json

from odoo import SUPERUSER_ID, api, fields
from odoo.tools import SQL

from odoo.addons.onboarding_training.models.onboarding_audit_log import HASHED_FIELDS, HEAD_TABLE

GENESIS = "0" * 64


def _former_digest(row):
    payload = json.dumps(
        [
            row["prev_hash"],
            fields.Datetime.to_string(row["logged_at"]),
            row["user_id"] or 0,
            row["company_id"] or 0,
            row["event"],
            row["res_model"],
            row["res_id"],
            row["details"] or "",
        ],
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _rehash(env, rows):
    """[(id, new prev_hash, new hash)] for the leading entries whose former hashes hold."""
    Log = env["onboarding.audit.log"]
    former_prev = new_prev = GENESIS
    updates = []
    for row in rows:
        if row["prev_hash"] != former_prev or _former_digest(row) != row["hash"]:
            break
        former_prev = row["hash"]
        new_hash = Log._digest({**row, "prev_hash": new_prev})
        updates.append((row["id"], new_prev, new_hash))
        new_prev = new_hash
    return updates


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    columns = SQL(", ").join(SQL.identifier(column) for column in (*HASHED_FIELDS, "hash"))
    cr.execute(SQL("SELECT %s FROM onboarding_audit_log ORDER BY id", columns))
    rows = cr.dictfetchall()
    if not rows:
        return
    updates = _rehash(env, rows)
    if updates:
        cr.execute(
            SQL(
                "UPDATE onboarding_audit_log AS log SET prev_hash = new.prev_hash, hash = new.hash "
                "FROM (VALUES %s) AS new (id, prev_hash, hash) WHERE log.id = new.id",
                SQL(", ").join(SQL("(%s, %s, %s)", *update) for update in updates),
            )
        )
    last_hash = updates[-1][2] if len(updates) == len(rows) else rows[-1]["hash"]
    cr.execute(
        SQL(
            "INSERT INTO %s (id, last_id, last_hash) VALUES (1, %s, %s) "
            "ON CONFLICT (id) DO UPDATE SET last_id = EXCLUDED.last_id, last_hash = EXCLUDED.last_hash",
            SQL.identifier(HEAD_TABLE),
            rows[-1]["id"],
            last_hash,
        )
    )
