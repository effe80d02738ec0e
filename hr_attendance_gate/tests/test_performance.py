from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import api
from odoo.tests import TransactionCase, tagged

from odoo.addons.hr_attendance_gate.models.hr_attendance import HrAttendance as GateAttendance
from odoo.addons.hr_attendance_gate.models.hr_employee import HrEmployee as GateEmployee

from .common import GateFixtures

# Measured on Odoo 18.0, against stock hr_attendance in the same run (other installed addons move both
# counts alike). A change means the check-in path changed: look before updating.
GATE_QUERIES = 1  # the search for a session the check-in could sign in to
# Stock hr_attendance grows with history by itself: _update_overtime() searches with OR([], ...), which
# is always true, so it reads every past attendance of the employee (one fetch per 1,000 records).
STOCK_HISTORY_QUERIES = 2


def _stock_attendance_action_change(self, geo_information=None):
    return super(GateEmployee, self)._attendance_action_change(geo_information)


@api.model_create_multi
def _stock_create(self, vals_list):
    return super(GateAttendance, self).create(vals_list)


@tagged("post_install", "-at_install")
class TestCheckInCost(GateFixtures, TransactionCase):
    """A check-in the gate lets through costs one query more than stock hr_attendance, whatever the history."""

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

    def count_queries(self, check_in, employee):
        self.env.flush_all()
        before = self.cr.sql_log_count
        check_in(employee)
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_check_in_cost_against_stock(self):
        stock_few = self.count_queries(self.stock_check_in, self.stock_few)
        stock_many = self.count_queries(self.stock_check_in, self.stock_many)
        self.assertEqual(stock_many - stock_few, STOCK_HISTORY_QUERIES)
        with self.assertQueryCount(stock_few + GATE_QUERIES):
            self.check_in(self.few)
        with self.assertQueryCount(stock_many + GATE_QUERIES):
            self.check_in(self.many)
        self.assertLessEqual(GATE_QUERIES, 2, "at most two queries more than stock hr_attendance")
