from odoo import models


class HrPayslipInput(models.Model):
    _inherit = "hr.payslip.input"

    def _onboarding_audit(self):
        """Training inputs are key payroll facts: each payslip's values go to the tamper-evident trail."""
        per_payslip = {}
        for line in self:
            per_payslip.setdefault(line.payslip_id.id, {})[line.code] = [line.amount, line.amount_qty]
        self.env["onboarding.audit.log"]._append("payroll_input", self.payslip_id, per_record=per_payslip)
