from odoo.tests import tagged

from .common import OnboardingPayrollCase

# Queries to fill the training inputs of a batch of payslips, whatever its size: first time, then again
# (one of them reads the employees' languages, in which the inputs are named).
FILL_QUERIES = 13
REFILL_QUERIES = 19


@tagged("post_install", "-at_install")
class TestQueryCount(OnboardingPayrollCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        program = cls._make_program(2, name="Operations – 45 days")
        employees = cls._make_employees([f"Employee {index}" for index in range(60)])
        # In every five: one regular employee, four in onboarding, one of them also missed check-ins.
        enrolled = employees.filtered(lambda e: employees.ids.index(e.id) % 5)
        missing = employees.filtered(lambda e: employees.ids.index(e.id) % 5 == 1)
        enrollments = cls._enroll(enrolled, program)
        cls._finish(enrollments.filtered(lambda e: e.employee_id not in missing), 1)
        cls.env["onboarding.attendance.miss"].sudo().create(
            [{"employee_id": employee.id, "date": f"2025-09-{day:02d}"} for employee in missing for day in (2, 9)]
        )
        cls.warm_up, cls.batch_5, cls.batch_50 = employees[:5], employees[5:10], employees[10:]

    def test_filling_inputs_is_flat(self):
        """Filling the inputs of 5 or 50 payslips costs the same queries: grouped, never one per payslip."""
        warm_up = self.make_payslips(self.warm_up)
        payslips_5 = self.make_payslips(self.batch_5)
        payslips_50 = self.make_payslips(self.batch_50)
        for _first_then_again in range(2):
            # The same steps as measured below, to warm the access and rule caches of both paths.
            self.env.invalidate_all()
            warm_up._onboarding_fill_inputs()
        for payslips in (payslips_5, payslips_50):
            for budget in (FILL_QUERIES, REFILL_QUERIES):
                self.env.invalidate_all()
                with self.subTest(payslips=len(payslips), budget=budget), self.assertQueryCount(budget):
                    payslips._onboarding_fill_inputs()
        self.assertEqual(len(payslips_5.input_line_ids), 5)
        self.assertEqual(len(payslips_50.input_line_ids), 50)
