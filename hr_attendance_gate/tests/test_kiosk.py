import json
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import GateFixtures

BLOCKED_ERROR = "odoo.addons.hr_attendance_gate.exceptions.AttendanceBlockedError"


@tagged("post_install", "-at_install")
class TestKioskGate(GateFixtures, HttpCase):
    """Every web path of a check-in, as the kiosk and the systray call it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gate()

    def rpc(self, route, **params):
        """JSON-RPC call returning (result, error) so refusals can be inspected."""
        payload = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}).encode()
        response = self.url_open(route, data=payload, headers={"Content-Type": "application/json"})
        response.raise_for_status()
        body = response.json()
        return body.get("result"), body.get("error")

    def assertRefused(self, error):
        self.assertTrue(error, "the check-in must be refused")
        self.assertEqual(error["data"]["name"], BLOCKED_ERROR)
        self.assertIn("Employee handbook", error["data"]["message"])
        self.assertIn("Culture handbook", error["data"]["message"])
        self.assertNotIn("Traceback", error["data"]["message"], "the person reads the message, not a stack")

    def attendances(self, employee):
        return self.env["hr.attendance"].sudo().search([("employee_id", "=", employee.id)])

    def test_kiosk_badge_refused_then_allowed(self):
        params = {"token": self.kiosk_token, "barcode": "041000000001"}
        result, error = self.rpc("/hr_attendance/attendance_barcode_scanned", **params)
        self.assertRefused(error)
        self.assertFalse(self.attendances(self.hire))
        self.finish_preboarding(self.enrollment)
        result, error = self.rpc("/hr_attendance/attendance_barcode_scanned", **params)
        self.assertFalse(error)
        self.assertEqual(result["attendance_state"], "checked_in")
        self.assertEqual(self.attendances(self.hire).in_mode, "kiosk")

    def test_kiosk_pin_refused_then_allowed_with_exemption(self):
        self.company.sudo().attendance_kiosk_use_pin = True
        params = {"token": self.kiosk_token, "employee_id": self.hire.id, "pin_code": "1234"}
        result, error = self.rpc("/hr_attendance/manual_selection", **params)
        self.assertRefused(error)
        self.assertFalse(self.attendances(self.hire))
        self.env["onboarding.attendance.exemption"].with_user(self.officer_user).create(
            {"employee_id": self.hire.id, "date_to": fields.Date.today() + timedelta(days=1), "reason": "Paper"}
        )
        result, error = self.rpc("/hr_attendance/manual_selection", latitude=31.23, longitude=121.47, **params)
        self.assertFalse(error)
        self.assertEqual(result["attendance_state"], "checked_in")
        # Check-out goes through whatever happens to the exemption.
        self.env["onboarding.attendance.exemption"].search([("employee_id", "=", self.hire.id)]).action_archive()
        result, error = self.rpc("/hr_attendance/manual_selection", **params)
        self.assertFalse(error)
        self.assertEqual(result["attendance_state"], "checked_out")

    def test_systray_refused_then_allowed(self):
        self.authenticate("gate_hire", "gate_hire")
        result, error = self.rpc("/hr_attendance/systray_check_in_out", latitude=31.23, longitude=121.47)
        self.assertRefused(error)
        self.assertFalse(self.attendances(self.hire))
        self.finish_preboarding(self.enrollment)
        result, error = self.rpc("/hr_attendance/systray_check_in_out")
        self.assertFalse(error)
        self.assertEqual(self.attendances(self.hire).in_mode, "systray")

    def test_kiosk_list_flags_pending_training(self):
        result, error = self.rpc(
            "/hr_attendance/employees_infos",
            token=self.kiosk_token,
            limit=20,
            offset=0,
            domain=[["id", "in", (self.hire | self.other).ids]],
        )
        self.assertFalse(error)
        flags = {record["id"]: record["attendance_blocked"] for record in result["records"]}
        self.assertTrue(flags[self.hire.id])
        self.assertFalse(flags[self.other.id])

    def test_kiosk_tour_shows_refusal(self):
        self.start_tour(f"/hr_attendance/{self.kiosk_token}", "hr_attendance_gate_kiosk_blocked", login="admin")
        self.assertFalse(self.attendances(self.hire))

    def test_systray_tour_shows_refusal(self):
        self.start_tour("/odoo", "hr_attendance_gate_systray_blocked", login="gate_hire")
        self.assertFalse(self.attendances(self.hire))
