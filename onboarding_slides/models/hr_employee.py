from odoo import api, fields, models

from .onboarding_task import RUNNING_STATES


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    onboarding_course_task_ids = fields.Many2many(
        "onboarding.task",
        compute="_compute_onboarding_course_task_ids",
        string="Onboarding Courses",
        help="The onboarding tasks of this employee that an eLearning course completes.",
    )

    @api.depends_context("uid")
    @api.depends("onboarding_enrollment_ids.task_ids")
    def _compute_onboarding_course_task_ids(self):
        Task = self.env["onboarding.task"]
        # The user's own rights: the tab shows the course tasks they may read, like the rest of the tab.
        tasks = Task.browse()
        if Task.has_access("read") and self._origin:
            tasks = Task.search(
                [
                    ("employee_id", "in", self._origin.ids),
                    ("item_id.slide_channel_id", "!=", False),
                    ("enrollment_id.state", "!=", "cancelled"),
                ]
            )
        by_employee = tasks.grouped("employee_id")
        for employee in self:
            employee.onboarding_course_task_ids = by_employee.get(employee._origin, Task)

    def write(self, vals):
        result = super().write(vals)
        if vals.get("user_id"):
            # A hire who gets a user during the onboarding studies the linked courses with it.
            enrollments = self.sudo().onboarding_enrollment_ids.filtered(lambda e: e.state in RUNNING_STATES)
            enrollments._grant_course_access()
        return result
