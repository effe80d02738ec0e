from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from odoo.addons.hr_attendance_gate.exceptions import AttendanceBlockedError

from .common import GateFixtures


@tagged("post_install", "-at_install")
class TestAttendanceMove(GateFixtures, TransactionCase):
    """An attendance cannot be moved onto a day its employee may not check in, by its times or its employee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gate()
        cls.today = cls.hire._onboarding_local_today()
        # The hire is pending training; HR let them check in on the last three days only.
        cls.exemption = cls.env["onboarding.attendance.exemption"].create(
            {
                "employee_id": cls.hire.id,
                "date_from": cls.today - timedelta(days=2),
                "date_to": cls.today,
                "reason": "Course platform down",
            }
        )
        cls.Attendance = cls.env["hr.attendance"].with_user(cls.att_admin_user)

    @classmethod
    def at(cls, days, hour):
        """Naive UTC datetime `days` after the hire's today at `hour` UTC (Shanghai is 8 hours ahead)."""
        return datetime.combine(cls.today + timedelta(days=days), time(hour))

    def attendance(self, employee, days, hours=(1, 9)):
        return self.Attendance.create(
            {"employee_id": employee.id, "check_in": self.at(days, hours[0]), "check_out": self.at(days, hours[1])}
        )

    def assertRefused(self, attendance, vals):
        before = attendance.read(["employee_id", "check_in", "check_out"])
        with self.assertRaises(AttendanceBlockedError) as caught:
            attendance.write(vals)
        self.assertIn("Henry Hire", str(caught.exception))
        self.assertIn("Employee handbook", str(caught.exception))
        attendance.invalidate_recordset()
        self.assertEqual(attendance.read(["employee_id", "check_in", "check_out"]), before, "nothing was written")

    def test_moving_onto_a_blocked_day_refused(self):
        attendance = self.attendance(self.hire, -1)
        self.assertRefused(attendance, {"check_in": self.at(-5, 1), "check_out": self.at(-5, 9)})
        self.assertRefused(attendance, {"check_out": self.at(1, 9)})
        self.assertRefused(attendance, {"check_in": self.at(-3, 1)})
        self.assertRefused(attendance.sudo(), {"check_in": self.at(-5, 1), "check_out": self.at(-5, 9)})

    def test_moving_within_allowed_days_passes(self):
        attendance = self.attendance(self.hire, -1)
        attendance.write({"check_in": self.at(-2, 1), "check_out": self.at(-2, 9)})
        attendance.write({"check_in": self.at(-2, 2), "check_out": self.at(-2, 10)})
        self.assertEqual(attendance.check_in, self.at(-2, 2))
        # Once the exemption is gone, corrections within the attendance's own day still go through.
        self.exemption.action_archive()
        attendance.write({"check_out": self.at(-2, 11)})
        self.assertRefused(attendance, {"check_in": self.at(-1, 1), "check_out": self.at(-1, 9)})

    def test_closing_is_never_refused(self):
        with freeze_time(self.at(0, 14)):  # 22:00 in Shanghai
            attendance = self.hire.sudo()._attendance_action_change({"mode": "kiosk"})
        self.exemption.action_archive()
        # Closed after midnight, on a day without exemption: a check-out is never refused.
        attendance.with_user(self.att_admin_user).write({"check_out": self.at(0, 17)})
        self.assertEqual(attendance.check_out, self.at(0, 17))

    def test_moving_to_another_employee(self):
        theirs = self.attendance(self.other, -5)
        self.assertRefused(theirs, {"employee_id": self.hire.id})
        allowed_day = self.attendance(self.other, -1)
        allowed_day.write({"employee_id": self.hire.id})
        self.assertEqual(allowed_day.employee_id, self.hire)

    def test_employees_not_pending_move_freely(self):
        attendance = self.attendance(self.other, -1)
        attendance.write({"check_in": self.at(-30, 1), "check_out": self.at(-30, 9)})
        self.finish_preboarding(self.enrollment)
        attendance = self.attendance(self.hire, -1)
        attendance.write({"check_in": self.at(-30, 1), "check_out": self.at(-30, 9)})
        self.assertEqual(attendance.check_in, self.at(-30, 1))

    def test_import_update_refused(self):
        attendance = self.attendance(self.hire, -1)
        xmlid = attendance.sudo().export_data(["id"])["datas"][0][0]
        result = self.Attendance.load(
            ["id", "check_in", "check_out"],
            [[xmlid, str(self.at(-5, 1)), str(self.at(-5, 9))]],
        )
        self.assertFalse(result["ids"])
        self.assertIn("Employee handbook", " ".join(m["message"] for m in result["messages"]))
        attendance.invalidate_recordset()
        self.assertEqual(attendance.check_in, self.at(-1, 1))
