"""The printable record of one hire's onboarding, filed by HR with the employee (F16)."""

from odoo import models


class OnboardingEnrollment(models.Model):
    _inherit = "onboarding.enrollment"

    def _report_lang(self):
        """The hire's language when known (their login's, else the employee's), else the printing user's."""
        self.ensure_one()
        # Checked before anything is read as superuser: what sudo reads stays in the cache the report reads.
        self.check_access("read")
        # sudo: only the language of the hire's login and employee record is read, to print in it.
        enrollment = self.sudo()
        employee = enrollment.employee_id
        return employee.user_id.lang or enrollment.portal_user_id.lang or employee.lang or self.env.user.lang

    def _report_tasks(self):
        """The tasks in the program's order: stage by stage, as the hire went through them."""
        self.ensure_one()
        return self.task_ids.sorted(lambda t: (t.stage_sequence, t.stage_id.id, t.sequence, t.id))
