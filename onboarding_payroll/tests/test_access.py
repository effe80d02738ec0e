from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import OnboardingPayrollCase


@tagged("post_install", "-at_install")
class TestAccess(OnboardingPayrollCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls._make_program(10, name="Warehouse – 21 days")
        cls.hire = cls._make_employees(["Hire"])
        cls._finish(cls._enroll(cls.hire, cls.program), 5)
        cls.system_admin = new_test_user(
            cls.env, "opay_admin", groups="base.group_user,base.group_system", name="Sam Sysadmin"
        )
        cls.employee_user = new_test_user(cls.env, "opay_employee", groups="base.group_user", name="Eve Employee")

    def test_payroll_officer_cannot_change_training_rules(self):
        for rule in self.training_rules:
            for values in (
                {"amount_python_compute": "result = 0"},
                {"condition_python": "result = False"},
                {"amount_select": "fix", "amount_fix": 0.0},
            ):
                with self.subTest(rule=rule.code, values=values), self.assertRaises(AccessError):
                    rule.with_user(self.payroll_officer).write(values)
        self.training_rules.with_user(self.payroll_manager).write({"note": "Reviewed by payroll."})

    def test_only_payroll_managers_change_training_settings(self):
        values = {"onboarding_payroll_deduction_rate": 0.0}
        for user in (self.system_admin, self.payroll_officer):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.company.with_user(user).write(values)
        self.company.with_user(self.payroll_manager).write(values)
        self.assertEqual(self.company.onboarding_payroll_deduction_rate, 0.0)

    def test_payroll_officer_computes_without_onboarding_rights(self):
        """Payroll officers get the training counts although they cannot read onboarding records."""
        Task = self.env["onboarding.task"].with_user(self.payroll_officer)
        self.assertFalse(Task.search_count([("employee_id", "=", self.hire.id)]))
        payslip = self.make_payslips(self.hire, user=self.payroll_officer)
        payslip.compute_sheet()
        self.assertEqual(self.training_inputs(payslip), {"ONB_RATE": (50.0, 10.0)})
        self.assertEqual(self.total(payslip, "ONB_RATE_DED"), -300.0)
        self.assertTrue(payslip.onboarding_summary)

    def test_payslip_keeps_its_settings(self):
        payslip = self.make_payslips(self.hire, user=self.payroll_officer)
        payslip.compute_sheet()
        with self.assertRaises(AccessError):
            payslip.write({"onboarding_lower_threshold": 0.0})
        self.assertEqual(payslip.onboarding_lower_threshold, 90.0)

    def test_compute_over_rpc_needs_payroll_rights(self):
        payslip = self.make_payslips(self.hire)
        with self.assertRaises(AccessError):
            payslip.with_user(self.employee_user).compute_sheet()
        self.assertFalse(payslip.input_line_ids)
