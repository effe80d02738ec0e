from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import api
from odoo.tests import TransactionCase, tagged

from odoo.addons.hr_attendance_gate.models.hr_attendance import HrAttendance as GateAttendance
from odoo.addons.hr_attendance_gate.models.hr_employee import HrEmployee as GateEmployee

from .common import GateFixtures

# Measured on Odoo 18.0: a change means the check-in path changed; look before updating.
# Stock hr_attendance itself grows with history: _update_overtime() searches with OR([], ...), which is
# always true, so it reads every past attendance of the employee (one fetch per 1,000 records).
STOCK_FEW, STOCK_MANY = 20, 22
GATE_FEW, GATE_MANY = 21, 23


def _stock_attendance_action_change(self, geo_information=None):
    return super(GateEmployee, self)._attendance_action_change(geo_information)


@api.model_create_multi
def _stock_create(self, vals_list):
    return super(GateAttendance, self).create(vals_list)


@tagged("post_install", "-at_install")
class TestCheckInCost(GateFixtures, TransactionCase):
    """A check-in of an employee the gate lets through costs one query more than stock hr_attendance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gate()
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.trainees = Employee.create([{"name": f"Trainee {n}", "tz": "Asia/Shanghai"} for n in range(5)])
        enrollments = cls.enroll(cls.trainees)
        # sudo: fast-forward pre-boarding without going through every submission.
        enrollments.task_ids.filtered("blocks_attendance").sudo().write({"state": "done"})
        cls.few, cls.many, cls.stock_few, cls.stock_many, cls.warmup = cls.trainees
        # Five-minute attendances, back to back over a few days a year ago, all in one create().
        start = datetime.now().replace(microsecond=0) - timedelta(days=365)
        history = ((cls.few, 10), (cls.stock_few, 10), (cls.warmup, 10), (cls.many, 2000), (cls.stock_many, 2000))
        cls.env["hr.attendance"].create(
            [
                {
                    "employee_id": employee.id,
                    "check_in": start + timedelta(minutes=6 * n),
                    "check_out": start + timedelta(minutes=6 * n + 5),
                }
                for employee, count in history
                for n in range(count)
            ]
        )

    def setUp(self):
        super().setUp()
        # The first check-in of a transaction fills caches that every later one finds ready.
        self.check_in(self.warmup)

    def check_in(self, employee):
        self.env.invalidate_all()
        attendance = employee.sudo()._attendance_action_change({"mode": "kiosk", "latitude": 31.2, "longitude": 121.4})
        self.assertFalse(attendance.check_out)

    def stock_check_in(self, employee):
        with (
            patch.object(GateEmployee, "_attendance_action_change", _stock_attendance_action_change),
            patch.object(GateAttendance, "create", _stock_create),
        ):
            self.check_in(employee)

    def test_trainees_are_unblocked(self):
        self.assertEqual(set(self.trainees.mapped("onboarding_state")), {"training"})
        self.assertFalse(any(self.trainees.mapped("attendance_blocked")))
        self.assertEqual(len(self.many.sudo().attendance_ids), 2000)

    def test_check_in_cost_against_stock(self):
        with self.assertQueryCount(STOCK_FEW):
            self.stock_check_in(self.stock_few)
        with self.assertQueryCount(GATE_FEW):
            self.check_in(self.few)
        with self.assertQueryCount(STOCK_MANY):
            self.stock_check_in(self.stock_many)
        with self.assertQueryCount(GATE_MANY):
            self.check_in(self.many)
        self.assertLessEqual(GATE_FEW - STOCK_FEW, 2)
        self.assertEqual(GATE_MANY - STOCK_MANY, GATE_FEW - STOCK_FEW, "the gate's cost does not grow with history")
