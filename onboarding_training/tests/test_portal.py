import base64
import re

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .test_assessment import AssessmentSetup

PNG_BYTES = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "Pre-boarding-2024!"


@tagged("post_install", "-at_install")
class TestPortal(AssessmentSetup, HttpCase):
    """Future hires on the portal: their own onboarding only, evidence checked, exams opened with their token."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_assessment()
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.fiona, cls.gary = Employee.create(
            [
                {"name": "Fiona Future", "private_email": "fiona@example.com", "parent_id": cls.manager.id},
                {"name": "Gary Guest", "private_email": "gary@example.com", "parent_id": cls.manager.id},
            ]
        )
        enrollments = cls.env["onboarding.enrollment"]._enroll(
            cls.fiona | cls.gary, cls.program, start_date=fields.Date.today()
        )
        enrollments.with_user(cls.officer_user).action_invite_portal()
        cls.fiona_enrollment, cls.gary_enrollment = enrollments
        cls.fiona_user = cls.fiona_enrollment.portal_user_id
        cls.fiona_user.password = PASSWORD
        cls.fiona_task = cls.fiona_enrollment.task_ids.filtered(lambda t: t.item_type == "task")
        cls.gary_task = cls.gary_enrollment.task_ids.filtered(lambda t: t.item_type == "task")

    def login_fiona(self):
        self.authenticate(self.fiona_user.login, PASSWORD)

    def csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return CSRF_RE.search(response.text).group(1)

    def test_invitation_creates_a_portal_user(self):
        self.assertEqual(self.fiona_user.login, "fiona@example.com")
        self.assertTrue(self.fiona_user._is_portal())
        self.assertTrue(any("fiona@example.com" in m.body for m in self.fiona_enrollment.message_ids))
        self.fiona_enrollment.with_user(self.officer_user).action_invite_portal()  # invites again, same user
        self.assertEqual(self.fiona_enrollment.portal_user_id, self.fiona_user)
        with self.assertRaises(AccessError):
            self.gary_enrollment.with_user(self.manager_user).action_invite_portal()
        insider = new_test_user(self.env, "insider@example.com", context={"no_reset_password": True})
        self.gary.private_email = insider.login
        self.gary_enrollment.sudo().portal_user_id = False
        with self.assertRaises(UserError):
            self.gary_enrollment.with_user(self.officer_user).action_invite_portal()

    def test_own_page_and_home_entry(self):
        self.login_fiona()
        response = self.url_open("/my/onboarding")
        self.assertEqual(response.status_code, 200)
        self.assertIn("CS assessment", response.text)
        self.assertIn("Handle ten chats", response.text)
        self.assertIn('name="viewport"', response.text, "the page scales on a phone")
        self.assertIn("/my/onboarding", self.url_open("/my").text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["onboarding_count"]})
        self.assertEqual(counters["onboarding_count"], 3)
        self.assertEqual(self.url_open(f"/my/onboarding/task/{self.fiona_task.id}").status_code, 200)

    def test_knowledge_of_the_own_program_only(self):
        Document = self.env["onboarding.knowledge.document"]
        other_program = self.program.copy({"name": "Warehouse"})
        handbook, guide, foreign = Document.create(
            [
                {"name": "Culture handbook", "body": "<p>We answer every buyer.</p>", "program_ids": self.program.ids},
                {
                    "name": "Chat guide",
                    "content_type": "file",
                    "datas": base64.b64encode(b"Greet, listen, solve."),
                    "filename": "chat.txt",
                    "item_ids": self.fiona_task.item_id.ids,
                },
                {"name": "Forklift rules", "body": "<p>Secret.</p>", "program_ids": other_program.ids},
            ]
        )
        (handbook | guide | foreign).action_approve()
        self.login_fiona()
        self.assertIn("Culture handbook", self.url_open("/my/onboarding").text)
        self.assertIn("Chat guide", self.url_open(f"/my/onboarding/task/{self.fiona_task.id}").text)
        self.assertIn("We answer every buyer.", self.url_open(f"/my/onboarding/knowledge/{handbook.id}").text)
        self.assertEqual(self.url_open(f"/my/onboarding/knowledge/{guide.id}").content, b"Greet, listen, solve.")
        self.assertEqual(self.url_open(f"/my/onboarding/knowledge/{foreign.id}").status_code, 404)

    def test_another_hire_s_task_answers_404(self):
        self.login_fiona()
        token = self.csrf(f"/my/onboarding/task/{self.fiona_task.id}")
        self.assertEqual(self.url_open(f"/my/onboarding/task/{self.gary_task.id}").status_code, 404)
        self.assertEqual(self.url_open("/my/onboarding/task/999999999").status_code, 404)
        for action in ("evidence", "submit", "exam"):
            response = self.url_open(
                f"/my/onboarding/task/{self.gary_task.id}/{action}",
                data={"csrf_token": token},
                files={"evidence": ("proof.png", PNG_BYTES, "image/png")},
            )
            self.assertEqual(response.status_code, 404, action)
        self.assertFalse(self.gary_task.evidence_attachment_ids)
        self.assertEqual(self.gary_task.state, "todo")
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/onboarding.task/search_read",
                {"model": "onboarding.task", "method": "search_read", "args": [[], ["name"]], "kwargs": {}},
            )

    def test_evidence_upload_checks_type_and_csrf(self):
        self.login_fiona()
        url = f"/my/onboarding/task/{self.fiona_task.id}"
        token = self.csrf(url)
        evil = self.url_open(
            f"{url}/evidence", data={"csrf_token": token}, files={"evidence": ("evil.png", EXE_BYTES, "image/png")}
        )
        self.assertEqual(evil.status_code, 400)
        self.assertIn("evil.png", evil.text)
        self.assertIn("not allowed as evidence", evil.text)
        with mute_logger("odoo.http"):
            no_csrf = self.url_open(
                f"{url}/evidence", data={}, files={"evidence": ("proof.png", PNG_BYTES, "image/png")}
            )
        self.assertEqual(no_csrf.status_code, 400)
        self.assertFalse(self.fiona_task.evidence_attachment_ids)

        done = self.url_open(
            f"{url}/evidence",
            data={"csrf_token": token, "submit": "1"},
            files={"evidence": ("proof.png", PNG_BYTES, "image/png")},
        )
        self.assertEqual(done.status_code, 200)
        self.assertIn("message=submitted", done.url)
        self.assertEqual(self.fiona_task.evidence_attachment_ids.mapped("name"), ["proof.png"])
        self.assertEqual(self.fiona_task.state, "done")

    def test_exam_opens_with_the_hire_s_answer_token(self):
        self.login_fiona()
        exam_task = self.fiona_enrollment.task_ids.filtered(lambda t: t.item_type == "exam")
        token = self.csrf(f"/my/onboarding/task/{exam_task.id}")
        response = self.url_open(
            f"/my/onboarding/task/{exam_task.id}/exam", data={"csrf_token": token}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        answer = self.env["survey.user_input"].search([("onboarding_task_id", "=", exam_task.id)])
        self.assertEqual(answer.partner_id, self.fiona_user.partner_id)
        self.assertIn(
            f"/survey/start/{self.survey.access_token}?answer_token={answer.access_token}", response.headers["Location"]
        )
        self.assertEqual(self.url_open(response.headers["Location"]).status_code, 200)

    def test_hire_who_gets_an_internal_user_continues(self):
        tasks_before = {task.id: task.state for task in self.fiona_enrollment.task_ids}
        self.fiona_user.write(
            {
                "groups_id": [
                    Command.unlink(self.env.ref("base.group_portal").id),
                    Command.link(self.env.ref("base.group_user").id),
                ]
            }
        )
        self.fiona.user_id = self.fiona_user
        self.assertEqual(self.fiona_enrollment.state, "running")
        self.assertEqual(self.fiona_enrollment.portal_user_id, self.fiona_user)
        self.assertEqual({task.id: task.state for task in self.fiona_enrollment.task_ids}, tasks_before)
        self.fiona_task.with_user(self.fiona_user).action_submit()
        self.assertEqual(self.fiona_task.state, "done")
        self.assertAlmostEqual(self.fiona_enrollment.with_user(self.fiona_user).completion_rate, 100 / 3)
        self.login_fiona()
        self.assertEqual(self.url_open("/my/onboarding").status_code, 200)

    def test_peer_review_from_the_portal(self):
        reviewer, other_reviewer = self.reviewer_users[:2]
        self.invite_reviewers(self.enrollment, self.reviewers[:2])
        review = self.env["onboarding.peer.reviewer"].with_user(reviewer).search([])
        self.authenticate(other_reviewer.login, other_reviewer.login)
        token = self.csrf("/my/onboarding/reviews")
        response = self.url_open(f"/my/onboarding/review/{review.id}", data={"csrf_token": token, "score": "80"})
        self.assertEqual(response.status_code, 404, "someone else's review")

        self.authenticate(reviewer.login, reviewer.login)
        token = self.csrf("/my/onboarding/reviews")
        self.assertIn("Henry Hire", self.url_open("/my/onboarding/reviews").text)
        url = f"/my/onboarding/review/{review.id}"
        too_high = self.url_open(url, data={"csrf_token": token, "score": "150", "comment": "Great."})
        self.assertEqual(too_high.status_code, 400)
        self.assertIn("between 0 and 100", too_high.text)
        ok = self.url_open(url, data={"csrf_token": token, "score": "80", "comment": "Calm with angry buyers."})
        self.assertIn("message=reviewed", ok.url)
        self.assertEqual(review.sudo().state, "done")
        self.assertEqual(review.sudo().score, 80)
