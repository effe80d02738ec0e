"""What a locked task waits for: its open prerequisites by name, or the planned opening of its stage."""

from odoo import api, fields, models


class OnboardingTask(models.Model):
    _inherit = "onboarding.task"

    waiting_for = fields.Char(
        compute="_compute_waiting_for",
        help="The prerequisites of this locked task that are not done yet.",
    )
    opens_on = fields.Date(
        compute="_compute_waiting_for",
        help="When the lock is the stage not being open yet: its planned start. "
        "It opens earlier if the previous stages are finished early.",
    )

    @api.depends_context("lang")
    @api.depends(
        "state",
        "required",
        "available_date",
        "item_id.prerequisite_ids",
        "enrollment_id.task_ids.state",
        "enrollment_id.start_date",
    )
    def _compute_waiting_for(self):
        waiting = self._waiting_reasons(self.filtered(lambda t: t.state == "locked"))
        for task in self:
            task.waiting_for, task.opens_on = waiting.get(task.id, (False, False))

    @api.model
    def _waiting_reasons(self, tasks):
        """{task id: (prerequisite names, planned opening date)} for locked tasks, one pass per enrollment."""
        today = fields.Date.context_today(self)
        reasons = {}
        # sudo: only which items of the task's own program are done, and their names, are read, for tasks
        # the caller reads already; a mentor or the portal need not read every task of the enrollment.
        for enrollment, enrollment_tasks in tasks.sudo().grouped("enrollment_id").items():
            done_items = enrollment.task_ids.filtered(lambda t: t.state == "done").item_id
            # Prerequisites outside the hire's audience have no task: skipped, they are not waited for.
            items = enrollment.task_ids.item_id
            open_stages = enrollment._open_stages(today)
            for task in enrollment_tasks:
                missing = (task.item_id.prerequisite_ids & items) - done_items
                stage_closed = task.required and task.stage_id not in open_stages
                reasons[task.id] = (
                    ", ".join(missing.mapped("name")) or False,
                    task.available_date if stage_closed else False,
                )
        return reasons
