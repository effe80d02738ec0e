"""The four addons are installed together in the database the test command prepared."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstalledTogether(TransactionCase):
    def test_four_addons_installed(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", ["onboarding_training", "hr_attendance_gate", "training_analytics", "onboarding_payroll"])]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertEqual(len(modules), 4)

    def test_payroll_bridge_installed_itself(self):
        bridge = self.env["ir.module.module"].search([("name", "=", "onboarding_payroll")])
        self.assertTrue(bridge.auto_install)
