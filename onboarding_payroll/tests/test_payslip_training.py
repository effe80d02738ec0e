from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import format_amount

from .common import LATE_IN_SHANGHAI, PERIOD_END, PERIOD_START, WAGE, WORKING_DAYS, OnboardingPayrollCase


@tagged("post_install", "-at_install")
class TestPayslipTraining(OnboardingPayrollCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls._make_program(100)
        cls.rate_employees = cls._make_employees(["Rate 80", "Rate 90", "Rate 92", "Rate 95", "Rate 97"])
        enrollments = cls._enroll(cls.rate_employees, cls.program)
        for enrollment, done in zip(enrollments, (80, 90, 92, 95, 97), strict=True):
            cls._finish(enrollment, done)
        cls.e80, cls.e90, cls.e92, cls.e95, cls.e97 = cls.rate_employees
        # Done after the end of September in the employee's time zone: does not count for September.
        cls._finish(enrollments[0], 2, when=LATE_IN_SHANGHAI)
        cls.absent = cls._make_employees(["Often absent"])
        cls._miss(cls.absent, [3, 4])
        cls._miss(cls.absent, [5], justified=True)
        cls.regular = cls._make_employees(["Regular staff"])

    def compute(self, employees, user=None):
        payslips = self.make_payslips(employees, user=user)
        payslips.compute_sheet()
        return payslips

    def money(self, amount):
        return format_amount(self.env, amount, self.currency)

    def test_amounts_to_the_cent(self):
        """One batch: each employee gets exactly the adjustment of their rate and missed days."""
        payslips = self.compute(self.rate_employees | self.absent | self.regular)
        amounts = {
            payslip.employee_id.name: (
                self.total(payslip, "ONB_RATE_DED"),
                self.total(payslip, "ONB_RATE_BONUS"),
                self.total(payslip, "ONB_MISSED_DED"),
                self.total(payslip, "NET"),
            )
            for payslip in payslips
        }
        self.assertEqual(
            amounts,
            {
                "Rate 80": (-300.0, 0.0, 0.0, 5700.0),
                "Rate 90": (0.0, 0.0, 0.0, WAGE),
                "Rate 92": (0.0, 0.0, 0.0, WAGE),
                "Rate 95": (0.0, 0.0, 0.0, WAGE),
                "Rate 97": (0.0, 180.0, 0.0, 6180.0),
                "Often absent": (0.0, 0.0, -545.45, 5454.55),
                "Regular staff": (0.0, 0.0, 0.0, WAGE),
            },
        )

    def test_inputs_carry_rate_and_days(self):
        payslips = self.compute(self.e80 | self.e97 | self.absent)
        self.assertEqual(
            [self.training_inputs(payslip) for payslip in payslips],
            [
                {"ONB_RATE": (80.0, 100.0)},
                {"ONB_RATE": (97.0, 100.0)},
                {"ONB_MISSED": (2.0, float(WORKING_DAYS))},
            ],
        )

    def test_inputs_are_in_the_audit_trail(self):
        payslips = self.compute(self.e80 | self.absent)
        entries = self.env["onboarding.audit.log"].search(
            [("event", "=", "payroll_input"), ("res_model", "=", "hr.payslip"), ("res_id", "in", payslips.ids)]
        )
        self.assertEqual(len(entries), 2)
        details = {entry.res_id: entry.details for entry in entries}
        self.assertIn('"ONB_RATE": [80.0, 100.0]', details[payslips[0].id])
        self.assertIn('"ONB_MISSED": [2.0, 22.0]', details[payslips[1].id])
        self.assertFalse(self.env["onboarding.audit.log"]._first_broken())

    def test_employee_not_in_onboarding_is_untouched(self):
        payslip = self.compute(self.regular)
        self.assertFalse(self.training_inputs(payslip))
        self.assertFalse(payslip.line_ids.filtered(lambda line: line.code.startswith("ONB")))
        self.assertFalse(payslip.onboarding_summary)
        self.assertEqual(payslip.onboarding_lower_threshold, 0.0)

    def test_cancelled_enrollment_does_not_count(self):
        enrollment = self.env["onboarding.enrollment"].search([("employee_id", "=", self.e80.id)])
        enrollment.with_user(self.onboarding_officer).action_cancel()
        payslip = self.compute(self.e80)
        self.assertFalse(self.training_inputs(payslip))
        self.assertEqual(self.total(payslip, "NET"), WAGE)

    def test_justified_day_changes_nothing(self):
        payslip = self.compute(self.absent)
        self.assertEqual(self.total(payslip, "ONB_MISSED_DED"), -545.45)
        misses = self.env["onboarding.attendance.miss"].search([("employee_id", "=", self.absent.id)])
        misses.filtered(lambda m: m.date.day == 4).with_user(self.onboarding_officer).action_justify("Sick leave")
        payslip.compute_sheet()
        self.assertEqual(self.training_inputs(payslip), {"ONB_MISSED": (1.0, float(WORKING_DAYS))})
        self.assertEqual(self.total(payslip, "ONB_MISSED_DED"), -272.73)

    def test_recompute_replaces_training_inputs(self):
        payslip = self.compute(self.e92)
        self._finish(self.env["onboarding.enrollment"].search([("employee_id", "=", self.e92.id)]), 5)
        payslip.compute_sheet()
        self.assertEqual(self.training_inputs(payslip), {"ONB_RATE": (97.0, 100.0)})
        self.assertEqual(len(payslip.input_line_ids.filtered(lambda line: line.code == "ONB_RATE")), 1)
        self.assertEqual(self.total(payslip, "ONB_RATE_BONUS"), 180.0)

    def test_rules_follow_company_settings_and_payslip_keeps_them(self):
        payslip = self.compute(self.e92)
        self.assertEqual(self.total(payslip, "ONB_RATE_DED"), 0.0)
        self.company.with_user(self.payroll_manager).write(
            {"onboarding_payroll_lower_threshold": 93.0, "onboarding_payroll_deduction_rate": 2.5}
        )
        self.assertEqual(payslip.onboarding_lower_threshold, 90.0, "The payslip keeps what it was computed with.")
        payslip.compute_sheet()
        self.assertEqual(payslip.onboarding_lower_threshold, 93.0)
        self.assertEqual(self.total(payslip, "ONB_RATE_DED"), -150.0)

    def test_summary_explains_each_amount(self):
        low, high, mid, absent = self.compute(self.e80 | self.e97 | self.e92 | self.absent)
        for text in (
            "80 %: 80 of 100 required tasks",
            "lower threshold of 90 %",
            "5 % of the basic wage",
            self.money(-300),
        ):
            self.assertIn(text, self.summary_text(low))
        for text in (
            "97 %: 97 of 100 required tasks",
            "upper threshold of 95 %",
            "3 % of the basic wage",
            self.money(180),
        ):
            self.assertIn(text, self.summary_text(high))
        self.assertIn("Between the thresholds of 90 % and 95 %: no adjustment.", self.summary_text(mid))
        for text in ("2 unjustified missed check-in days out of 22 working days", "÷ 22", self.money(-545.45)):
            self.assertIn(text, self.summary_text(absent))
        self.assertIn("No required training task was due in this period", self.summary_text(absent))
        self.assertEqual(Form(low).onboarding_summary, low.onboarding_summary, "The payslip form shows the summary.")

    def test_summary_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["onboarding_payroll"], ["zh_CN"], overwrite=True)
        payslip = self.compute(self.e80).with_context(lang="zh_CN")
        self.assertIn("本期到期的 100 项必修任务中，有 80 项在期末前完成", self.summary_text(payslip))
        self.assertIn("低于下限阈值 90 %：扣除基本工资的 5 %", self.summary_text(payslip))

    def test_summary_when_structure_lacks_the_rule(self):
        structure = self.structure.copy(
            {"rule_ids": [(3, self.env.ref("onboarding_payroll.hr_salary_rule_onboarding_deduction").id)]}
        )
        payslip = self.make_payslips(self.e80)
        payslip.struct_id = structure
        payslip.compute_sheet()
        self.assertEqual(self.total(payslip, "ONB_RATE_DED"), 0.0)
        self.assertIn("Not applied: the salary structure has no rule ONB_RATE_DED.", self.summary_text(payslip))

    def test_payslip_batch_wizard(self):
        """The batch wizard creates and computes the payslips; declared inputs are replaced by filled ones."""
        run = (
            self.env["hr.payslip.run"]
            .with_user(self.payroll_manager)
            .create({"name": "September 2025", "date_start": PERIOD_START, "date_end": PERIOD_END})
        )
        wizard = (
            self.env["hr.payslip.employees"]
            .with_user(self.payroll_manager)
            .with_context(active_id=run.id)
            .create({"employee_ids": [(6, 0, (self.e80 | self.regular).ids)]})
        )
        wizard.compute_sheet()
        low = run.slip_ids.filtered(lambda p: p.employee_id == self.e80)
        regular = run.slip_ids - low
        self.assertEqual(self.training_inputs(low), {"ONB_RATE": (80.0, 100.0)})
        self.assertEqual(self.total(low, "ONB_RATE_DED"), -300.0)
        self.assertFalse(self.training_inputs(regular))
        self.assertFalse(regular.input_line_ids.filtered(lambda line: line.code.startswith("ONB")))

    def test_done_payslip_is_not_refilled(self):
        payslip = self.compute(self.e80)
        payslip.action_payslip_done()
        self._finish(self.env["onboarding.enrollment"].search([("employee_id", "=", self.e80.id)]), 20)
        payslip._onboarding_fill_inputs()
        self.assertEqual(self.training_inputs(payslip), {"ONB_RATE": (80.0, 100.0)})

    def test_settings_form(self):
        settings = Form(self.env["res.config.settings"].with_user(self.payroll_manager))
        settings.onboarding_payroll_lower_threshold = 85.0
        settings.onboarding_payroll_upper_threshold = 98.0
        settings.onboarding_payroll_bonus_rate = 4.0
        settings.save().execute()
        self.assertRecordValues(
            self.company,
            [
                {
                    "onboarding_payroll_lower_threshold": 85.0,
                    "onboarding_payroll_deduction_rate": 5.0,
                    "onboarding_payroll_upper_threshold": 98.0,
                    "onboarding_payroll_bonus_rate": 4.0,
                }
            ],
        )

    def test_settings_are_validated(self):
        for values in (
            {"onboarding_payroll_lower_threshold": -1.0},
            {"onboarding_payroll_bonus_rate": 100.5},
            {"onboarding_payroll_lower_threshold": 96.0},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.company.write(values)
        self.company.write({"onboarding_payroll_lower_threshold": 95.0})
        self.assertEqual(self.company.onboarding_payroll_lower_threshold, 95.0)
