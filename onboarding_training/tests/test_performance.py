from odoo.tests import tagged

from .common import OnboardingCase
from .query_counting import QueryCounting


@tagged("post_install", "-at_install")
class TestQueryCounts(QueryCounting, OnboardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A department-based program too, so that matching reads the same tables with or without demo data.
        cls._make_program("Customer service department", departments=cls.dept_cs)
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.batch_2 = Employee.create(
            [{"name": f"Two {i}", "parent_id": cls.manager.id, "coach_id": cls.mentor.id} for i in range(2)]
        )
        cls.warm_up = Employee.create([{"name": "Warm-up", "parent_id": cls.manager.id, "coach_id": cls.mentor.id}])
        cls.batch_50 = Employee.create(
            [{"name": f"Fifty {i}", "parent_id": cls.manager.id, "coach_id": cls.mentor.id} for i in range(50)]
        )

    def test_enrollment_cost_is_flat(self):
        """Enrolling 2 or 50 employees costs the same queries: one batch per model, never one per person."""
        Enrollment = self.env["onboarding.enrollment"]
        self.count_queries(Enrollment._enroll, self.warm_up, self.program, start_date=self.START)
        two = self.count_queries(Enrollment._enroll, self.batch_2, self.program, start_date=self.START)
        fifty = self.count_queries(Enrollment._enroll, self.batch_50, self.program, start_date=self.START)
        # The only difference allowed is the ORM's own split of big INSERTs into rows of 100.
        # The exact budget of the full product is checked by the cross-addon tests.
        self.assertEqual(fifty - self.insert_batches(50 * 6) + self.insert_batches(2 * 6), two)

    def test_auto_enroll_on_employee_create_is_flat(self):
        """What auto-enrollment adds to creating employees does not grow with their number."""
        self.auto_enroll_extra(self.job_cs, 1, "warm-up")
        two = self.auto_enroll_extra(self.job_cs, 2, "a")
        fifty = self.auto_enroll_extra(self.job_cs, 50, "b")
        self.assertEqual(fifty - self.insert_batches(50 * 6) + self.insert_batches(2 * 6), two)
