"""Credit for prior learning: a task born done from the same employee's recent completion, and its withdrawal."""

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_compare, format_date

from .onboarding_enrollment import OPEN_STATES


class OnboardingTask(models.Model):
    _inherit = "onboarding.task"

    credit_source_task_id = fields.Many2one(
        "onboarding.task",
        "Credited From Task",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
        help="The task of an earlier onboarding whose completion was credited to this one.",
    )
    credit_source_enrollment_id = fields.Many2one(related="credit_source_task_id.enrollment_id", string="Credited From")
    credited_date = fields.Datetime(
        "Credited On",
        readonly=True,
        copy=False,
        help="When the task was credited from prior learning; its done date stays the original completion date.",
    )
    credit_note = fields.Char("Prior Learning", compute="_compute_credit_note")
    can_withdraw_credit = fields.Boolean(compute="_compute_can_withdraw_credit")

    @api.depends_context("lang")
    @api.depends("credited_date", "done_date", "credit_source_enrollment_id")
    def _compute_credit_note(self):
        for task in self:
            task.credit_note = task.credited_date and task._credit_message()

    @api.depends_context("uid")
    @api.depends("state", "credited_date", "enrollment_id.state", "employee_id.user_id")
    def _compute_can_withdraw_credit(self):
        officer = self.env.user.has_group("onboarding_training.group_onboarding_officer")
        for task in self:
            task.can_withdraw_credit = (
                officer
                and task.state == "done"
                and bool(task.credited_date)
                and task.enrollment_id.state in OPEN_STATES
                and not task._is_own_task()
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_withdraw_credit(self, reason=None):
        """HR takes back a credit with a reason: the task opens again (or waits for its prerequisites)."""
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Give the reason for withdrawing the credit; it stays on the record."))
        self._lock_rows()
        for task in self:
            task._check_can_withdraw_credit()
        details = {
            task.id: {
                "reason": reason,
                "source_task": task.credit_source_task_id.id,
                "original_done_date": task.done_date,
                "evidence": task.sudo().evidence_attachment_ids.mapped("checksum"),
            }
            for task in self
        }
        # sudo: states, results and the credit are the system's; each task was checked above.
        tasks = self.sudo()
        tasks.write(
            {
                "state": "locked",
                "done_date": False,
                "score": 0.0,
                "credit_source_task_id": False,
                "credited_date": False,
            }
        )
        # The original's files go back to proving the original alone; nothing is deleted.
        tasks.write({"evidence_attachment_ids": [Command.clear()]})
        self.env["onboarding.audit.log"]._append("withdraw_credit", self, per_record=details)
        for task in self:
            task.message_post(
                body=self.env._("Credit withdrawn by %(user)s: %(reason)s", user=self.env.user.name, reason=reason)
            )
        tasks._reopen_after_withdrawal()
        return True

    def action_open_withdraw_credit_wizard(self):
        self.ensure_one()
        self._check_can_withdraw_credit()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Withdraw Credit"),
            "res_model": "onboarding.task.credit.withdraw.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_task_id": self.id},
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _check_can_withdraw_credit(self):
        if not (self.env.su or self.env.user.has_group("onboarding_training.group_onboarding_officer")):
            raise AccessError(self.env._("Only onboarding officers can withdraw a credit."))
        self.check_access("write")
        if self._is_own_task():
            raise AccessError(
                self.env._("You cannot withdraw a credit on your own onboarding: another onboarding officer does.")
            )
        if self.state != "done" or not self.credited_date:
            raise UserError(
                self.env._(
                    "%(task)s was not credited from prior learning: there is no credit to withdraw.", task=self.name
                )
            )
        if self.enrollment_id.state not in ("running", "paused"):
            raise UserError(self.env._("The enrollment of %(task)s is not running.", task=self.name))

    def _is_creditable(self):
        """Whether this done task proves what it taught: an exam only when passed (its last failed attempt ends
        it too)."""
        self.ensure_one()
        survey = self.item_id.survey_id
        if self.item_type == "exam" and survey:
            return float_compare(self.score, survey.scoring_success_min, precision_digits=2) >= 0
        return True

    def _credit_values(self):
        """What a new task credited from this done task is born with: done on the original date, same score."""
        self.ensure_one()
        return {
            "state": "done",
            "done_date": self.done_date,
            "score": self.score,
            # A credit of a credit goes back to the original completion.
            "credit_source_task_id": (self.credit_source_task_id or self).id,
            "credited_date": fields.Datetime.now(),
        }

    def _record_credits(self):
        """Prove the new credited tasks with their originals' evidence, in the audit trail and in the chatter."""
        if not self:
            return
        self._link_credited_evidence()
        self.env["onboarding.audit.log"]._append(
            "credit",
            self,
            per_record={
                task.id: {
                    "source_task": task.credit_source_task_id.id,
                    "source_enrollment": task.credit_source_task_id.enrollment_id.id,
                    "original_done_date": task.done_date,
                    "evidence": task.evidence_attachment_ids.mapped("checksum"),
                }
                for task in self
            },
        )
        self._message_log_batch(bodies={task.id: Markup("<p>%s</p>") % task._credit_message() for task in self})

    def _credit_message(self):
        """Where and when the credited task was really done, in the language of the environment."""
        self.ensure_one()
        return self.env._(
            "Credited from prior learning: done on %(date)s in %(onboarding)s.",
            date=format_date(self.env, self.done_date),
            # sudo: only the name of the same hire's earlier onboarding, for whoever reads this task.
            onboarding=self.sudo().credit_source_enrollment_id.display_name or self.env._("an earlier onboarding"),
        )

    def _link_credited_evidence(self):
        """Link each original's evidence to the task credited from it, in one statement.

        The files stay on their original task (nothing is moved) and are already frozen there. Evidence links
        that users make accept fresh uploads only (onboarding_task_evidence.py); this path is the system's
        alone, which is why it writes the relation itself.
        """
        rows = [
            (task.id, attachment.id)
            for task in self
            for attachment in task.credit_source_task_id.evidence_attachment_ids
        ]
        if not rows:
            return
        field = self._fields["evidence_attachment_ids"]
        self.flush_recordset(["evidence_attachment_ids"])
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s, %s) VALUES %s ON CONFLICT DO NOTHING",
                SQL.identifier(field.relation),
                SQL.identifier(field.column1),
                SQL.identifier(field.column2),
                SQL(", ").join(SQL("(%s, %s)", task_id, attachment_id) for task_id, attachment_id in rows),
            )
        )
        self.invalidate_recordset(["evidence_attachment_ids"])

    def _reopen_after_withdrawal(self):
        """Open the withdrawn tasks that can be done now; tasks they had opened and that nobody handed in yet
        wait for them again. Tasks already handed in or done stay as they are."""
        today = fields.Date.context_today(self)
        to_open = self.browse()
        for enrollment, tasks in self.grouped("enrollment_id").items():
            open_stages = enrollment._open_stages(today)
            to_open |= tasks.filtered(
                lambda t, stages=open_stages: (
                    not t._missing_prerequisites() and (t.stage_id in stages or not t.required)
                )
            )
        to_open.write({"state": "todo"})
        waiting_again = self.enrollment_id.task_ids.filtered(lambda t: t.state == "todo" and t._missing_prerequisites())
        waiting_again.write({"state": "locked"})
