import json
import re
from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.onboarding_training.tests.common import PNG_BYTES

from .common import GateFixtures

BLOCKED_ERROR = "odoo.addons.hr_attendance_gate.exceptions.AttendanceBlockedError"
USER_ERROR = "odoo.exceptions.UserError"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "Pre-boarding-2024!"


@tagged("post_install", "-at_install")
class TestAttackGateHttp(GateFixtures, HttpCase):
    """What a hire or an attendance officer can send over HTTP against session sign-in and the gate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gate()
        chinese = cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["hr_attendance_gate"], ["zh_CN"], overwrite=True)
        if "website" in cls.env:
            # With eLearning (onboarding_slides) the portal is served by the website, in its languages only.
            cls.env["website"].search([]).language_ids |= chinese
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        # A future hire without an internal user: the portal is all they have.
        cls.fiona = Employee.create(
            {"name": "Fiona Future", "private_email": "fiona@example.com", "tz": "Asia/Shanghai"}
        )
        cls.fiona_enrollment = cls.enroll(cls.fiona)
        cls.fiona_enrollment.with_user(cls.officer_user).action_invite_portal()
        cls.portal_user = cls.fiona_enrollment.portal_user_id
        cls.portal_user.password = PASSWORD
        # sudo: the course tasks are handed in as the hire would, before the day-1 session.
        cls.fiona_enrollment.task_ids.filtered(lambda t: t.blocks_attendance and t.required).sudo().action_submit()
        cls.finish_preboarding(cls.enrollment)
        cls.fiona_session = cls.task(cls.fiona_enrollment, "Orientation")
        cls.hire_session = cls.task(cls.enrollment, "Orientation")
        cls.reading = cls.task(cls.fiona_enrollment, "Optional reading")
        # Nina is pending training; HR let her check in on the last three days only.
        cls.nina = Employee.create({"name": "Nina New", "tz": "Asia/Shanghai"})
        cls.enroll(cls.nina)
        cls.today = cls.nina._onboarding_local_today()
        cls.env["onboarding.attendance.exemption"].with_user(cls.officer_user).create(
            {
                "employee_id": cls.nina.id,
                "date_from": cls.today - timedelta(days=2),
                "date_to": cls.today,
                "reason": "Course platform down",
            }
        )

    def rpc(self, route, params):
        """JSON-RPC call returning (result, error) so refusals can be inspected."""
        payload = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}).encode()
        response = self.url_open(route, data=payload, headers={"Content-Type": "application/json"})
        response.raise_for_status()
        body = response.json()
        return body.get("result"), body.get("error")

    def call_kw(self, model, method, args, kwargs=None):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def assertUntouched(self, task):
        task.invalidate_recordset()
        self.assertEqual(task.state, "todo")
        self.assertFalse(task.signed_in)
        self.assertFalse(task.submitted_date)
        self.assertFalse(task.done_date)

    def utc(self, day, hour):
        """Naive UTC datetime of `hour` o'clock UTC on `day` (Shanghai is 8 hours ahead)."""
        return datetime.combine(day, time(hour))

    # ------------------------------------------------------------------
    # Finding 5: a session with a sign-in window is never handed in
    # ------------------------------------------------------------------
    def test_portal_hire_cannot_hand_in_a_session(self):
        self.assertEqual(self.fiona_session.state, "todo")
        self.authenticate(self.portal_user.login, PASSWORD)
        submit_action = f'action="/my/onboarding/task/{self.fiona_session.id}/submit"'
        reading_page = self.url_open(f"/my/onboarding/task/{self.reading.id}")
        self.assertEqual(reading_page.status_code, 200)
        self.assertIn(f'action="/my/onboarding/task/{self.reading.id}/submit"', reading_page.text, "other tasks")
        page = self.url_open(f"/my/onboarding/task/{self.fiona_session.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(submit_action, page.text, "no hand-in button for a session with a sign-in window")
        self.assertNotIn('name="submit"', page.text, "nor a 'hand in now' box on the upload form")
        self.assertIn("This session completes when you check in between 09:00 and 11:00", page.text)
        token = CSRF_RE.search(reading_page.text).group(1)
        response = self.url_open(
            f"/my/onboarding/task/{self.fiona_session.id}/submit", data={"csrf_token": token}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Orientation cannot be handed in", response.text)
        self.assertUntouched(self.fiona_session)
        # The upload form's "hand in now" box is the same request by another route.
        response = self.url_open(
            f"/my/onboarding/task/{self.fiona_session.id}/evidence",
            data={"csrf_token": token, "submit": "1"},
            files={"evidence": ("photo.png", PNG_BYTES, "image/png")},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Orientation cannot be handed in", response.text)
        self.assertUntouched(self.fiona_session)
        self.assertFalse(self.fiona_session.evidence_attachment_ids, "the upload went back with the refusal")

    def test_portal_page_says_how_a_session_completes_in_chinese(self):
        self.portal_user.lang = "zh_CN"
        self.authenticate(self.portal_user.login, PASSWORD)
        page = self.url_open(f"/my/onboarding/task/{self.fiona_session.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("签到表", page.text)
        self.assertIn("09:00", page.text)
        self.assertNotIn("This session completes", page.text)

    def test_rpc_action_submit_refused(self):
        for user in (self.hire_user, self.officer_user):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                result, error = self.call_kw("onboarding.task", "action_submit", [self.hire_session.ids])
                self.assertFalse(result)
                self.assertEqual(error["data"]["name"], USER_ERROR)
                self.assertIn("sign-in sheet", error["data"]["message"])
                self.assertUntouched(self.hire_session)

    # ------------------------------------------------------------------
    # Finding 6: a closed attendance cannot be moved onto a blocked day
    # ------------------------------------------------------------------
    def test_rpc_moving_an_attendance_onto_a_blocked_day_refused(self):
        yesterday = self.today - timedelta(days=1)
        attendance = (
            self.env["hr.attendance"]
            .with_user(self.att_admin_user)
            .create(
                {"employee_id": self.nina.id, "check_in": self.utc(yesterday, 1), "check_out": self.utc(yesterday, 9)}
            )
        )
        self.assertFalse(self.nina.attendance_blocked, "exempted today")
        blocked_day = self.today - timedelta(days=5)
        self.authenticate(self.att_admin_user.login, self.att_admin_user.login)
        values = {
            "check_in": fields.Datetime.to_string(self.utc(blocked_day, 1)),
            "check_out": fields.Datetime.to_string(self.utc(blocked_day, 9)),
        }
        result, error = self.call_kw("hr.attendance", "write", [attendance.ids, values], {"context": {"lang": "zh_CN"}})
        self.assertFalse(result)
        self.assertEqual(error["data"]["name"], BLOCKED_ERROR)
        self.assertIn("Nina New", error["data"]["message"])
        self.assertIn("暂时不能打卡", error["data"]["message"], "the gate's message, in the caller's language")
        attendance.invalidate_recordset()
        self.assertEqual(attendance.check_in, self.utc(yesterday, 1), "nothing moved")
        # Handing someone else's attendance of that day to Nina is the same move.
        theirs = self.env["hr.attendance"].create(
            {"employee_id": self.other.id, "check_in": self.utc(blocked_day, 1), "check_out": self.utc(blocked_day, 9)}
        )
        result, error = self.call_kw("hr.attendance", "write", [theirs.ids, {"employee_id": self.nina.id}])
        self.assertEqual(error["data"]["name"], BLOCKED_ERROR)
        theirs.invalidate_recordset()
        self.assertEqual(theirs.employee_id, self.other)
        # Within her exempted days the correction goes through.
        day_before = self.today - timedelta(days=2)
        result, error = self.call_kw(
            "hr.attendance",
            "write",
            [
                attendance.ids,
                {
                    "check_in": fields.Datetime.to_string(self.utc(day_before, 1)),
                    "check_out": fields.Datetime.to_string(self.utc(day_before, 9)),
                },
            ],
        )
        self.assertFalse(error)
        attendance.invalidate_recordset()
        self.assertEqual(attendance.check_in, self.utc(day_before, 1))
