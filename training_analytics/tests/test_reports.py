import math
from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SeededCohortCase

COHORT_MEASURES = [
    "headcount:sum",
    "session_attendance_rate:avg",
    "completion_rate:avg",
    "on_time_rate:avg",
    "pass_rate:avg",
    "conversion_rate:avg",
    "median_days_to_conversion:avg",
    "attrition_rate:avg",
]


@tagged("post_install", "-at_install")
class TestReports(SeededCohortCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sales = cls.env.ref("training_analytics.onboarding_performance_metric_type_sales_per_day")
        values = (50, 55, 60, 45, 52, 58, 47, 30, 35, 25, 62, 48, 28, 33)
        enrollments = cls.cohort_a | cls.cohort_b
        vals_list = [
            {
                "employee_id": e.employee_id.id,
                "metric_type_id": sales.id,
                "value": v,
                "date": e.start_date + timedelta(days=60),
            }
            for e, v in zip(enrollments, values, strict=True)
        ]
        # a0 has two values averaging 50; a7 has one from before the start, which does not count.
        vals_list[0]["value"] = 48
        vals_list += [
            {
                "employee_id": cls.cohort_a[0].employee_id.id,
                "metric_type_id": sales.id,
                "value": 52,
                "date": cls.START_A + timedelta(days=61),
            },
            {
                "employee_id": cls.cohort_a[7].employee_id.id,
                "metric_type_id": sales.id,
                "value": 1000,
                "date": cls.START_A - timedelta(days=1),
            },
        ]
        cls.env["onboarding.performance.metric"].create(vals_list)
        cls.sales = sales
        cls.sales_values = values
        cls.env.flush_all()

    def cohort(self, domain=(), groupby=()):
        Report = self.env["onboarding.cohort.report"].with_user(self.officer_user)
        domain = [("program_id", "=", self.program.id), *domain]
        return Report._read_group(domain, list(groupby), COHORT_MEASURES)

    def test_cohort_known_answers(self):
        """10 hires, 7 converted, 2 left within 90 days: conversion 70 %, attrition 20 %."""
        rows = self.cohort([("department_id", "=", self.dept_cs.id)], ["start_date:month"])
        self.assertEqual(len(rows), 1)
        month, headcount, session, completion, on_time, passed, conversion, median_days, attrition = rows[0]
        self.assertEqual(month, self.START_A.replace(day=1))
        self.assertEqual(headcount, 10)
        self.assertAlmostEqual(session, 90.0)
        self.assertAlmostEqual(completion, 87.5)  # 35 of 40 required tasks
        self.assertAlmostEqual(on_time, 82.5)  # 33 of 40: two exams were late
        self.assertAlmostEqual(passed, 70.0)
        self.assertAlmostEqual(conversion, 70.0)
        self.assertAlmostEqual(median_days, 40.0)  # 30 32 35 [40] 41 45 60
        self.assertAlmostEqual(attrition, 20.0)  # 20 and 90 days count, 91 does not

    def test_cohort_rates_are_ratios_at_every_level(self):
        """Grouping both cohorts together gives the ratio of the counts, not the mean of the two rates."""
        by_month = {row[0]: row for row in self.cohort(groupby=["start_date:month"])}
        row_b = by_month[self.START_B.replace(day=1)]
        self.assertEqual(row_b[1:], (4, 100.0, 75.0, 75.0, 50.0, 50.0, 22.5, 0.0))
        __, session, completion, on_time, passed, conversion, median_days, attrition = self.cohort()[0]
        self.assertAlmostEqual(completion, 100 * 47 / 56)
        self.assertAlmostEqual(on_time, 100 * 45 / 56)
        self.assertAlmostEqual(passed, 100 * 9 / 14)
        self.assertAlmostEqual(conversion, 100 * 9 / 14)
        self.assertAlmostEqual(session, 100 * 13 / 14)
        self.assertAlmostEqual(median_days, 35.0)  # 20 25 30 32 [35] 40 41 45 60
        self.assertAlmostEqual(attrition, 100 * 2 / 14)
        # The web client's read_group goes through the same aggregates.
        [group] = self.env["onboarding.cohort.report"].read_group(
            [("program_id", "=", self.program.id)], ["conversion_rate", "median_days_to_conversion"], []
        )
        self.assertAlmostEqual(group["conversion_rate"], 100 * 9 / 14)
        self.assertAlmostEqual(group["median_days_to_conversion"], 35.0)
        # One row reads on its own: a converted hire has 100 % conversion and their own days.
        row = self.env["onboarding.cohort.report"].browse(self.cohort_a[3].id)
        self.assertEqual(
            (row.conversion_rate, row.median_days_to_conversion, row.completion_rate), (100.0, 40.0, 100.0)
        )

    def test_item_report(self):
        Report = self.env["onboarding.item.report"].with_user(self.officer_user)
        rows = Report._read_group(
            [("program_id", "=", self.program.id)],
            ["item_id"],
            ["due_count:sum", "pass_rate:avg", "score:avg", "days_to_complete:avg", "overdue_rate:avg"],
        )
        by_item = {item: values for item, *values in rows}
        due, pass_rate, score, days, overdue = by_item[self.item_e]
        self.assertEqual(due, 14)
        self.assertAlmostEqual(pass_rate, 100 * 10 / 14)
        self.assertAlmostEqual(score, 77.5)  # (80+85+90+70+75+95+60+40+88+92) / 10
        self.assertAlmostEqual(days, 22.6)  # opens day 8: eight done on day 30 (22 days), two on day 33 (25)
        self.assertAlmostEqual(overdue, 100 * 6 / 14)  # a5, a6 late; a8, a9, b2, b3 never done
        due, pass_rate, score, days, overdue = by_item[self.item_c]
        self.assertAlmostEqual(pass_rate, 100 * 9 / 14)
        self.assertAlmostEqual(overdue, 100 * 5 / 14)
        self.assertFalse(score)
        self.assertEqual(by_item[self.item_o][1:], [100.0, False, 0.0, 0.0])

    def test_responsibility_report(self):
        Report = self.env["onboarding.responsibility.report"].with_user(self.officer_user)
        rows = Report._read_group(
            [("program_id", "=", self.program.id)],
            ["user_id", "role"],
            [
                "owned_count:sum",
                "on_time_rate:avg",
                "confirmation_rate:avg",
                "median_latency_hours:avg",
                "p90_latency_hours:avg",
                "overdue_confirmation_count:sum",
            ],
        )
        by_user = {(user, role): values for user, role, *values in rows}
        self.assertEqual(
            set(by_user), {(self.officer_user, "hr"), (self.mentor_user, "mentor"), (self.manager_user, "manager")}
        )
        owned, on_time, confirmation, median, p90, overdue = by_user[self.mentor_user, "mentor"]
        self.assertEqual(owned, 28)
        self.assertAlmostEqual(on_time, 100 * 23 / 28)
        self.assertAlmostEqual(confirmation, 100.0)
        # Latencies 1..10, 20, 30, 40, 50 h: median (7 + 8) / 2; p90 at rank 0.9 * 13 = 11.7: 30 + 0.7 * (40 - 30).
        self.assertAlmostEqual(median, 7.5)
        self.assertAlmostEqual(p90, 37.0)
        self.assertEqual(overdue, 2)  # 40 h and 50 h end two days after the submission; the rule is one day
        self.assertEqual(by_user[self.officer_user, "hr"][:2], [14, 100.0])
        self.assertAlmostEqual(by_user[self.manager_user, "manager"][1], 100 * 8 / 14)

    def test_effectiveness(self):
        Report = self.env["onboarding.effectiveness.report"].with_user(self.officer_user)
        rows = Report.search([("program_id", "=", self.program.id), ("metric_type_id", "=", self.sales.id)])
        # Orientation and Back office: nobody failed them; the exam: only 4 did not pass. Only Chat etiquette shows.
        self.assertEqual(rows.item_id, self.item_c)
        passed = [50, 55, 60, 45, 52, 58, 47, 62, 48]  # a0..a6, b0, b1
        failed = [30, 35, 25, 28, 33]  # a7, a8, a9, b2, b3
        self.assertEqual((rows.passed_count, rows.not_passed_count), (9, 5))
        self.assertAlmostEqual(rows.mean_passed, 53.0, places=9)
        self.assertAlmostEqual(rows.mean_not_passed, 30.2, places=9)
        self.assertAlmostEqual(rows.relative_difference, 100 * (53.0 - 30.2) / 30.2, places=9)
        completion = [100] * 7 + [75, 50, 50] + [100, 100, 50, 50]
        values = [50, 55, 60, 45, 52, 58, 47, 30, 35, 25, 62, 48, 28, 33]
        n = len(values)
        mean_x, mean_y = sum(completion) / n, sum(values) / n
        covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(completion, values, strict=True))
        spread_x = math.sqrt(sum((x - mean_x) ** 2 for x in completion))
        spread_y = math.sqrt(sum((y - mean_y) ** 2 for y in values))
        self.assertLess(abs(rows.correlation - covariance / (spread_x * spread_y)), 1e-9)
        self.assertEqual(sorted(passed + failed), sorted(values))

    def test_metric_import(self):
        """Performance metrics load through the standard import, types and employees by name."""
        employee = self.cohort_a[1].employee_id
        result = (
            self.env["onboarding.performance.metric"]
            .with_user(self.officer_user)
            .load(
                ["employee_id", "date", "metric_type_id", "value"],
                [[employee.name, str(self.START_A + timedelta(days=70)), "Complaint rate", "1.5"]],
            )
        )
        self.assertFalse(result["messages"])
        metric = self.env["onboarding.performance.metric"].browse(result["ids"])
        self.assertEqual((metric.employee_id, metric.value, metric.company_id), (employee, 1.5, self.company))

    def test_access(self):
        """Officers read every report; mentors only their own KPIs; employees nothing."""
        reports = [
            "onboarding.cohort.report",
            "onboarding.item.report",
            "onboarding.effectiveness.report",
            "onboarding.performance.metric",
        ]
        for model in reports:
            self.env[model].with_user(self.officer_user).search_count([])
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.mentor_user).search_count([])
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.hire_user).search_count([])
        Types = self.env["onboarding.performance.metric.type"]
        self.assertIn(self.sales, Types.with_user(self.officer_user).search([]))
        with self.assertRaises(AccessError):
            Types.with_user(self.officer_user).create({"name": "Returns per day"})
        Types.with_user(self.admin_user).create({"name": "Returns per day"})
        Responsibility = self.env["onboarding.responsibility.report"]
        self.assertEqual(Responsibility.with_user(self.mentor_user).search([]).user_id, self.mentor_user)
        ours = [("program_id", "=", self.program.id)]  # demo data may be installed beside the fixtures
        self.assertEqual(len(Responsibility.with_user(self.officer_user).search(ours).user_id), 3)
        with self.assertRaises(AccessError):
            Responsibility.with_user(self.hire_user).search_count([])
        # Risk fields are for the people who follow the hire, not for the hire.
        own = self.cohort_a[0]
        own.employee_id.user_id = self.hire_user
        own.with_user(self.hire_user).read(["completion_rate"])
        with self.assertRaises(AccessError):
            own.with_user(self.hire_user).read(["risk_score"])

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Other Shop"})
        self.officer_user.company_ids |= other
        program = self.program.copy({"company_id": other.id, "name": "Other program"})
        employee = self.Employee.create({"name": "Far Away", "company_id": other.id})
        self.env["onboarding.enrollment"]._enroll(employee, program, start_date=self.START_B)
        Cohort = self.env["onboarding.cohort.report"].with_user(self.officer_user)
        ours = [("program_id", "in", (self.program | program).ids)]  # demo data may be installed too
        self.assertEqual(Cohort.with_company(self.company).search_count(ours), 14)
        both = Cohort.with_context(allowed_company_ids=[self.company.id, other.id])
        self.assertEqual(both.search_count(ours), 15)
