from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError


class OnboardingSessionSigninWizard(models.TransientModel):
    _name = "onboarding.session.signin.wizard"
    _description = "Session Sign-in Sheet"

    item_id = fields.Many2one(
        "onboarding.program.item", "Session", required=True, domain=[("item_type", "=", "session")]
    )
    session_date = fields.Date("Session Day", required=True, default=fields.Date.context_today)
    line_ids = fields.One2many(
        "onboarding.session.signin.line",
        "wizard_id",
        string="Enrollees",
        compute="_compute_line_ids",
        compute_sudo=False,
        store=True,
        readonly=False,
    )

    @api.depends("item_id", "session_date")
    def _compute_line_ids(self):
        # The officer's own rights pick the enrollees: another company's hires never show up.
        Task = self.env["onboarding.task"]
        for wizard in self:
            tasks = Task.search(wizard._task_domain()) if wizard.item_id and wizard.session_date else Task
            wizard.line_ids = [Command.clear()] + [
                Command.create({"task_id": task.id, "attended": task.signed_in}) for task in tasks
            ]

    def _task_domain(self):
        return [
            ("item_id", "=", self.item_id.id),
            ("deadline", "=", self.session_date),
            ("enrollment_id.state", "in", ("running", "paused")),
            ("state", "!=", "locked"),
        ]

    @api.model
    def _action_open(self, item):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sign-in Sheet"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_item_id": item.id},
        }

    def action_confirm(self):
        """Sign in the ticked enrollees: their session task is done, recorded as signed by sheet."""
        self.ensure_one()
        if not self.env.user.has_group("onboarding_training.group_onboarding_officer"):
            raise AccessError(self.env._("Only onboarding officers can fill in a sign-in sheet."))
        if self.item_id.item_type != "session":
            raise UserError(self.env._("%(item)s is not a session.", item=self.item_id.name))
        tasks = self.line_ids.filtered("attended").task_id
        tasks.check_access("write")
        # Lines are client data: only the session's own open tasks of that day may be signed.
        tasks.filtered_domain(self._task_domain()).filtered(lambda t: not t.signed_in)._sign_in("sheet")
        return {"type": "ir.actions.act_window_close"}


class OnboardingSessionSigninLine(models.TransientModel):
    _name = "onboarding.session.signin.line"
    _description = "Session Sign-in Sheet Line"

    wizard_id = fields.Many2one("onboarding.session.signin.wizard", required=True, ondelete="cascade")
    task_id = fields.Many2one("onboarding.task", required=True, ondelete="cascade")
    employee_id = fields.Many2one(related="task_id.employee_id", related_sudo=False)
    task_state = fields.Selection(related="task_id.state", string="Task Status", related_sudo=False)
    attended = fields.Boolean()
