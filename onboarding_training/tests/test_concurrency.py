from contextlib import closing, contextmanager
from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields, sql_db
from odoo.exceptions import UserError
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestConcurrency(BaseCase):
    """Two real database connections race on the same rows; data is committed, then removed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = sql_db.db_connect(get_db_name())
        with cls._env() as env:
            cls.admin_uid = env.ref("base.user_admin").id
            employee = env["hr.employee"].create({"name": "Race Hire"})
            program = env["onboarding.program"].create(
                {
                    "name": "Race program",
                    "auto_enroll": False,
                    "stage_ids": [
                        Command.create(
                            {
                                "name": "Only",
                                "start_offset_days": -20,
                                "deadline_offset_days": -10,
                                "item_ids": [
                                    Command.create({"name": "First", "confirmation_required": True}),
                                    Command.create({"name": "Second", "confirmation_required": True}),
                                ],
                            }
                        )
                    ],
                }
            )
            today = fields.Date.context_today(program)
            enrollment = env["onboarding.enrollment"]._enroll(employee, program, start_date=today - timedelta(days=5))
            first = enrollment.task_ids.filtered(lambda t: t.name == "First")
            first.action_submit()
            enrollment.write({"last_progress_date": today - timedelta(days=30)})
            cls.ids = {
                "employee": employee.id,
                "program": program.id,
                "enrollment": enrollment.id,
                "first": first.id,
                "second": (enrollment.task_ids - first).id,
            }
            env.cr.execute(SQL("SELECT coalesce(max(id), 0) FROM onboarding_audit_log"))
            cls.audit_before = env.cr.fetchone()[0]

    @classmethod
    def tearDownClass(cls):
        with cls._env() as env:
            env.cr.execute(SQL("DELETE FROM onboarding_audit_log WHERE id > %s", cls.audit_before))
            # The trail's head moved with the entries removed above: it goes back with them.
            env.cr.execute(SQL("DELETE FROM onboarding_audit_log_head WHERE last_id > %s", cls.audit_before))
            enrollment = env["onboarding.enrollment"].browse(cls.ids["enrollment"])
            enrollment.activity_ids.unlink()
            enrollment.write({"state": "cancelled"})
            enrollment.unlink()
            env["onboarding.program"].browse(cls.ids["program"]).unlink()
            env["hr.employee"].browse(cls.ids["employee"]).unlink()
        super().tearDownClass()

    @classmethod
    @contextmanager
    def _env(cls, uid=SUPERUSER_ID, commit=True):
        with closing(cls.db.cursor()) as cr:
            env = api.Environment(cr, uid, {})
            try:
                yield env
                env.flush_all()
                if commit:
                    # Races need data that both real connections see: committed, and removed in tearDownClass.
                    cr.commit()  # pylint: disable=invalid-commit
            finally:
                cr.rollback()

    def test_two_confirmations_one_wins(self):
        with self._env(self.admin_uid) as env_a, self._env(self.admin_uid) as env_b:
            env_a["onboarding.task"].browse(self.ids["first"]).action_confirm()
            env_a.flush_all()
            with self.assertRaisesRegex(UserError, "Someone else is handling this task"):
                env_b["onboarding.task"].browse(self.ids["first"]).action_confirm()
            env_b.cr.rollback()
        with self._env(commit=False) as env:
            self.assertEqual(env["onboarding.task"].browse(self.ids["first"]).state, "done")
            env.cr.execute(
                SQL(
                    "SELECT count(*) FROM onboarding_audit_log WHERE event = 'confirm' AND res_id = %s AND id > %s",
                    self.ids["first"],
                    self.audit_before,
                )
            )
            self.assertEqual(env.cr.fetchone()[0], 1, "exactly one confirmation recorded")

    def test_appends_racing_for_the_trail_both_land_chained(self):
        """B began before A appended and committed: B waits for the trail, then chains to A's entry.

        Reading the head FOR UPDATE in B's own snapshot made B fail to serialise here, and Odoo retry its
        whole request after a pause.
        """
        with self._env() as env_a, self._env() as env_b:
            env_b["onboarding.audit.log"]._head()  # B's snapshot is taken here, before A's entry exists
            hire_a = env_a["hr.employee"].browse(self.ids["employee"])
            entry_a = env_a["onboarding.audit.log"]._append("override", hire_a, {"reason": "A"})
            entry_a_hash = entry_a.hash
            env_a.cr.commit()  # pylint: disable=invalid-commit
            hire_b = env_b["hr.employee"].browse(self.ids["employee"])
            entry_b = env_b["onboarding.audit.log"]._append("override", hire_b, {"reason": "B"})
            self.assertEqual(entry_b.prev_hash, entry_a_hash, "B chains to A's entry, not to what its snapshot saw")
            entry_b_id = entry_b.id
        with self._env(commit=False) as env:
            log = env["onboarding.audit.log"]
            self.assertEqual(log._head()[0], entry_b_id)
            self.assertGreater(entry_b_id, entry_a.id)
            env.cr.execute(SQL("SELECT count(*) FROM onboarding_audit_log WHERE prev_hash = %s", entry_a_hash))
            self.assertEqual(env.cr.fetchone()[0], 1, "no fork: one entry follows A's")
            self.assertFalse(log._chain_break()[0], "the trail holds, head included")

    def test_submit_and_confirm_at_once(self):
        with self._env(self.admin_uid) as env_a, self._env(self.admin_uid) as env_b:
            env_a["onboarding.task"].browse(self.ids["second"]).action_submit()
            env_a.flush_all()
            with self.assertRaises(UserError):
                env_b["onboarding.task"].browse(self.ids["second"]).action_confirm()
            env_b.cr.rollback()
        with self._env(commit=False) as env:
            self.assertEqual(env["onboarding.task"].browse(self.ids["second"]).state, "submitted")

    def test_stall_job_in_two_workers_creates_no_duplicates(self):
        today = None
        with self._env() as env_a, self._env() as env_b:
            ours_a = env_a["onboarding.enrollment"].browse(self.ids["enrollment"])
            ours_b = env_b["onboarding.enrollment"].browse(self.ids["enrollment"])
            today = fields.Date.context_today(ours_a)
            self.assertEqual(ours_a._detect_stalls(today), ours_a)
            env_a.flush_all()
            self.assertFalse(ours_b._detect_stalls(today), "the second worker skips what the first holds")
        with self._env(commit=False) as env:
            enrollment = env["onboarding.enrollment"].browse(self.ids["enrollment"])
            self.assertEqual(enrollment.state, "paused")
            activity_type = env.ref("onboarding_training.mail_activity_type_follow_up")
            follow_ups = enrollment.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            self.assertEqual(len(follow_ups), 1, "one follow-up for the HR responsible, not two")
