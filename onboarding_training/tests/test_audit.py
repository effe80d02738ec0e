import importlib.util
from contextlib import closing
from datetime import timedelta

from freezegun import freeze_time
from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, api, sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import get_db_name
from odoo.tools import SQL, file_path, mute_logger

from odoo.addons.onboarding_training.models.onboarding_audit_log import GENESIS, HASHED_FIELDS, HEAD_TABLE

from .common import OnboardingCase


def load_migration():
    path = file_path("onboarding_training/migrations/18.0.1.1.0/post-migrate.py")
    spec = importlib.util.spec_from_file_location("onboarding_training_audit_migration", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestAuditTrail(OnboardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(cls.day(1)):
            cls.enrollment = cls.env["onboarding.enrollment"]._enroll(cls.hire, cls.program, start_date=cls.START)
            cls.enrollment._refresh_locks()
        cls.basic = cls.enrollment.task_ids.filtered(lambda t: t.name == "Basic: back office")
        cls.Log = cls.env["onboarding.audit.log"]

    def _entries(self):
        return self.Log.search([("res_model", "=", "onboarding.task"), ("res_id", "=", self.basic.id)])

    def test_confirm_and_reject_are_chained(self):
        self.attach(self.basic)
        self.basic.with_user(self.hire_user).action_submit()
        self.basic.with_user(self.mentor_user).action_reject("Blurry")
        self.basic.with_user(self.hire_user).action_submit()
        self.basic.with_user(self.mentor_user).action_confirm()
        reject, confirm = self._entries().sorted("id")
        self.assertEqual((reject.event, confirm.event), ("reject", "confirm"))
        self.assertIn("Blurry", reject.details)
        self.assertEqual(confirm.prev_hash, reject.hash)
        self.assertEqual(confirm.user_id, self.mentor_user)
        self.assertFalse(self.Log._first_broken())

    def test_nobody_writes_or_deletes_entries(self):
        self.attach(self.basic)
        self.basic.with_user(self.hire_user).action_submit()
        self.basic.with_user(self.mentor_user).action_confirm()
        entry = self._entries()
        for env in (self.env, self.env(user=self.officer_user)):
            with self.assertRaises(AccessError):
                entry.with_env(env).write({"details": "{}"})
            with self.assertRaises(AccessError):
                entry.with_env(env).unlink()
            with self.assertRaises(AccessError):
                self.Log.with_env(env).create(
                    {
                        "event": "override",
                        "res_model": "x",
                        "res_id": 1,
                        "prev_hash": "0",
                        "hash": "0",
                        "logged_at": "2026-01-01",
                    }
                )
        self.assertTrue(entry.exists())

    def test_verification_reports_first_broken_link(self):
        self.attach(self.basic)
        self.basic.with_user(self.hire_user).action_submit()
        self.basic.with_user(self.mentor_user).action_reject("Missing order number")
        self.basic.with_user(self.hire_user).action_submit()
        self.basic.with_user(self.mentor_user).action_confirm()
        first, second = self._entries().sorted("id")
        result = self.Log.with_user(self.officer_user).action_verify()
        self.assertEqual(result["params"]["type"], "success")
        self.env.cr.execute(
            SQL("UPDATE onboarding_audit_log SET details = %s WHERE id = %s", '{"reason": "ok"}', first.id)
        )
        self.assertEqual(self.Log._first_broken(), first)
        with self.assertRaisesRegex(UserError, f"entry {first.id}"):
            self.Log.with_user(self.officer_user).action_verify()
        with self.assertRaises(AccessError):
            self.Log.with_user(self.hire_user).action_verify()

    # ------------------------------------------------------------------
    # Tampering with SQL, as someone with database access would
    # ------------------------------------------------------------------
    def _three_entries(self):
        self.attach(self.basic)
        self.basic.with_user(self.hire_user).action_submit()
        self.basic.with_user(self.mentor_user).action_reject("Missing order number")
        self.basic.with_user(self.hire_user).action_submit()
        self.basic.with_user(self.mentor_user).action_confirm()
        self.Log._append("override", self.hire, {"reason": "Paper handbook"})
        return self._entries().sorted("id") | self.Log.search([("res_model", "=", "hr.employee")], order="id desc")[0]

    def _sql(self, query, *args):
        self.env.cr.execute(SQL(query, *args))
        self.env.invalidate_all()

    def assertBroken(self, pattern):
        with self.assertRaisesRegex(UserError, pattern):
            self.Log.with_user(self.officer_user).action_verify()
        self.assertTrue(self.Log._first_broken())

    def assertIntact(self):
        result = self.Log.with_user(self.officer_user).action_verify()
        self.assertEqual(result["params"]["type"], "success")
        self.assertFalse(self.Log._first_broken())

    def _altered(self, entry, name):
        """Another value of the column that the database accepts, or the test fails for a new kind of column."""
        field = self.Log._fields[name]
        self.env.cr.execute(SQL("SELECT %s FROM onboarding_audit_log WHERE id = %s", SQL.identifier(name), entry.id))
        value = self.env.cr.fetchone()[0]
        if name == "id":
            self.env.cr.execute(SQL("SELECT max(id) + 1000 FROM onboarding_audit_log"))
            return self.env.cr.fetchone()[0]
        if field.type == "many2one":
            return self.env[field.comodel_name].search([("id", "!=", value)], limit=1).id or None
        if field.type == "integer":
            return value + 1
        if field.type == "selection":
            return next(key for key, _label in field.selection if key != value)
        if field.type in ("char", "text"):
            return (value or "") + " (edited)"
        if field.type == "datetime":
            return value + timedelta(seconds=1)
        self.fail(f"no way to alter the {field.type} column {name}: teach the test, and hash the column")

    def test_every_stored_column_is_hashed(self):
        stored = {name for name, field in self.Log._fields.items() if field.store and field.column_type}
        self.assertEqual(stored - {"hash"}, set(HASHED_FIELDS), "every stored column but the hash is hashed")
        entries = self._three_entries()
        self.assertEqual(len(entries), 3)
        middle = entries[1]
        self.assertIntact()
        for name in sorted(stored):
            with self.subTest(column=name), closing(self.env.cr.savepoint()):
                value = self._altered(middle, name)
                column = SQL.identifier(name)
                self._sql("UPDATE onboarding_audit_log SET %s = %s WHERE id = %s", column, value, middle.id)
                self.assertBroken(r"audit trail is broken at entry \d+")
        self.assertIntact()

    def test_record_name_change_is_reported_with_the_entry(self):
        entries = self._three_entries()
        self._sql("UPDATE onboarding_audit_log SET record_name = %s WHERE id = %s", "Someone else", entries[0].id)
        self.assertEqual(self.Log._first_broken(), entries[0])
        self.assertBroken(f"broken at entry {entries[0].id} ")

    def test_deleting_the_newest_entries_is_reported(self):
        entries = self._three_entries()
        last = entries[-1]
        self._sql("DELETE FROM onboarding_audit_log WHERE id = %s", last.id)
        self.assertBroken(f"should end with entry {last.id},")
        self._sql("DELETE FROM onboarding_audit_log WHERE id >= %s", entries[1].id)
        self.assertBroken(f"should end with entry {last.id},")
        self._sql("DELETE FROM onboarding_audit_log")
        self.assertBroken(f"should end with entry {last.id},")
        self.assertEqual(self.Log._first_broken().id, last.id)

    def test_appending_after_a_deletion_keeps_it_visible(self):
        entries = self._three_entries()
        deleted_hash = entries[-1].hash
        self._sql("DELETE FROM onboarding_audit_log WHERE id = %s", entries[-1].id)
        new = self.Log._append("override", self.hire, {"reason": "After the deletion"})
        self.assertEqual(new.prev_hash, deleted_hash, "the trail goes on from the head, not from what is left")
        self.assertEqual(self.Log._first_broken(), new)
        self.assertBroken(f"broken at entry {new.id} ")

    def test_entry_added_by_sql_is_reported(self):
        entries = self._three_entries()
        last = entries[-1]
        forged = {name: last[name] for name in HASHED_FIELDS}
        forged.update(id=last.id + 1, prev_hash=last.hash, user_id=last.user_id.id, company_id=last.company_id.id)
        forged["hash"] = self.Log._digest(forged)
        columns = [*HASHED_FIELDS, "hash"]
        self._sql(
            "INSERT INTO onboarding_audit_log (%s) VALUES (%s)",
            SQL(", ").join(SQL.identifier(column) for column in columns),
            SQL(", ").join(forged[column] for column in columns),
        )
        self.assertBroken(f"should end with entry {last.id},")

    def test_losing_the_head_is_reported(self):
        self._three_entries()
        self._sql("DELETE FROM %s", SQL.identifier(HEAD_TABLE))
        self.assertBroken("lost the record of its last entry")

    def test_normal_appends_stay_intact(self):
        self.assertIntact()
        entries = self._three_entries()
        batch = self.Log._append("override", self.hire | self.other, per_record={self.other.id: {"n": 1}})
        self.assertEqual(batch[1].prev_hash, batch[0].hash)
        self.assertEqual(batch[0].prev_hash, entries[-1].hash)
        self.assertEqual(self.Log._head(), (batch[1].id, batch[1].hash))
        self.assertIntact()
        with self.assertRaises(AccessError):
            self.Log.sudo().with_context(onboarding_audit_append=True).create(
                {"event": "override", "res_model": "x", "res_id": 1, "prev_hash": GENESIS, "hash": GENESIS}
            )

    def test_verify_names_only_entries_the_officer_may_read(self):
        entries = self._three_entries()
        other_company = self.env["res.company"].create({"name": "Other Shop"})
        self._sql("UPDATE onboarding_audit_log SET company_id = %s WHERE id = %s", other_company.id, entries[0].id)
        with self.assertRaises(UserError) as caught:
            self.Log.with_user(self.officer_user).action_verify()
        self.assertIn(f"entry {entries[0].id}:", str(caught.exception))
        self.assertNotIn("Henry Hire", str(caught.exception))

    def test_appends_serialise(self):
        """A second transaction appending while a first one has not committed waits for it."""
        self.Log._append("override", self.hire, {"reason": "First writer"})
        with closing(sql_db.db_connect(get_db_name()).cursor()) as cr:
            other = api.Environment(cr, SUPERUSER_ID, {})
            cr.execute(SQL("SET LOCAL lock_timeout = '300ms'"))
            with mute_logger("odoo.sql_db"), self.assertRaises(pg_errors.LockNotAvailable):
                other["onboarding.audit.log"]._append("override", other.user, {"reason": "Second writer"})
            cr.rollback()

    # ------------------------------------------------------------------
    # Upgrade of a trail written before every column was hashed
    # ------------------------------------------------------------------
    def _as_former_trail(self):
        """Rewrite the whole trail the way 18.0.1.0.0 hashed it, without a head."""
        migration = load_migration()
        self.env.cr.execute(SQL("SELECT * FROM onboarding_audit_log ORDER BY id"))
        prev = GENESIS
        for row in self.env.cr.dictfetchall():
            row["prev_hash"] = prev
            prev = migration._former_digest(row)
            self.env.cr.execute(
                SQL(
                    "UPDATE onboarding_audit_log SET prev_hash = %s, hash = %s WHERE id = %s",
                    row["prev_hash"],
                    prev,
                    row["id"],
                )
            )
        self._sql("DELETE FROM %s", SQL.identifier(HEAD_TABLE))
        return migration

    def test_upgrade_rehashes_the_former_trail(self):
        entries = self._three_entries()
        migration = self._as_former_trail()
        self.assertTrue(self.Log._first_broken(), "former hashes do not pass the new check")
        migration.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertIntact()
        self.assertEqual(self.Log._head()[0], entries[-1].id)

    def test_upgrade_leaves_a_former_break_visible(self):
        entries = self._three_entries()
        migration = self._as_former_trail()
        self._sql("UPDATE onboarding_audit_log SET details = %s WHERE id = %s", "{}", entries[1].id)
        migration.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(self.Log._first_broken(), entries[1])
        self.assertBroken(f"broken at entry {entries[1].id} ")
