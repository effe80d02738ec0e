from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from odoo.addons.hr_attendance_gate.exceptions import AttendanceBlockedError

from .common import GateFixtures

# Shanghai People's Square, and a point about 300 m east of it.
SQUARE = (31.2304, 121.4737)
EAST_300M = (31.2304, 121.4769)


@tagged("post_install", "-at_install")
class TestSessionSignin(GateFixtures, TransactionCase):
    """Day-1 orientation on the start day, sign-in window 9:00-11:00 Shanghai time (01:00-03:00 UTC)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gate()
        cls.other_enrollment = cls.enroll(cls.other)
        cls.finish_preboarding(cls.enrollment)
        cls.finish_preboarding(cls.other_enrollment)
        cls.orientation = cls.program.item_ids.filtered(lambda i: i.item_type == "session")
        cls.hire_session = cls.task(cls.enrollment, "Orientation")
        cls.other_session = cls.task(cls.other_enrollment, "Orientation")

    def check_in(self, employee, when, position=None):
        geo = {"mode": "kiosk"}
        if position:
            geo.update(latitude=position[0], longitude=position[1])
        with freeze_time(when):
            return employee.sudo()._attendance_action_change(geo)

    def test_session_open_before_sign_in(self):
        self.assertEqual(self.hire_session.state, "todo")
        self.assertFalse(self.hire_session.signed_in)

    def test_check_in_inside_window_signs_in(self):
        attendance = self.check_in(self.hire, self.utc(0, 1, 30))
        self.assertEqual(self.hire_session.state, "done")
        self.assertTrue(self.hire_session.signed_in)
        self.assertEqual(self.hire_session.signin_method, "checkin")
        self.assertEqual(self.hire_session.signin_date, attendance.check_in, "signed in when checked in")
        self.assertEqual(self.other_session.state, "todo", "only the employee who checked in is signed in")

    def test_check_in_outside_window_does_not(self):
        self.check_in(self.hire, self.utc(0, 3, 30))  # 11:30 in Shanghai
        self.assertEqual(self.hire_session.state, "todo")
        self.assertFalse(self.hire_session.signed_in)

    def test_radius(self):
        self.orientation.write({"session_latitude": SQUARE[0], "session_longitude": SQUARE[1], "session_radius": 200})
        self.check_in(self.other, self.utc(0, 1), EAST_300M)
        self.assertFalse(self.other_session.signed_in, "300 m away is outside a 200 m radius")
        self.check_in(self.hire, self.utc(0, 1), (SQUARE[0] + 0.0005, SQUARE[1]))  # about 55 m north
        self.assertTrue(self.hire_session.signed_in)
        with self.assertRaises(ValidationError):
            self.orientation.write({"session_start_hour": 12.0})
        with self.assertRaises(ValidationError):
            self.orientation.write({"session_latitude": 0.0, "session_longitude": 0.0})

    def test_gate_comes_first(self):
        newcomer = (
            self.env["hr.employee"]
            .with_context(onboarding_no_auto_enroll=True)
            .create({"name": "Nina New", "tz": "Asia/Shanghai"})
        )
        enrollment = self.enroll(newcomer)
        with self.assertRaises(AttendanceBlockedError):
            self.check_in(newcomer, self.utc(0, 1, 30))
        self.assertFalse(self.task(enrollment, "Orientation").signed_in)

    def test_sign_in_sheet(self):
        for user in (self.manager_user, self.hire_user):
            with self.assertRaises(AccessError):
                self.env["onboarding.session.signin.wizard"].with_user(user).create(
                    {"item_id": self.orientation.id, "session_date": self.START}
                )
        action = self.orientation.with_user(self.officer_user).action_open_signin_sheet()
        form = Form(self.env[action["res_model"]].with_user(self.officer_user).with_context(**action["context"]))
        form.session_date = self.START
        self.assertEqual(len(form.line_ids), 2)
        for index in range(len(form.line_ids)):
            with form.line_ids.edit(index) as line:
                line.attended = line.employee_id == self.hire
        with freeze_time(self.utc(0, 5)):
            form.save().action_confirm()
        self.assertTrue(self.hire_session.signed_in)
        self.assertEqual(self.hire_session.signin_method, "sheet")
        self.assertEqual(self.hire_session.signin_date, self.utc(0, 5))
        self.assertEqual(self.hire_session.confirmed_by_id, self.officer_user, "the sheet names who signed them in")
        self.assertEqual(self.hire_session.state, "done")
        self.assertFalse(self.other_session.signed_in)
        with freeze_time(self.utc(1, 4)):
            self.orientation.invalidate_recordset()
            self.assertEqual(self.orientation.session_enrollee_count, 2)
            self.assertEqual(self.orientation.session_signed_in_count, 1)
            self.assertAlmostEqual(self.orientation.session_attendance_rate, 50.0)

    def test_sign_in_sheet_refuses_foreign_tasks(self):
        wizard = (
            self.env["onboarding.session.signin.wizard"]
            .with_user(self.officer_user)
            .create({"item_id": self.orientation.id, "session_date": self.START})
        )
        wizard.line_ids.attended = True
        handbook = self.task(self.enrollment, "Shop back office")
        wizard.line_ids[:1].task_id = handbook
        wizard.action_confirm()
        self.assertNotEqual(handbook.state, "done", "a sheet only signs in its own session's tasks")

    def test_session_is_never_handed_in(self):
        """Attendance is proven by a check-in inside the window or HR's sheet: nobody declares it."""
        self.assertTrue(self.hire_session.session_signin_only)
        self.assertIn("between 09:00 and 11:00", self.hire_session.session_signin_note)
        for task in (
            self.hire_session.with_user(self.hire_user),
            self.hire_session.with_user(self.officer_user),
            self.hire_session.sudo(),
        ):
            with self.subTest(user=task.env.user.login, su=task.env.su), self.assertRaises(UserError) as caught:
                task.action_submit()
            self.assertIn("sign-in sheet", str(caught.exception))
        self.hire_session.invalidate_recordset()
        self.assertEqual(self.hire_session.state, "todo")
        self.assertFalse(self.hire_session.submitted_date or self.hire_session.signed_in)
        with self.assertRaises(AccessError):
            self.hire_session.with_user(self.hire_user).write({"state": "done"})

    def test_session_without_window_is_handed_in(self):
        self.orientation.write({"session_start_hour": 0.0, "session_end_hour": 0.0})
        self.assertFalse(self.hire_session.session_signin_only)
        self.hire_session.with_user(self.hire_user).action_submit()
        self.assertEqual(self.hire_session.state, "done")
        self.assertFalse(self.hire_session.signed_in)
