import re

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import PASSWORD, CourseWorld

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestPortalCourse(CourseWorld, HttpCase):
    """A future hire without an internal user studies the linked course on the portal; nothing else completes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_course_world()
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.future = Employee.create({"name": "Fiona Future", "private_email": "fiona.future@example.com"})
        cls.enrollment = cls._enroll(cls.future)
        # The company gives hires with a private email a portal login as their onboarding starts.
        cls.portal_user = cls.enrollment.portal_user_id
        cls.portal_user.password = PASSWORD
        cls.task = cls.course_task(cls.enrollment)

    def assert_untouched(self):
        self.task.invalidate_recordset()
        self.assertEqual(self.task.state, "todo")
        self.assertFalse(self.task.evidence_attachment_ids)
        self.assertNotEqual(self.membership(self.portal_user.partner_id).member_status, "completed")

    def test_portal_hire_studies_the_course_to_the_end(self):
        self.assertTrue(self.portal_user._is_portal())
        self.assertEqual(self.membership(self.portal_user.partner_id).member_status, "joined")
        # The pages rendered once before, as a live server has them: the tour's first requests do not pay for
        # the routing map and the templates, which a loaded machine can stretch past the browser's timeout.
        self.authenticate(self.portal_user.login, PASSWORD)
        # (Not a lesson: opening one completes it.)
        for url in ("/my/onboarding", f"/my/onboarding/task/{self.task.id}", self.task.course_url):
            self.assertEqual(self.url_open(url).status_code, 200, url)
        self.start_tour("/my/onboarding", "onboarding_slides_portal_course", login=self.portal_user.login)
        self.task.invalidate_recordset()
        self.assertEqual(self.membership(self.portal_user.partner_id).member_status, "completed")
        self.assertEqual(self.task.state, "done")
        self.assertFalse(self.task.evidence_attachment_ids)

    def test_hand_in_routes_refuse_the_course(self):
        self.authenticate(self.portal_user.login, PASSWORD)
        page = self.url_open(f"/my/onboarding/task/{self.task.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Start the course", page.text)
        self.assertNotIn("/submit", page.text)
        self.assertNotIn("/evidence", page.text)
        # A token from a page with a hand-in form: the contract the hire hands in.
        contract = self.enrollment.task_ids.filtered(lambda t: t.name == "Signed contract")
        token = CSRF_RE.search(self.url_open(f"/my/onboarding/task/{contract.id}").text).group(1)
        submit = self.url_open(f"/my/onboarding/task/{self.task.id}/submit", data={"csrf_token": token})
        self.assertEqual(submit.status_code, 400)
        self.assertIn("completes by itself once the eLearning course", submit.text)
        evidence = self.url_open(
            f"/my/onboarding/task/{self.task.id}/evidence",
            data={"csrf_token": token, "submit": "1"},
            files={"evidence": ("certificate.txt", b"I read it all.", "text/plain")},
        )
        self.assertEqual(evidence.status_code, 400)
        self.assert_untouched()

    def assert_rpc_refused(self, calls):
        """Each (model, method, args) sent over /web/dataset/call_kw as the logged-in user is refused."""
        for model, method, args in calls:
            with (
                self.subTest(model=model, method=method),
                self.assertRaises(JsonRpcException),
                mute_logger("odoo.http"),
            ):
                self.make_jsonrpc_request(
                    f"/web/dataset/call_kw/{model}/{method}",
                    {"model": model, "method": method, "args": args, "kwargs": {}},
                )

    def test_rpc_refuses_the_portal_hire(self):
        self.authenticate(self.portal_user.login, PASSWORD)
        partner = self.portal_user.partner_id
        membership = self.membership(partner)
        calls = [
            ("onboarding.task", "action_submit", [[self.task.id]]),
            ("onboarding.task", "write", [[self.task.id], {"state": "done"}]),
            ("onboarding.task", "action_mark_done", [[self.task.id]]),
            ("slide.channel.partner", "write", [membership.ids, {"member_status": "completed", "completion": 100}]),
            (
                "slide.slide.partner",
                "create",
                [{"slide_id": self.quiz.id, "partner_id": partner.id, "completed": True}],
            ),
            ("slide.slide", "action_mark_completed", [self.quiz.ids]),
            ("slide.slide", "_action_mark_completed", [self.quiz.ids]),
        ]
        self.assert_rpc_refused(calls)
        self.assert_untouched()

    def test_rpc_refuses_the_internal_hire(self):
        """A hire with an internal user, over RPC: no submit, no state, no completion recorded by hand."""
        enrollment = self._enroll(self.hire)
        task = self.course_task(enrollment)
        self.authenticate(self.hire_user.login, self.hire_user.login)
        membership = self.membership(self.hire_user.partner_id)
        calls = [
            ("onboarding.task", "action_submit", [task.ids]),
            ("onboarding.task", "write", [task.ids, {"state": "done"}]),
            ("onboarding.task", "action_mark_done", [task.ids]),
            ("slide.channel.partner", "write", [membership.ids, {"member_status": "completed"}]),
            ("slide.slide", "action_mark_completed", [self.quiz.ids]),
        ]
        self.assert_rpc_refused(calls)
        task.invalidate_recordset()
        self.assertEqual(task.state, "todo")
        self.assertEqual(membership.member_status, "joined")
