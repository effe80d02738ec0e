"""Exact query budgets of the hot paths, measured on the full product (all four addons installed)."""

from datetime import date, timedelta

from odoo import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.onboarding_training.tests.query_counting import QueryCounting


@tagged("post_install", "-at_install")
class TestQueryBudgets(QueryCounting, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job = cls.env["hr.job"].create({"name": "Budget agent"})
        cls.department = cls.env["hr.department"].create({"name": "Budget department"})
        cls.program = cls.env["onboarding.program"].create(
            {
                "name": "Budget program",
                "job_ids": [Command.set(cls.job.ids)],
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Stage",
                            "start_offset_days": -7,
                            "deadline_offset_days": 7,
                            "item_ids": [Command.create({"name": f"Item {i}"}) for i in range(6)],
                        }
                    )
                ],
            }
        )
        cls.env["onboarding.program"].create(
            {"name": "Department program", "department_ids": [Command.set(cls.department.ids)]}
        )
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.batches = {n: Employee.create([{"name": f"Budget {n}-{i}"} for i in range(n)]) for n in (1, 2, 50)}
        cls.start = date.today() + timedelta(days=7)

    def test_enrollment_budget(self):
        enroll = self.env["onboarding.enrollment"]._enroll
        self.count_queries(enroll, self.batches[1], self.program, start_date=self.start)
        two = self.count_queries(enroll, self.batches[2], self.program, start_date=self.start)
        fifty = self.count_queries(enroll, self.batches[50], self.program, start_date=self.start)
        self.assertEqual(two, ENROLL_QUERIES)
        self.assertEqual(fifty - self.insert_batches(300) + self.insert_batches(12), ENROLL_QUERIES)

    def test_auto_enrollment_budget(self):
        self.auto_enroll_extra(self.job, 1, "w")
        self.assertEqual(self.auto_enroll_extra(self.job, 2, "a"), AUTO_ENROLL_EXTRA_QUERIES)
        fifty = self.auto_enroll_extra(self.job, 50, "b")
        self.assertEqual(fifty - self.insert_batches(300) + self.insert_batches(12), AUTO_ENROLL_EXTRA_QUERIES)


ENROLL_QUERIES = 19
AUTO_ENROLL_EXTRA_QUERIES = 16
