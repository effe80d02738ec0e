from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import EXE_BYTES, PNG_BYTES, OnboardingCase


@tagged("post_install", "-at_install")
class TestTask(OnboardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enrollment = cls.env["onboarding.enrollment"]._enroll(cls.hire, cls.program, start_date=cls.START)
        # Open every stage by its planned start.
        with freeze_time(cls.day(1)):
            cls.enrollment._refresh_locks()
        cls.basic = cls.enrollment.task_ids.filtered(lambda t: t.name == "Basic: back office")
        cls.advanced = cls.enrollment.task_ids.filtered(lambda t: t.name == "Advanced: refunds")
        cls.handbook = cls.enrollment.task_ids.filtered(lambda t: t.name == "Employee handbook")

    def test_submit_without_confirmation_is_done(self):
        self.handbook.with_user(self.hire_user).action_submit()
        self.assertEqual(self.handbook.state, "done")
        self.assertTrue(self.handbook.done_date)

    def test_evidence_required(self):
        with self.assertRaisesRegex(UserError, "needs evidence"):
            self.basic.with_user(self.hire_user).action_submit()
        self.assertEqual(self.basic.state, "todo")

    def test_submit_confirm_flow_unlocks_next(self):
        self.attach(self.basic)
        self.basic.with_user(self.hire_user).action_submit()
        self.assertEqual(self.basic.state, "submitted")
        self.assertEqual(self.advanced.state, "locked")
        self.basic.with_user(self.mentor_user).action_confirm()
        self.assertEqual(self.basic.state, "done")
        self.assertEqual(self.basic.confirmed_by_id, self.mentor_user)
        self.assertEqual(self.advanced.state, "todo")
        tracked = self.basic.message_ids.mapped("body")
        self.assertTrue(any("Confirmed by Mia Mentor" in (b or "") for b in tracked))

    def test_reject_needs_reason_then_resubmit(self):
        self.attach(self.basic)
        self.basic.with_user(self.hire_user).action_submit()
        with self.assertRaises(UserError):
            self.basic.with_user(self.mentor_user).action_reject("  ")
        self.basic.with_user(self.mentor_user).action_reject("Screenshot is blurry")
        self.assertEqual(self.basic.state, "rejected")
        self.assertEqual(self.basic.reject_reason, "Screenshot is blurry")
        self.basic.with_user(self.hire_user).action_submit()
        self.assertEqual(self.basic.state, "submitted")

    def test_employee_cannot_confirm_own_task(self):
        self.attach(self.basic)
        self.basic.with_user(self.hire_user).action_submit()
        with self.assertRaises(AccessError):
            self.basic.with_user(self.hire_user).action_confirm()
        # Not even an officer reviewing their own onboarding.
        self.hire_user.groups_id = [Command.link(self.env.ref("onboarding_training.group_onboarding_officer").id)]
        with self.assertRaisesRegex(AccessError, "your own"):
            self.basic.with_user(self.hire_user).action_confirm()
        self.assertEqual(self.basic.state, "submitted")

    def test_unrelated_user_cannot_review_or_submit(self):
        self.attach(self.basic)
        self.basic.with_user(self.hire_user).action_submit()
        with self.assertRaises(AccessError):
            self.basic.with_user(self.other_user).action_confirm()
        with self.assertRaises(AccessError):
            self.handbook.with_user(self.other_user).action_submit()

    def test_prerequisites_cannot_be_skipped_through_rpc(self):
        self.assertEqual(self.advanced.state, "locked")
        with self.assertRaises(UserError):
            self.advanced.with_user(self.hire_user).action_submit()
        for user in (self.hire_user, self.mentor_user, self.officer_user):
            with self.assertRaises(AccessError):
                self.advanced.with_user(user).write({"state": "todo"})
        # Even an officer submitting on the employee's behalf must respect prerequisites.
        self.attach(self.advanced)
        self.advanced.invalidate_recordset(["state"])
        with self.assertRaises(UserError):
            self.advanced.with_user(self.officer_user).action_submit()
        self.assertEqual(self.advanced.state, "locked")

    def test_employee_may_only_write_evidence_and_note(self):
        self.handbook.with_user(self.hire_user).write({"note": "Read it twice"})
        with self.assertRaises(AccessError):
            self.handbook.with_user(self.hire_user).write({"deadline": "2030-01-01"})
        with self.assertRaises(AccessError):
            self.handbook.with_user(self.hire_user).write({"responsible_user_id": self.hire_user.id})

    def test_disguised_executable_is_refused(self):
        with self.assertRaisesRegex(UserError, "not allowed as evidence"):
            self.attach(self.basic, content=EXE_BYTES, name="screenshot.png")
        self.assertFalse(self.basic.evidence_attachment_ids)

    def test_empty_and_oversized_evidence_refused(self):
        with self.assertRaisesRegex(UserError, "empty"):
            self.basic._evidence_from_upload("empty.png", b"")
        self.company.onboarding_evidence_max_mb = 1
        big = PNG_BYTES + b"\x00" * (1024 * 1024)
        with self.assertRaisesRegex(UserError, "larger than"):
            self.basic._evidence_from_upload("big.png", big)
        self.assertFalse(
            self.env["ir.attachment"].search([("res_model", "=", "onboarding.task"), ("res_id", "=", self.basic.id)])
        )

    def test_allowed_types_are_a_company_setting(self):
        self.company.onboarding_evidence_mimetypes = "application/pdf"
        with self.assertRaisesRegex(UserError, "image/png"):
            self.attach(self.basic)

    def test_confirmed_evidence_is_frozen(self):
        attachment = self.attach(self.basic)
        self.basic.with_user(self.hire_user).action_submit()
        self.basic.with_user(self.mentor_user).action_confirm()
        with self.assertRaises(UserError):
            self.basic.with_user(self.hire_user).write({"evidence_attachment_ids": [Command.clear()]})
        with self.assertRaises(UserError):
            attachment.with_user(self.hire_user).write({"raw": PNG_BYTES + b"x"})
        with self.assertRaises(UserError):
            attachment.with_user(self.officer_user).unlink()
        self.assertTrue(attachment.exists())

    def test_other_employees_tasks_invisible(self):
        tasks = self.env["onboarding.task"].with_user(self.other_user).search([])
        self.assertFalse(tasks & self.enrollment.task_ids)
        mine = self.env["onboarding.task"].with_user(self.hire_user).search([("is_mine", "=", True)])
        self.assertEqual(mine, self.enrollment.task_ids)
        team = self.env["onboarding.task"].with_user(self.manager_user).search([])
        self.assertEqual(team & self.enrollment.task_ids, self.enrollment.task_ids)

    def test_review_task_cannot_be_handed_in_by_hand(self):
        week1 = self.program.stage_ids.filtered(lambda s: s.name == "Week 1")
        self.env["onboarding.program.item"].create({"stage_id": week1.id, "name": "Peers", "item_type": "review"})
        enrollment = self.env["onboarding.enrollment"]._enroll(self.other, self.program, start_date=self.START)
        with freeze_time(self.day(1)):
            enrollment._refresh_locks()
        review = enrollment.task_ids.filtered(lambda t: t.item_type == "review")
        self.assertEqual(review.state, "todo")
        with self.assertRaisesRegex(UserError, "completes by itself"):
            review.with_user(self.other_user).action_submit()
