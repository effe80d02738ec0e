from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import format_date

from .common import PNG_BYTES, OnboardingCase

OUR_ADDONS = ["onboarding_training", "hr_attendance_gate", "training_analytics", "onboarding_payroll"]


class ConfirmActivityMixin:
    def confirm_activities(self, tasks):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "onboarding.task"),
                ("res_id", "in", tasks.ids),
                ("activity_type_id", "=", self.env.ref("onboarding_training.mail_activity_type_confirm_task").id),
            ]
        )

    def done_messages(self, task):
        activity_type = self.env.ref("onboarding_training.mail_activity_type_confirm_task")
        return task.message_ids.filtered(lambda m: m.mail_activity_type_id == activity_type)


@tagged("post_install", "-at_install")
class TestHandInActivity(ConfirmActivityMixin, OnboardingCase):
    """Handing in a task that waits for confirmation gives its reviewer one activity at once; deciding closes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enrollment = cls.env["onboarding.enrollment"]._enroll(cls.hire, cls.program, start_date=cls.START)
        with freeze_time(cls.day(1)):
            cls.enrollment._refresh_locks()
        cls.basic = cls.task(cls.enrollment, "Basic: back office")
        cls.handbook = cls.task(cls.enrollment, "Employee handbook")

    def hand_in(self, task=None, user=None):
        task = task or self.basic
        if not task.evidence_attachment_ids and task.evidence_required:
            self.attach(task)
        task.with_user(user or self.hire_user).action_submit()

    def test_hand_in_gives_the_responsible_one_activity(self):
        self.assertFalse(self.confirm_activities(self.basic))
        self.hand_in()
        activity = self.confirm_activities(self.basic)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.mentor_user)
        self.assertEqual(activity.summary, "Confirm Basic: back office")
        due = self.basic.submitted_date.date() + timedelta(days=self.company.onboarding_confirm_days)
        self.assertIn(
            f"Henry Hire handed in Basic: back office: confirm it by {format_date(self.env, due)}", activity.note
        )
        self.assertEqual(activity.date_deadline, fields.Date.today(), "among the mentor's activities of the day")
        self.assertIn(self.mentor_user.partner_id, self.basic.message_partner_ids, "the mentor follows the task")
        # The mentor finds it among their own activities.
        mine = (
            self.env["onboarding.task"]
            .with_user(self.mentor_user)
            .search([("activity_user_id", "=", self.mentor_user.id)])
        )
        self.assertEqual(mine, self.basic)

    def test_no_activity_for_a_task_done_at_once(self):
        self.hand_in(self.handbook)
        self.assertEqual(self.handbook.state, "done")
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_model", "=", "onboarding.task"), ("res_id", "in", self.enrollment.task_ids.ids)]
            )
        )

    def test_reject_closes_it_and_a_new_hand_in_asks_again_once(self):
        self.hand_in()
        self.basic.with_user(self.mentor_user).action_reject("Blurry screenshot")
        self.assertFalse(self.confirm_activities(self.basic), "rejecting closes the activity")
        done = self.done_messages(self.basic)
        self.assertEqual(len(done), 1)
        self.assertIn("Rejected: sent back to the employee.", done.body)
        self.hand_in()
        self.assertEqual(len(self.confirm_activities(self.basic)), 1)
        # Asking again while the activity is open adds nothing.
        self.basic._request_confirmation()
        self.assertEqual(len(self.confirm_activities(self.basic)), 1)

    def test_anyone_deciding_closes_the_activity(self):
        self.hand_in()
        self.basic.with_user(self.officer_user).action_confirm()
        self.assertEqual(self.basic.state, "done")
        self.assertFalse(self.confirm_activities(self.basic))
        done = self.done_messages(self.basic)
        self.assertEqual(done.author_id, self.officer_user.partner_id, "closed by the officer who confirmed")
        self.assertIn("Confirmed.", done.body)

    def test_refused_decision_leaves_the_activity_open(self):
        self.hand_in()
        for user in (self.hire_user, self.other_user):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                self.basic.with_user(user).action_confirm()
        self.assertEqual(self.basic.state, "submitted")
        self.assertEqual(len(self.confirm_activities(self.basic)), 1)

    def test_activity_in_the_reviewer_s_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(OUR_ADDONS, ["zh_CN"])
        self.mentor_user.lang = "zh_CN"
        self.basic.item_id.with_context(lang="zh_CN").name = "基础：后台操作"
        self.hand_in()
        activity = self.confirm_activities(self.basic)
        in_chinese = self.env["onboarding.task"].with_context(lang="zh_CN").env
        self.assertEqual(activity.summary, in_chinese._("Confirm %(task)s", task="基础：后台操作"))
        due = format_date(in_chinese, self.basic.confirm_due_date)
        self.assertIn(
            in_chinese._(
                "%(employee)s handed in %(task)s: confirm it by %(date)s, or reject it with a reason.",
                employee="Henry Hire",
                task="基础：后台操作",
                date=due,
            ),
            activity.note,
        )
        self.assertNotEqual(due, format_date(self.env, self.basic.confirm_due_date), "a Chinese date")

    def test_batch_of_hand_ins_to_several_reviewers(self):
        others = self.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        second_mentor_user = new_test_user(self.env, "onb_mentor2", groups="base.group_user", name="Max Mentor")
        second_mentor = others.create({"name": "Max Mentor", "user_id": second_mentor_user.id})
        nora_user = new_test_user(self.env, "onb_nora", groups="base.group_user", name="Nora New")
        newcomer = others.create(
            {"name": "Nora New", "user_id": nora_user.id, "coach_id": second_mentor.id, "parent_id": self.manager.id}
        )
        enrollments = self.enrollment | self.enroll(newcomer)
        with freeze_time(self.day(1)):
            enrollments._refresh_locks()
        tasks = enrollments.task_ids.filtered(lambda t: t.name == "Basic: back office")
        for task in tasks:
            self.attach(task, user=task.employee_id.user_id)
        # An officer hands both in at once (e.g. after an interview), as the RPC allows.
        tasks.with_user(self.officer_user).action_submit()
        activities = self.confirm_activities(tasks)
        self.assertEqual(
            {(a.res_id, a.user_id) for a in activities},
            {(self.basic.id, self.mentor_user), ((tasks - self.basic).id, second_mentor_user)},
        )


@tagged("post_install", "-at_install")
class TestResponsibles(ConfirmActivityMixin, OnboardingCase):
    """Items of the employee belong to the employee, never to HR; HR completes what HR owns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.stage_ids.filtered(lambda s: s.name == "Week 1").item_ids = [
            Command.create(
                {
                    "name": "Write a self-introduction",
                    "item_type": "task",
                    "responsible_role": "employee",
                    "confirmation_required": True,
                }
            )
        ]
        cls.portal_hire = (
            cls.env["hr.employee"]
            .with_context(onboarding_no_auto_enroll=True)
            .create({"name": "Paula Portal", "private_email": "paula@example.com", "coach_id": cls.mentor.id})
        )

    def test_employee_items_belong_to_the_employee(self):
        enrollment = self.enroll()
        intro = self.task(enrollment, "Write a self-introduction")
        self.assertEqual(intro.responsible_user_id, self.hire_user)
        portal_enrollment = self.enroll(self.portal_hire)
        self.assertTrue(portal_enrollment.portal_user_id, "a portal login was given at the start")
        portal_intro = self.task(portal_enrollment, "Write a self-introduction")
        self.assertFalse(portal_intro.responsible_user_id, "not HR: the hire, who has no internal user")
        self.assertEqual(portal_intro.responsible_role, "employee")
        handbook = self.task(portal_enrollment, "Employee handbook")
        self.assertEqual(handbook.responsible_user_id, self.officer_user, "HR items stay HR's")
        mine = (
            self.env["onboarding.task"]
            .with_user(self.officer_user)
            .search([("responsible_user_id", "=", self.officer_user.id)])
        )
        self.assertNotIn(portal_intro, mine)

    def test_employee_item_handed_in_asks_hr_to_confirm(self):
        portal_enrollment = self.enroll(self.portal_hire)
        intro = self.task(portal_enrollment, "Write a self-introduction")
        with freeze_time(self.day(1)):
            portal_enrollment._refresh_locks()
            # The portal pages hand in as the superuser, after their ownership check.
            intro.with_user(portal_enrollment.portal_user_id).sudo().action_submit()
        self.assertEqual(intro.state, "submitted")
        self.assertEqual(self.confirm_activities(intro).user_id, self.officer_user)
        # Nobody is reminded of a confirmation the hire could never give.
        with freeze_time(self.day(10)):
            reminded, escalated = self.env["onboarding.task"]._cron_remind_confirmations()
        self.assertNotIn(intro, reminded | escalated)

    def test_officer_marks_an_hr_task_done(self):
        enrollment = self.enroll()
        contract = self.task(enrollment, "Employee handbook")
        self.assertTrue(contract.with_user(self.officer_user).can_mark_done)
        self.assertFalse(contract.with_user(self.mentor_user).can_mark_done)
        self.assertFalse(self.task(enrollment, "Basic: back office").with_user(self.officer_user).can_mark_done)
        contract.with_user(self.officer_user).action_mark_done()
        self.assertEqual(contract.state, "done")
        self.assertEqual(contract.confirmed_by_id, self.officer_user)
        self.assertTrue(any("Marked done by Olivia Officer" in (m.body or "") for m in contract.message_ids))
        trail = self.env["onboarding.audit.log"].search(
            [("res_model", "=", "onboarding.task"), ("res_id", "=", contract.id), ("event", "=", "confirm")]
        )
        self.assertEqual(trail.user_id, self.officer_user)
        self.assertIn('"completed_by": "responsible"', trail.details)
        self.assertGreater(enrollment.completion_rate, 0)

    def test_hr_responsible_who_is_no_officer_marks_done(self):
        hr_clerk = new_test_user(
            self.env, "onb_hr_clerk", groups="base.group_user,onboarding_training.group_onboarding_user"
        )
        self.program.hr_responsible_id = hr_clerk
        enrollment = self.enroll()
        contract = self.task(enrollment, "Employee handbook")
        self.assertEqual(contract.responsible_user_id, hr_clerk)
        contract.with_user(hr_clerk).action_mark_done()
        self.assertEqual(contract.state, "done")

    def test_mark_done_refusals_change_nothing(self):
        enrollment = self.enroll()
        contract = self.task(enrollment, "Employee handbook")
        basic = self.task(enrollment, "Basic: back office")
        officers = self.env.ref("onboarding_training.group_onboarding_officer")
        cases = [
            ("the mentor", contract, self.mentor_user, AccessError),
            ("the hire", contract, self.hire_user, AccessError),
            ("a colleague", contract, self.other_user, AccessError),
            ("a mentor's task", basic, self.officer_user, UserError),
        ]
        for label, task, user, error in cases:
            with self.subTest(label), self.assertRaises(error):
                task.with_user(user).action_mark_done()
        # An officer who is the hire does not complete their own onboarding.
        self.hire_user.groups_id = [Command.link(officers.id)]
        with self.assertRaisesRegex(AccessError, "your own onboarding task"):
            contract.with_user(self.hire_user).action_mark_done()
        # A locked task, and any task of a finished enrollment, stay as they are.
        with self.assertRaises(UserError):
            self.task(enrollment, "Orientation").with_user(self.officer_user).action_mark_done()
        enrollment.with_user(self.officer_user).action_cancel()
        with self.assertRaises(UserError):
            contract.with_user(self.officer_user).action_mark_done()
        self.assertEqual(contract.state, "todo")
        self.assertFalse(contract.confirmed_by_id)
        self.assertFalse(
            self.env["onboarding.audit.log"].search(
                [("res_model", "=", "onboarding.task"), ("res_id", "=", contract.id)]
            )
        )

    def test_mark_done_needs_the_evidence_the_item_asks_for(self):
        self.program.stage_ids.item_ids.filtered(lambda i: i.name == "Employee handbook").evidence_required = True
        contract = self.task(self.enroll(), "Employee handbook")
        with self.assertRaisesRegex(UserError, "needs evidence"):
            contract.with_user(self.officer_user).action_mark_done()
        self.assertEqual(contract.state, "todo")
        self.attach(contract)  # the hire's own scan of the signed contract
        contract.with_user(self.officer_user).action_mark_done()
        self.assertEqual(contract.state, "done")


@tagged("post_install", "-at_install")
class TestHandInOverHttp(ConfirmActivityMixin, HttpCase):
    """The JSON-RPC and portal paths of handing in reach the responsible too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        onboarding = "onboarding_training.group_onboarding_"
        cls.mentor_user = new_test_user(cls.env, "http_mentor", groups=f"base.group_user,{onboarding}user")
        cls.hire_user = new_test_user(cls.env, "http_hire_user", groups="base.group_user", password="http_hire_user")
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        mentor = Employee.create({"name": "Http Mentor", "user_id": cls.mentor_user.id})
        cls.hire = Employee.create({"name": "Ivy Internal", "user_id": cls.hire_user.id, "coach_id": mentor.id})
        cls.portal_hire = Employee.create(
            {"name": "Pedro Portal", "private_email": "pedro.portal@example.com", "coach_id": mentor.id}
        )
        program = cls.env["onboarding.program"].create(
            {
                "name": "Http week",
                "auto_enroll": False,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Week 1",
                            "deadline_offset_days": 7,
                            "responsible_role": "mentor",
                            "item_ids": [
                                Command.create(
                                    {"name": "Chat etiquette", "item_type": "task", "confirmation_required": True}
                                )
                            ],
                        }
                    )
                ],
            }
        )
        enrollments = cls.env["onboarding.enrollment"]._enroll(
            cls.hire | cls.portal_hire, program, start_date=fields.Date.today()
        )
        cls.task_internal = enrollments.filtered(lambda e: e.employee_id == cls.hire).task_ids
        cls.portal_enrollment = enrollments - cls.task_internal.enrollment_id
        cls.task_portal = cls.portal_enrollment.task_ids
        cls.portal_user = cls.portal_enrollment.portal_user_id
        cls.portal_user.password = "pedro-portal-2024"

    def test_rpc_hand_in(self):
        self.authenticate(self.hire_user.login, "http_hire_user")
        self.make_jsonrpc_request(
            "/web/dataset/call_kw/onboarding.task/action_submit",
            {"model": "onboarding.task", "method": "action_submit", "args": [self.task_internal.ids], "kwargs": {}},
        )
        self.assertEqual(self.task_internal.state, "submitted")
        self.assertEqual(self.confirm_activities(self.task_internal).user_id, self.mentor_user)

    def test_portal_route_hand_in(self):
        self.authenticate(self.portal_user.login, "pedro-portal-2024")
        page = self.url_open(f"/my/onboarding/task/{self.task_portal.id}")
        self.assertEqual(page.status_code, 200)
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        response = self.url_open(
            f"/my/onboarding/task/{self.task_portal.id}/evidence",
            data={"csrf_token": token, "submit": "1"},
            files={"evidence": ("etiquette.png", PNG_BYTES, "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.task_portal.state, "submitted")
        self.assertEqual(self.confirm_activities(self.task_portal).user_id, self.mentor_user)
