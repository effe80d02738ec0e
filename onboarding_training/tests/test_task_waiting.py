from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import OnboardingCase


@tagged("post_install", "-at_install")
class TestTaskWaiting(OnboardingCase):
    """A locked task says what it waits for: its open prerequisites by name, or the day its stage opens."""

    def test_locked_task_names_its_prerequisite(self):
        enrollment = self.enroll(start=self.START)
        with freeze_time(self.day(2)):
            self.finish(enrollment.task_ids.filtered(lambda t: t.stage_id.sequence < 30))
            advanced = self.task(enrollment, "Advanced: refunds").with_user(self.hire_user)
            self.assertEqual(advanced.state, "locked")
            self.assertEqual(advanced.waiting_for, "Basic: back office")
            self.assertFalse(advanced.opens_on, "the stage is open: only the prerequisite holds it")
            self.finish(self.task(enrollment, "Basic: back office"))
            advanced.invalidate_recordset()
            self.assertEqual(advanced.state, "todo")
            self.assertFalse(advanced.waiting_for)

    def test_locked_stage_gives_its_planned_opening(self):
        enrollment = self.enroll(start=self.START)
        with freeze_time(self.day(-10)):
            orientation = self.task(enrollment, "Orientation").with_user(self.hire_user)
            self.assertEqual(orientation.state, "locked")
            self.assertFalse(orientation.waiting_for)
            self.assertEqual(orientation.opens_on, self.START, "Day 1 opens on the start date at the latest")
            # An open task waits for nothing.
            handbook = self.task(enrollment, "Employee handbook").with_user(self.hire_user)
            self.assertEqual(handbook.state, "todo")
            self.assertFalse(handbook.waiting_for or handbook.opens_on)

    def test_stage_and_prerequisite_together(self):
        enrollment = self.enroll(start=self.START)
        with freeze_time(self.day(-10)):
            advanced = self.task(enrollment, "Advanced: refunds")
            self.assertEqual(advanced.waiting_for, "Basic: back office")
            self.assertEqual(advanced.opens_on, self.START + timedelta(days=1))

    def test_mentor_sees_the_reason_without_reading_every_task(self):
        """The mentor of the hire reads it; the names are of the program's items, nothing else."""
        enrollment = self.enroll(start=self.START)
        with freeze_time(self.day(2)):
            advanced = self.task(enrollment, "Advanced: refunds").with_user(self.mentor_user)
            self.assertEqual(advanced.waiting_for, "Basic: back office")

    def test_names_follow_the_reader_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        basic = self.program.stage_ids.item_ids.filtered(lambda i: i.name == "Basic: back office")
        basic.with_context(lang="zh_CN").name = "基础：后台操作"
        enrollment = self.enroll(start=self.START)
        with freeze_time(self.day(2)):
            advanced = self.task(enrollment, "Advanced: refunds")
            self.assertEqual(advanced.with_context(lang="zh_CN").waiting_for, "基础：后台操作")
            self.assertEqual(advanced.with_context(lang="en_US").waiting_for, "Basic: back office")


@tagged("post_install", "-at_install")
class TestTaskWaitingPortal(HttpCase):
    """The hire reads on the portal what a locked task waits for."""

    def test_portal_task_page_names_the_prerequisite(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        user = new_test_user(env, "waiting_hire", groups="base.group_user", name="Wendy Waiting")
        employee = (
            env["hr.employee"]
            .with_context(onboarding_no_auto_enroll=True)
            .create({"name": "Wendy Waiting", "user_id": user.id})
        )
        program = env["onboarding.program"].create(
            {
                "name": "Waiting program",
                "auto_enroll": False,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Week 1",
                            "deadline_offset_days": 7,
                            "item_ids": [
                                Command.create({"name": "Basic: back office", "sequence": 1}),
                                Command.create({"name": "Advanced: refunds", "sequence": 2}),
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "name": "Month 1",
                            "start_offset_days": 20,
                            "deadline_offset_days": 30,
                            "item_ids": [Command.create({"name": "Exam day"})],
                        }
                    ),
                ],
            }
        )
        basic, advanced = program.stage_ids[0].item_ids.sorted("sequence")
        advanced.prerequisite_ids = basic
        enrollment = env["onboarding.enrollment"]._enroll(employee, program)
        advanced_task = enrollment.task_ids.filtered(lambda t: t.item_id == advanced)
        exam_task = enrollment.task_ids.filtered(lambda t: t.name == "Exam day")
        self.authenticate("waiting_hire", "waiting_hire")
        page = self.url_open(f"/my/onboarding/task/{advanced_task.id}").text
        self.assertIn("Waiting for:", page)
        self.assertIn("Basic: back office", page)
        page = self.url_open(f"/my/onboarding/task/{exam_task.id}").text
        self.assertIn("Opens on:", page)
        overview = self.url_open("/my/onboarding").text
        self.assertIn("Your next task:", overview)
        self.assertIn("o_onboarding_waiting_for", overview)
