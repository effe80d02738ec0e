from collections import defaultdict
from datetime import datetime, timedelta
from types import SimpleNamespace

from odoo.tests import TransactionCase, tagged

from ..models.onboarding_demo import COMPLAINT_ITEM
from .common import CourseWorld


@tagged("post_install", "-at_install")
class TestDemoSteps(CourseWorld, TransactionCase):
    """The demo's history, when it runs with this addon: the hires study the linked courses in eLearning."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_course_world()
        # The course of the world's program is the first week's complaint handling of the demo.
        cls.program.stage_ids.item_ids.filtered("slide_channel_id").write({"name": COMPLAINT_ITEM})
        cls.handbook = cls._make_course("Employee handbook")
        pre = cls.program.stage_ids.sorted("sequence")[0]
        cls.env["onboarding.program.item"].create(
            {
                "stage_id": pre.id,
                "name": "Employee handbook",
                "item_type": "course",
                "slide_channel_id": cls.handbook.id,
            }
        )
        cls.enrollment = cls._enroll(cls.hire)
        yesterday = datetime.now() - timedelta(days=1)
        cls.hire_step = SimpleNamespace(
            enrollment=cls.enrollment,
            tasks=cls.enrollment.task_ids,
            user=cls.hire_user,
            cutoff=datetime.now(),
            week=dict.fromkeys(range(3), cls.env["onboarding.task"]),
            schedule=SimpleNamespace(
                pre=yesterday, rounds=[(yesterday, None), (None, None), (None, None)], reject=None, first_only=False
            ),
        )
        cls.stamps = SimpleNamespace(tasks=defaultdict(dict))

    def task(self, name):
        return self.enrollment.task_ids.filtered(lambda t: t.name == name)

    def test_preboarding_studies_the_handbook_and_hands_in_the_rest(self):
        self.env["onboarding.demo"]._demo_preboarding(None, [self.hire_step], self.stamps)
        handbook, contract = self.task("Employee handbook"), self.task("Signed contract")
        self.assertEqual(self.membership(self.hire_user.partner_id, self.handbook).member_status, "completed")
        self.assertEqual((handbook | contract).mapped("state"), ["done", "done"])
        self.assertEqual(self.stamps.tasks[handbook.id]["done"], self.hire_step.schedule.pre)

    def test_week_one_takes_the_complaint_course(self):
        self.env["onboarding.demo"]._demo_week_one(None, [self.hire_step], self.stamps)
        self.assertEqual(self.task(COMPLAINT_ITEM).state, "done")
        self.assertEqual(self.membership(self.hire_user.partner_id).member_status, "completed")

    def test_history_built_before_the_addon(self):
        """Done course tasks of an earlier history: their hires go through the courses in eLearning."""
        task = self.task("Employee handbook")
        task.sudo().write({"state": "done", "done_date": datetime.now()})
        shop = SimpleNamespace(programs={"cs": self.program})
        self.env["onboarding.demo"]._demo_study_done_courses(shop)
        self.assertEqual(self.membership(self.hire_user.partner_id, self.handbook).member_status, "completed")
        self.assertEqual(self.membership(self.hire_user.partner_id).member_status, "joined")
