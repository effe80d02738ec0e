from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import api
from odoo.tests import TransactionCase, tagged

from odoo.addons.hr_attendance_gate.models.hr_attendance import HrAttendance as GateAttendance
from odoo.addons.hr_attendance_gate.models.hr_employee import HrEmployee as GateEmployee

from .common import GateFixtures

# Measured on Odoo 18.0 with this addon; a change means the hot path changed: look before updating.
CHECK_IN_QUERIES = 25
STOCK_CHECK_IN_QUERIES = 24


def _stock_attendance_action_change(self, geo_information=None):
    return super(GateEmployee, self)._attendance_action_change(geo_information)


@api.model_create_multi
def _stock_create(self, vals_list):
    return super(GateAttendance, self).create(vals_list)


@tagged("post_install", "-at_install")
class TestCheckInCost(GateFixtures, TransactionCase):
    """A check-in of an employee the gate lets through costs about what stock hr_attendance costs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gate()
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.trainees = Employee.create([{"name": f"Trainee {n}", "tz": "Asia/Shanghai"} for n in range(4)])
        enrollments = cls.enroll(cls.trainees)
        # sudo: fast-forward pre-boarding without going through every submission.
        enrollments.task_ids.filtered("blocks_attendance").sudo().write({"state": "done"})
        cls.few, cls.many, cls.stock, cls.warmup = cls.trainees
        start = datetime(2015, 1, 5, 1, 0)
        vals_list = [
            {
                "employee_id": employee.id,
                "check_in": start + timedelta(days=day),
                "check_out": start + timedelta(days=day, hours=8),
            }
            for employee, count in ((cls.few, 10), (cls.stock, 10), (cls.warmup, 10), (cls.many, 2000))
            for day in range(count)
        ]
        cls.env["hr.attendance"].create(vals_list)

    def setUp(self):
        super().setUp()
        # The first check-in of a transaction fills caches every later one finds ready.
        self.check_in(self.warmup)

    def check_in(self, employee):
        self.env.invalidate_all()
        employee.sudo()._attendance_action_change({"mode": "kiosk", "latitude": 31.2, "longitude": 121.4})

    def test_trainees_are_unblocked(self):
        self.assertEqual(set(self.trainees.mapped("onboarding_state")), {"training"})
        self.assertFalse(any(self.trainees.mapped("attendance_blocked")))

    def test_check_in_cost_against_stock(self):
        with (
            patch.object(GateEmployee, "_attendance_action_change", _stock_attendance_action_change),
            patch.object(GateAttendance, "create", _stock_create),
            self.assertQueryCount(STOCK_CHECK_IN_QUERIES),
        ):
            self.check_in(self.stock)
        with self.assertQueryCount(CHECK_IN_QUERIES):
            self.check_in(self.few)
        self.assertLessEqual(CHECK_IN_QUERIES - STOCK_CHECK_IN_QUERIES, 2)

    def test_check_in_cost_is_flat_in_history(self):
        with self.assertQueryCount(CHECK_IN_QUERIES):
            self.check_in(self.few)
        with self.assertQueryCount(CHECK_IN_QUERIES):
            self.check_in(self.many)
