"""The demo company tells the truth: its reports show what the real flows made, and its logins work.

These tests read the demo database that the test command installs (with demo data): Bloom Beauty, its
three monthly cohorts and its pipeline, built by the addons' demo builders through the real actions.
They check that every report gives plausible numbers that follow from the data (conversion, on-time
rates, overdue share, effectiveness, the payslips' Training section, the monthly report), that nothing
the history dated lies in the future, and that each login the README lists opens the web client, or
the portal for the portal hire. Installed without demo data, they are skipped.
"""

import re
import unittest
from datetime import datetime, time
from pathlib import Path

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, TransactionCase, tagged

README = Path(__file__).resolve().parent.parent / "README.md"
TZ = "Asia/Shanghai"
PROGRAMS = ("Customer service – 30 days", "Operations – 45 days", "Warehouse – 21 days")
TRAINING_RULES = ("ONB_RATE_DED", "ONB_RATE_BONUS", "ONB_MISSED_DED")


def readme_logins():
    """(role, login, password) of each row of the README's demo logins table."""
    text = README.read_text(encoding="utf-8")
    section = text.split("Demo logins", 1)[1]
    rows = []
    for line in section.splitlines()[1:]:
        if rows and not line.startswith("|"):
            break
        match = re.match(r"\|\s*([^|]+?)\s*\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|", line)
        if match:
            rows.append(match.groups())
    return rows


def demo_loaded(env):
    module = env["ir.module.module"].search([("name", "=", "onboarding_training")])
    return bool(module.demo)


@tagged("post_install", "-at_install")
class TestDemoTruth(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not demo_loaded(cls.env):
            raise unittest.SkipTest("installed without demo data")
        cls.company = cls.env.ref("base.main_company")
        cls.programs = cls.env["onboarding.program"].search(
            [("company_id", "=", cls.company.id), ("is_template", "=", False), ("name", "in", PROGRAMS)]
        )
        cls.enrollments = cls.env["onboarding.enrollment"].search([("program_id", "in", cls.programs.ids)])
        cls.started = cls.enrollments.filtered(lambda e: e.state not in ("draft", "cancelled"))
        cls.today = fields.Date.context_today(cls.env["onboarding.enrollment"].with_context(tz=TZ))
        cls.domain = [("program_id", "in", cls.programs.ids)]

    def cohort(self, measures, domain=()):
        return self.env["onboarding.cohort.report"]._read_group([*self.domain, *domain], [], measures)[0]

    def test_shop_and_cohorts(self):
        self.assertEqual(len(self.programs), 3, "the three role programs copied for the shop")
        self.assertGreaterEqual(self.env["hr.employee"].search_count([("company_id", "=", self.company.id)]), 200)
        self.assertTrue(40 <= len(self.enrollments) <= 60, len(self.enrollments))
        months = {enrollment.start_date.replace(day=1) for enrollment in self.started}
        this_month = self.today.replace(day=1)
        for back in (2, 1, 0):
            month = this_month - relativedelta(months=back)
            self.assertGreaterEqual(
                len(self.started.filtered(lambda e, month=month: e.start_date.replace(day=1) == month)),
                12,
                f"a cohort starts in {month:%Y-%m}",
            )
        self.assertLessEqual(len(months), 5)
        states = set(self.enrollments.mapped("state"))
        self.assertEqual(states, {"running", "paused", "passed", "failed", "cancelled"})

    def test_conversion_is_the_passed_share(self):
        headcount, converted, rate = self.cohort(["headcount:sum", "converted_count:sum", "conversion_rate:avg"])
        passed = self.started.filtered(lambda e: e.state == "passed")
        self.assertEqual(headcount, len(self.started))
        self.assertTrue(passed, "hires passed their assessment")
        self.assertEqual(converted, len(passed))
        self.assertGreater(rate, 0.0)
        self.assertAlmostEqual(rate, 100.0 * len(passed) / len(self.started), places=6)
        self.assertTrue(all(passed.mapped("conversion_date")), "every passed hire was converted on a date")
        self.assertFalse((self.enrollments - passed).filtered("conversion_date"))
        self.assertTrue(
            all(e.start_date < e.conversion_date <= self.today for e in passed), "converted after the start"
        )
        (days,) = self.cohort(["median_days_to_conversion:avg"])
        self.assertTrue(15 <= days <= 60, days)

    def test_on_time_rates(self):
        Report = self.env["onboarding.responsibility.report"]
        rates = dict(Report._read_group(self.domain, ["role"], ["on_time_rate:avg"]))
        for role in ("hr", "mentor", "manager"):
            self.assertTrue(40.0 <= rates[role] <= 95.0, f"{role}: {rates[role]}")
        (confirmation,) = Report._read_group([*self.domain, ("role", "=", "mentor")], [], ["confirmation_rate:avg"])[0]
        self.assertTrue(40.0 <= confirmation <= 100.0, confirmation)
        (completion,) = self.cohort(["on_time_rate:avg"])
        self.assertTrue(40.0 <= completion <= 95.0, f"employee completion on time: {completion}")
        (attendance,) = self.cohort(["session_attendance_rate:avg"])
        self.assertTrue(80.0 <= attendance < 100.0, f"orientation attendance: {attendance}")

    def test_overdue_share(self):
        tasks = self.env["onboarding.task"].search(
            [("enrollment_id", "in", self.enrollments.ids), ("enrollment_id.state", "in", ("running", "paused"))]
        )
        open_tasks = tasks.filtered(lambda t: t.state != "done")
        overdue = open_tasks.filtered("is_overdue")
        self.assertTrue(overdue, "someone is late: the stalled hire")
        self.assertLess(len(overdue) / len(open_tasks), 0.30)
        (rate,) = self.env["onboarding.item.report"]._read_group(self.domain, [], ["overdue_rate:avg"])[0]
        self.assertTrue(5.0 <= rate < 30.0, rate)

    def test_history_lies_in_the_past(self):
        """What the history dated happened before today; what happens next is still to come."""
        start_of_today = (
            pytz.timezone(TZ).localize(datetime.combine(self.today, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
        )
        tasks = self.enrollments.task_ids
        for fname in ("submitted_date", "done_date", "signin_date"):
            late = tasks.filtered(lambda t, fname=fname: t[fname] and t[fname] >= start_of_today)
            self.assertFalse(late, f"{fname} of {late.mapped('name')}")
        for fname in ("last_progress_date", "practical_score_date", "conversion_date"):
            self.assertFalse(self.enrollments.filtered(lambda e, fname=fname: e[fname] and e[fname] > self.today))
        done = tasks.filtered(lambda t: t.state == "done")
        self.assertTrue(all(t.submitted_date <= t.done_date for t in done))
        attempts = self.env["survey.user_input"].search([("onboarding_task_id", "in", tasks.ids)])
        self.assertTrue(attempts and all(a.end_datetime < start_of_today for a in attempts), "exams were taken")
        waiting = tasks.filtered(lambda t: t.state == "submitted")
        self.assertFalse(waiting.filtered("done_date"))
        mentor = self.env["res.users"].search([("login", "=", "chenwei")])
        self.assertTrue(waiting.filtered(lambda t: t.responsible_user_id == mentor), "the README's mentor has work")

    def test_stalled_and_pending(self):
        paused = self.enrollments.filtered(lambda e: e.state == "paused")
        self.assertTrue(paused and all(paused.mapped("stalled_since")))
        pending = self.started.employee_id.filtered(lambda e: e.onboarding_state == "pending")
        self.assertTrue(pending.filtered("attendance_blocked"), "a future hire has not done pre-boarding")
        misses = self.env["onboarding.attendance.miss"].search([("employee_id", "in", self.started.employee_id.ids)])
        self.assertTrue(misses.filtered("justified") and misses.filtered(lambda m: not m.justified))

    def test_effectiveness(self):
        rows = self.env["onboarding.effectiveness.report"].search([("program_id", "in", self.programs.ids)])
        self.assertGreaterEqual(len(rows.metric_type_id), 3, "one metric per team")
        for row in rows.filtered(lambda r: not r.item_id.required):
            better = row.mean_passed > row.mean_not_passed
            self.assertEqual(better, row.higher_is_better, f"{row.item_id.name}: the advanced item pays off")
            self.assertTrue(row.relative_difference)

    def test_payslips_with_training_section(self):
        this_month = self.today.replace(day=1)
        on_payroll = self.started.filtered(lambda e: e.start_date < this_month)
        payslips = self.env["hr.payslip"].search(
            [("employee_id", "in", on_payroll.employee_id.ids), ("state", "in", ("verify", "done"))]
        )
        self.assertEqual(
            set(payslips.employee_id.ids),
            set(on_payroll.employee_id.ids),
            "a computed payslip for each hire on payroll",
        )
        self.assertTrue(all(payslips.mapped("line_ids")))
        training = payslips.line_ids.filtered(lambda line: line.code in TRAINING_RULES and line.total)
        self.assertTrue(training, "training rules changed some payslips")
        for line in training:
            slip = line.slip_id
            basic = sum(slip.line_ids.filtered(lambda line: line.code == "BASIC").mapped("total"))
            if line.code == "ONB_RATE_BONUS":
                self.assertAlmostEqual(line.total, round(basic * slip.onboarding_bonus_rate / 100.0, 2))
            elif line.code == "ONB_RATE_DED":
                self.assertAlmostEqual(line.total, -round(basic * slip.onboarding_deduction_rate / 100.0, 2))
            self.assertTrue(slip.onboarding_summary, "the payslip explains its Training section")
        self.assertEqual(set(payslips.mapped("state")), {"verify", "done"}, "older months confirmed, the last waits")

    def test_monthly_report(self):
        # HR asks for last month's report (or its job makes it on the 1st): it reads the demo's data.
        month = self.today.replace(day=1) - relativedelta(months=1)
        Report = self.env["onboarding.monthly.report"]
        report = Report.search([("company_id", "=", self.company.id), ("month", "=", month)]) or Report.create(
            {"company_id": self.company.id, "month": month}
        )
        values = report._report_values()
        total = values["cohorts"]["total"]
        self.assertGreater(total["headcount"], 20)
        for key in ("completion", "on_time", "pass", "conversion"):
            self.assertTrue(0.0 < total[key] <= 100.0, f"{key}: {total[key]}")
        self.assertTrue(values["items"] and all(item["due"] for item in values["items"]))
        self.assertTrue(any(item["overdue"] for item in values["items"]))
        roles = {person["role"] for person in values["people"]}
        self.assertTrue({"HR", "Mentor", "Manager"} <= roles, roles)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("training_analytics.action_report_training_effect", report.ids)[0]
            .decode()
        )
        self.assertIn(values["month_label"], html)
        self.assertIn(f"{total['conversion']:.0f} %", html)


@tagged("post_install", "-at_install")
class TestDemoLogins(HttpCase):
    def test_readme_logins(self):
        if not demo_loaded(self.env):
            self.skipTest("installed without demo data")
        logins = readme_logins()
        self.assertGreaterEqual(len(logins), 6, "admin, HR officer, manager, mentor, payroll officer, portal hire")
        roles = " ".join(role.lower() for role, _login, _password in logins)
        for role in ("hr officer", "manager", "mentor", "portal", "payroll"):
            self.assertIn(role, roles)
        for role, login, password in logins:
            with self.subTest(login=login):
                user = self.env["res.users"].search([("login", "=", login)])
                self.assertTrue(user, f"{role}: {login} exists")
                self.assertEqual(user._is_portal(), "portal" in role.lower(), f"{role}: {login}")
                self.authenticate(login, password)
                page = "/my" if user._is_portal() else "/odoo"
                response = self.url_open(page)
                self.assertEqual(response.status_code, 200, f"{login} opens {page}")
                self.assertNotIn("/web/login", response.url, f"{login} stays signed in")
