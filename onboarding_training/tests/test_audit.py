from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import OnboardingCase


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
