"""Attendance on the printable onboarding record: exemptions granted and missed check-ins."""

from odoo import models


class OnboardingEnrollment(models.Model):
    _inherit = "onboarding.enrollment"

    def _report_exemptions(self):
        """The hire's attendance exemptions that overlap the onboarding, oldest first."""
        self.ensure_one()
        domain = [("employee_id", "=", self.employee_id.id), ("date_to", ">=", self.start_date)]
        if self.end_date:
            domain.append(("date_from", "<=", self.end_date))
        return self.env["onboarding.attendance.exemption"].search(domain, order="date_from, id")

    def _report_misses(self):
        """The working days of this onboarding without a check-in, oldest first."""
        self.ensure_one()
        return self.env["onboarding.attendance.miss"].search([("enrollment_id", "=", self.id)], order="date, id")
