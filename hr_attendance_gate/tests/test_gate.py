from datetime import date, datetime, time, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from odoo.addons.hr_attendance_gate.exceptions import AttendanceBlockedError

from .common import GateFixtures


@tagged("post_install", "-at_install")
class TestAttendanceGate(GateFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gate()

    def assertRefused(self, cm):
        message = str(cm.exception)
        self.assertIn("Henry Hire", message)
        self.assertIn("Employee handbook", message)
        self.assertIn("Culture handbook", message)
        self.assertNotIn("Optional reading", message, "optional items never block")

    def attendances(self, employee):
        return self.env["hr.attendance"].sudo().search([("employee_id", "=", employee.id)])

    def test_blocked_flag(self):
        self.assertEqual(self.hire.onboarding_state, "pending")
        self.assertTrue(self.hire.attendance_blocked)
        self.assertFalse(self.other.attendance_blocked)
        public = self.env["hr.employee.public"].browse(self.hire.id)
        self.assertTrue(public.attendance_blocked)
        blocked = self.env["hr.employee"].search([("attendance_blocked", "=", True)])
        self.assertIn(self.hire, blocked)
        self.assertNotIn(self.other, blocked)
        views = self.env["hr.employee"].get_views([(False, "kanban"), (False, "form")])["views"]
        for view_type in ("kanban", "form"):
            self.assertIn("o_attendance_gate_pending", views[view_type]["arch"], f"badge on the {view_type}")

    def test_manual_creation_refused(self):
        form = Form(self.env["hr.attendance"].with_user(self.att_admin_user))
        form.employee_id = self.hire
        form.check_in = fields.Datetime.now() - timedelta(hours=1)
        with self.assertRaises(AttendanceBlockedError) as cm:
            form.save()
        self.assertRefused(cm)
        self.assertFalse(self.attendances(self.hire))

    def test_rpc_create_refused(self):
        # No employee given: the default is the user's own employee, refused just the same.
        with self.assertRaises(AttendanceBlockedError) as cm:
            self.env["hr.attendance"].with_user(self.hire_user).create({})
        self.assertRefused(cm)
        with self.assertRaises(AttendanceBlockedError):
            self.env["hr.attendance"].sudo().create({"employee_id": self.hire.id, "check_in": fields.Datetime.now()})
        self.assertFalse(self.attendances(self.hire))

    def test_rpc_write_opening_refused(self):
        now = fields.Datetime.now()
        others = self.env["hr.attendance"].create(
            {"employee_id": self.other.id, "check_in": now - timedelta(hours=3), "check_out": now - timedelta(hours=2)}
        )
        with self.assertRaises(AttendanceBlockedError):
            others.with_user(self.att_admin_user).write({"employee_id": self.hire.id})
        # Absence detection records closed technical attendances as superuser; the gate lets it.
        technical = self.env["hr.attendance"].create(
            {
                "employee_id": self.hire.id,
                "check_in": now - timedelta(days=2),
                "check_out": now - timedelta(days=2) + timedelta(seconds=1),
                "in_mode": "technical",
                "out_mode": "technical",
            }
        )
        with self.assertRaises(AttendanceBlockedError):
            technical.with_user(self.att_admin_user).write({"check_out": False})
        # Correcting an attendance that stays closed and stays theirs checks nobody in.
        technical.with_user(self.att_admin_user).write(
            {"employee_id": self.hire.id, "check_out": technical.check_out + timedelta(seconds=1)}
        )
        # A user cannot pass a check-in off as technical.
        with self.assertRaises(AttendanceBlockedError):
            self.env["hr.attendance"].with_user(self.att_admin_user).create(
                {
                    "employee_id": self.hire.id,
                    "check_in": now - timedelta(days=1),
                    "check_out": now - timedelta(days=1, seconds=-1),
                    "in_mode": "technical",
                }
            )

    def test_import_refused(self):
        check_in = fields.Datetime.to_string(fields.Datetime.now() - timedelta(hours=1))
        result = (
            self.env["hr.attendance"]
            .with_user(self.att_admin_user)
            .load(["employee_id", "check_in"], [["Oscar Other", check_in], ["Henry Hire", check_in]])
        )
        self.assertFalse(result["ids"])
        messages = " ".join(m["message"] for m in result["messages"])
        self.assertIn("Employee handbook", messages)
        self.assertFalse(self.attendances(self.hire) | self.attendances(self.other))

    def test_employee_action_refused(self):
        with self.assertRaises(AttendanceBlockedError) as cm:
            self.hire.sudo()._attendance_action_change({"mode": "kiosk"})
        self.assertRefused(cm)
        self.assertEqual(self.hire.sudo().attendance_state, "checked_out")

    # Midday in Shanghai: correcting the check-out below stays on the attendance's own day.
    @freeze_time(datetime.combine(date.today(), time(4)))
    def test_check_out_never_refused(self):
        exemption = self.env["onboarding.attendance.exemption"].create(
            {"employee_id": self.hire.id, "date_to": fields.Date.today() + timedelta(days=1), "reason": "Platform down"}
        )
        attendance = self.hire.sudo()._attendance_action_change()
        self.assertFalse(attendance.check_out)
        exemption.action_archive()
        self.assertTrue(self.hire.attendance_blocked)
        self.hire.sudo()._attendance_action_change()
        self.assertTrue(attendance.check_out)
        attendance.write({"check_out": attendance.check_out + timedelta(minutes=5)})
        with self.assertRaises(AttendanceBlockedError):
            self.hire.sudo()._attendance_action_change()

    def test_allowed_once_preboarding_done(self):
        self.finish_preboarding(self.enrollment)
        self.assertEqual(self.hire.onboarding_state, "training")
        self.assertFalse(self.hire.attendance_blocked)
        attendance = self.hire.sudo()._attendance_action_change({"mode": "kiosk"})
        self.assertEqual(attendance.employee_id, self.hire)
        self.assertEqual(attendance.in_mode, "kiosk")

    def test_exemption_lets_check_in_until_it_expires(self):
        today = fields.Date.today()
        upcoming = self.env["onboarding.attendance.exemption"].create(
            {
                "employee_id": self.hire.id,
                "date_from": today + timedelta(days=5),
                "date_to": today + timedelta(days=6),
                "reason": "Later",
            }
        )
        self.assertEqual(upcoming.state, "upcoming")
        self.assertTrue(self.hire.attendance_blocked, "an upcoming exemption does not apply yet")
        exemption = self.env["onboarding.attendance.exemption"].create(
            {"employee_id": self.hire.id, "date_to": today + timedelta(days=1), "reason": "Course platform down"}
        )
        self.assertEqual(exemption.state, "valid")
        self.assertFalse(self.hire.attendance_blocked)
        self.env["hr.attendance"].with_user(self.att_admin_user).create(
            {
                "employee_id": self.hire.id,
                "check_in": fields.Datetime.now() - timedelta(hours=2),
                "check_out": fields.Datetime.now() - timedelta(hours=1),
            }
        )
        with freeze_time(fields.Datetime.now() + timedelta(days=3)):
            exemption.invalidate_recordset(["state"])
            self.assertEqual(exemption.state, "expired")
            with self.assertRaises(AttendanceBlockedError):
                self.hire.sudo()._attendance_action_change()
            refreshed = self.env["hr.employee"]._cron_refresh_attendance_blocked()
            self.assertIn(self.hire, refreshed)
            self.assertTrue(self.hire.attendance_blocked)
            expired = self.env["onboarding.attendance.exemption"].search(
                [("employee_id", "=", self.hire.id), ("state", "=", "expired")]
            )
            self.assertEqual(expired, exemption)

    def test_exemption_officer_only_and_tracked(self):
        # Explicit dates: "today" differs between UTC and the user's time zone around midnight.
        today = fields.Date.today()
        vals = {"employee_id": self.hire.id, "date_from": today, "date_to": today, "reason": "Platform down"}
        for user in (self.hire_user, self.manager_user, self.att_admin_user):
            with self.assertRaises(AccessError):
                self.env["onboarding.attendance.exemption"].with_user(user).create(vals)
        Exemption = self.env["onboarding.attendance.exemption"].with_user(self.officer_user)
        exemption = Exemption.with_context(tracking_disable=False, mail_notrack=False).create(vals)
        self.assertEqual(exemption.granted_by_id, self.officer_user)
        # Creation and change happen in separate requests in real life: close the first one's tracking.
        self.env.flush_all()
        self.env.cr.precommit.run()
        exemption.with_context(tracking_disable=False, mail_notrack=False).write(
            {"date_to": fields.Date.today() + timedelta(days=1)}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        exemption.invalidate_recordset(["message_ids"])
        tracked = (
            exemption.sudo().message_ids.sudo().tracking_value_ids.filtered(lambda v: v.field_id.name == "date_to")
        )
        self.assertTrue(tracked, "a changed exemption leaves a trail in the chatter")
        trail = (
            self.env["onboarding.audit.log"]
            .sudo()
            .search([("res_model", "=", exemption._name), ("res_id", "=", exemption.id)])
        )
        self.assertEqual(trail.mapped("event"), ["exemption", "exemption"], "granted, then changed")
        self.assertFalse(self.env["onboarding.audit.log"]._first_broken())
        with self.assertRaises(AccessError):
            exemption.with_user(self.hire_user).write({"date_to": fields.Date.today() + timedelta(days=30)})
        with self.assertRaises(AccessError):
            exemption.with_user(self.officer_user).unlink()

    def test_message_is_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hr_attendance_gate"], ["zh_CN"], overwrite=True)
        with self.assertRaises(AttendanceBlockedError) as cm:
            self.hire.with_context(lang="zh_CN").sudo()._attendance_action_change()
        self.assertIn("Employee handbook", str(cm.exception))
        self.assertIn("培训", str(cm.exception))

    def test_record_rules(self):
        Exemption = self.env["onboarding.attendance.exemption"]
        today = fields.Date.today()
        exemption = Exemption.create(
            {"employee_id": self.hire.id, "date_from": today, "date_to": today, "reason": "Paper"}
        )
        self.assertEqual(Exemption.with_user(self.hire_user).search([]), exemption, "employees see their own")
        self.assertFalse(Exemption.with_user(self.other_user).search([]))
        self.assertEqual(Exemption.with_user(self.manager_user).search([]), exemption, "managers see their people's")
        self.assertIn(exemption, Exemption.with_user(self.officer_user).search([]))
        other_company = self.env["res.company"].create({"name": "Other Shop"})
        foreign_officer = new_test_user(
            self.env,
            "gate_foreign_officer",
            groups="base.group_user,onboarding_training.group_onboarding_officer",
            company_id=other_company.id,
            company_ids=[other_company.id],
        )
        self.assertNotIn(exemption, Exemption.with_user(foreign_officer).search([]), "officers see their companies")
        with self.assertRaises(AccessError):
            exemption.with_user(foreign_officer).read(["reason"])
