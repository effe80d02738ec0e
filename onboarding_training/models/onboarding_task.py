from datetime import timedelta

from markupsafe import Markup
from psycopg2 import errors as pg_errors

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import claim_rows

TASK_STATES = [
    ("locked", "Locked"),
    ("todo", "To Do"),
    ("submitted", "Submitted"),
    ("done", "Done"),
    ("rejected", "Rejected"),
]
# Fields the employee may set on their own task; everything else moves through the action methods.
EMPLOYEE_WRITABLE = {"evidence_attachment_ids", "note"}
# What the workflow decides; nobody sets it by hand, officers included.
RESULT_FIELDS = {
    "state",
    "score",
    "submitted_date",
    "done_date",
    "confirmed_by_id",
    "reject_reason",
    "last_reminder_date",
    "escalated_date",
}


class OnboardingTask(models.Model):
    _name = "onboarding.task"
    _description = "Onboarding Task"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "deadline, stage_sequence, sequence, id"
    _check_company_auto = True

    enrollment_id = fields.Many2one("onboarding.enrollment", required=True, ondelete="cascade", index=True)
    item_id = fields.Many2one("onboarding.program.item", required=True, ondelete="restrict", index=True)
    name = fields.Char(related="item_id.name")
    employee_id = fields.Many2one(related="enrollment_id.employee_id", store=True, index=True, precompute=True)
    company_id = fields.Many2one(related="enrollment_id.company_id", store=True, index=True, precompute=True)
    program_id = fields.Many2one(related="enrollment_id.program_id", store=True, precompute=True)
    stage_id = fields.Many2one(related="item_id.stage_id", store=True, index=True, precompute=True)
    stage_sequence = fields.Integer("Stage Sequence", related="stage_id.sequence", store=True, precompute=True)
    sequence = fields.Integer(related="item_id.sequence", store=True, precompute=True)
    item_type = fields.Selection(related="item_id.item_type", store=True, precompute=True)
    responsible_role = fields.Selection(related="item_id.responsible_role")
    required = fields.Boolean(related="item_id.required", store=True, precompute=True)
    blocks_attendance = fields.Boolean(related="stage_id.blocks_attendance", store=True, precompute=True)
    evidence_required = fields.Boolean(related="item_id.evidence_required")
    confirmation_required = fields.Boolean(related="item_id.confirmation_required")
    output_requirement = fields.Text(related="item_id.output_requirement")
    description = fields.Html(related="item_id.description")
    state = fields.Selection(TASK_STATES, default="locked", required=True, tracking=True, index=True, copy=False)
    deadline = fields.Date(required=True, tracking=True, index=True)
    available_date = fields.Date("Opens At Latest", help="Planned start of the task's stage.")
    responsible_user_id = fields.Many2one(
        "res.users", "Responsible", ondelete="set null", index=True, tracking=True, domain=[("share", "=", False)]
    )
    evidence_attachment_ids = fields.Many2many(
        "ir.attachment", "onboarding_task_evidence_rel", "task_id", "attachment_id", string="Evidence", copy=False
    )
    note = fields.Text("Employee's Note")
    submitted_date = fields.Datetime(readonly=True, copy=False)
    done_date = fields.Datetime(readonly=True, copy=False, index=True)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, ondelete="set null", copy=False)
    reject_reason = fields.Text(readonly=True, copy=False)
    score = fields.Float(readonly=True, copy=False, aggregator="avg")
    confirm_due_date = fields.Date(
        compute="_compute_confirm_due_date",
        store=True,
        precompute=True,
        help="When the responsible should have confirmed a submitted task.",
    )
    last_reminder_date = fields.Date(readonly=True, copy=False)
    escalated_date = fields.Date(readonly=True, copy=False)
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    can_confirm = fields.Boolean(compute="_compute_can_confirm")
    is_mine = fields.Boolean(compute="_compute_is_mine", search="_search_is_mine")

    @api.depends("state", "submitted_date", "company_id.onboarding_confirm_days")
    def _compute_confirm_due_date(self):
        for task in self:
            task.confirm_due_date = (
                task.submitted_date.date() + timedelta(days=task.company_id.onboarding_confirm_days)
                if task.state == "submitted" and task.submitted_date
                else False
            )

    @api.depends("state", "deadline")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for task in self:
            task.is_overdue = task.state in ("locked", "todo", "rejected") and task.deadline < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue tasks."))
        domain = [("state", "in", ("locked", "todo", "rejected")), ("deadline", "<", fields.Date.context_today(self))]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends_context("uid")
    @api.depends("state", "responsible_user_id", "employee_id.user_id")
    def _compute_can_confirm(self):
        officer = self.env.user.has_group("onboarding_training.group_onboarding_officer")
        for task in self:
            task.can_confirm = (
                task.state == "submitted"
                and not task._is_own_task()
                and (officer or task.responsible_user_id == self.env.user)
            )

    @api.depends_context("uid")
    @api.depends("employee_id.user_id", "enrollment_id.portal_user_id")
    def _compute_is_mine(self):
        for task in self:
            task.is_mine = task._is_own_task()

    def _search_is_mine(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on my tasks."))
        domain = [
            "|",
            ("employee_id.user_id", "=", self.env.uid),
            ("enrollment_id.portal_user_id", "=", self.env.uid),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def write(self, vals):
        if not self.env.su:
            self._check_user_write(vals)
        if "evidence_attachment_ids" in vals:
            if any(task.state == "done" for task in self):
                raise UserError(self.env._("Confirmed evidence can no longer be changed."))
            self._new_evidence(vals["evidence_attachment_ids"])._check_onboarding_evidence(self.company_id)
        result = super().write(vals)
        if "evidence_attachment_ids" in vals:
            self._link_evidence()
        return result

    def _new_evidence(self, commands):
        """Attachments that a write's x2many commands would add, so they are checked before anything is written."""
        ids = []
        for command in commands:
            if command[0] == Command.LINK:
                ids.append(command[1])
            elif command[0] == Command.SET:
                ids.extend(command[2])
            elif command[0] == Command.CREATE:
                raise UserError(self.env._("Upload evidence as a file first, then attach it."))
        return self.env["ir.attachment"].browse(ids)

    def _check_user_write(self, vals):
        if vals.keys() & RESULT_FIELDS:
            raise AccessError(self.env._("A task's state and result only change through submit, confirm and reject."))
        if self.env.user.has_group("onboarding_training.group_onboarding_officer"):
            return
        forbidden = set(vals) - EMPLOYEE_WRITABLE
        if forbidden or not all(task._is_own_task() for task in self):
            raise AccessError(self.env._("You can only attach evidence and notes to your own onboarding tasks."))

    def _is_own_task(self):
        self.ensure_one()
        return self.enrollment_id._is_own()

    def _link_evidence(self):
        """Evidence belongs to its task so that access to the file follows access to the task."""
        for task in self:
            loose = task.evidence_attachment_ids.filtered(lambda a: a.res_model != self._name or a.res_id != task.id)
            if loose:
                # sudo: attachments uploaded by the employee are re-homed on the task they prove.
                loose.sudo().write({"res_model": self._name, "res_id": task.id})

    @api.ondelete(at_uninstall=False)
    def _unlink_except_progress(self):
        if not self.env.su and any(t.state in ("submitted", "done") for t in self):
            raise UserError(self.env._("Submitted or done tasks cannot be deleted."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        """The employee hands the task in; without confirmation required it is done at once."""
        self._lock_rows()
        for task in self:
            task._check_can_submit()
        now = fields.Datetime.now()
        confirm = self.filtered("confirmation_required")
        direct = self - confirm
        # sudo: states are protected from direct writes; each task was checked above.
        confirm.sudo().write({"state": "submitted", "submitted_date": now, "reject_reason": False})
        direct.sudo().write({"state": "done", "submitted_date": now, "done_date": now, "reject_reason": False})
        self.enrollment_id._register_progress()
        return True

    def action_confirm(self):
        """The responsible (or an officer) accepts the evidence: the task is done and unlocks what follows."""
        self._lock_rows()
        for task in self:
            task._check_can_review()
        # sudo: states are protected from direct writes; each task was checked above.
        self.sudo().write({"state": "done", "done_date": fields.Datetime.now(), "confirmed_by_id": self.env.uid})
        self.env["onboarding.audit.log"]._append(
            "confirm", self, per_record={t.id: {"evidence": t.evidence_attachment_ids.mapped("checksum")} for t in self}
        )
        for task in self:
            task.message_post(body=self.env._("Confirmed by %(user)s.", user=self.env.user.name))
        self.enrollment_id._register_progress()
        return True

    def action_reject(self, reason=None):
        """The responsible sends the task back with a reason; the employee can submit again."""
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Give a reason so the employee knows what to fix."))
        self._lock_rows()
        for task in self:
            task._check_can_review()
        # sudo: states are protected from direct writes; each task was checked above.
        self.sudo().write({"state": "rejected", "reject_reason": reason})
        self.env["onboarding.audit.log"]._append("reject", self, {"reason": reason})
        for task in self:
            task.message_post(
                body=self.env._("Rejected by %(user)s: %(reason)s", user=self.env.user.name, reason=reason)
            )
        return True

    def action_open_reject_wizard(self):
        self.ensure_one()
        self._check_can_review()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject"),
            "res_model": "onboarding.task.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_task_id": self.id},
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _lock_rows(self):
        """Serialise concurrent submit/confirm/reject on the same tasks; the loser gets a clear error."""
        self.check_access("read")
        try:
            self.env.cr.execute(
                SQL("SELECT id FROM onboarding_task WHERE id IN %s FOR UPDATE NOWAIT", tuple(self.ids)),
                log_exceptions=False,
            )
        except pg_errors.LockNotAvailable as exc:
            raise UserError(
                self.env._("Someone else is handling this task right now; reload it and try again.")
            ) from exc
        self.invalidate_recordset(["state"])

    def _check_can_submit(self):
        if not (
            self._is_own_task()
            or self.env.su
            or self.env.user.has_group("onboarding_training.group_onboarding_officer")
        ):
            raise AccessError(self.env._("Only %(employee)s can submit this task.", employee=self.employee_id.name))
        if self.state not in ("todo", "rejected"):
            raise UserError(
                self.env._(
                    "%(task)s cannot be submitted while it is %(state)s.",
                    task=self.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                )
            )
        if self.enrollment_id.state not in ("running", "paused"):
            raise UserError(self.env._("The enrollment of %(task)s is not running.", task=self.name))
        if not self.env.su and (self.item_type == "review" or (self.item_type == "exam" and self.item_id.survey_id)):
            raise UserError(
                self.env._(
                    "%(task)s completes by itself once the exam is passed or the peer reviews are in.",
                    task=self.name,
                )
            )
        missing = self._missing_prerequisites()
        if missing:
            raise UserError(self.env._("Finish %(items)s first.", items=", ".join(missing.mapped("name"))))
        if self.evidence_required and not self.evidence_attachment_ids:
            raise UserError(self.env._("%(task)s needs evidence: attach a file first.", task=self.name))
        self.evidence_attachment_ids._check_onboarding_evidence(self.company_id)

    def _check_can_review(self):
        if self._is_own_task():
            raise AccessError(self.env._("You cannot confirm or reject your own onboarding task."))
        officer = self.env.user.has_group("onboarding_training.group_onboarding_officer")
        if not (officer or self.env.su or self.responsible_user_id == self.env.user):
            raise AccessError(
                self.env._(
                    "Only %(user)s or an onboarding officer can review this task.",
                    user=self.responsible_user_id.name or self.env._("the responsible"),
                )
            )
        if self.state != "submitted":
            raise UserError(self.env._("%(task)s is not waiting for confirmation.", task=self.name))

    def _missing_prerequisites(self):
        self.ensure_one()
        done_items = self.enrollment_id.task_ids.filtered(lambda t: t.state == "done").item_id
        return self.item_id.prerequisite_ids - done_items

    def _evidence_from_upload(self, filename, content):
        """Create an evidence attachment from raw bytes (portal and wizard uploads)."""
        self.ensure_one()
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create({"name": filename, "raw": content, "res_model": self._name, "res_id": self.id})
        )
        try:
            attachment._check_onboarding_evidence(self.company_id)
        except UserError:
            attachment.unlink()
            raise
        return attachment

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------
    def _cron_remind_confirmations(self):
        """One digest per responsible of overdue confirmations, then escalate to their manager (F6)."""
        today = fields.Date.context_today(self)
        overdue = self.search(
            [("state", "=", "submitted"), ("confirm_due_date", "<", today), ("responsible_user_id", "!=", False)]
        )
        return overdue._remind_confirmations(today)

    def _remind_confirmations(self, today):
        # Another worker may be sending the same digests: claim the tasks, then re-check under the lock.
        overdue = claim_rows(self).filtered(lambda t: t.state == "submitted")
        to_remind = overdue.filtered(lambda t: t.last_reminder_date != today)
        to_escalate = overdue.filtered(
            lambda t: (
                not t.escalated_date
                and t.confirm_due_date + timedelta(days=t.company_id.onboarding_escalation_days) < today
            )
        )
        digests = [(user.partner_id, tasks, False) for user, tasks in to_remind.grouped("responsible_user_id").items()]
        for user, tasks in to_escalate.grouped("responsible_user_id").items():
            manager = user.employee_ids[:1].parent_id.user_id
            if manager:
                digests.append((manager.partner_id, tasks, True))
        self._send_digests(digests)
        # sudo: reminder bookkeeping belongs to the scheduled job.
        to_remind.sudo().write({"last_reminder_date": today})
        to_escalate.sudo().write({"escalated_date": today})
        return to_remind, to_escalate

    def _send_digests(self, digests):
        """Post each (partner, tasks, escalation) digest to its partner alone, by email or in Odoo as they prefer."""
        if not digests:
            return
        # sudo: the digests are sent by the system on behalf of the company.
        threads = self.sudo().browse(tasks[0].id for _partner, tasks, _escalation in digests)
        # Sender and reply-to once for the batch, rather than looked up again for every digest.
        _author, email_from = threads._message_compute_author(raise_on_email=False)
        reply_to = threads._notify_get_reply_to(default=email_from)
        for thread, (partner, tasks, escalation) in zip(threads, digests, strict=True):
            lines = Markup("").join(
                Markup("<li>%s: %s (%s)</li>") % (task.employee_id.name, task.name, task.deadline) for task in tasks
            )
            if escalation:
                subject = self.env._(
                    "Onboarding confirmations overdue for %(user)s", user=tasks.responsible_user_id[:1].name
                )
            else:
                subject = self.env._("Onboarding tasks waiting for your confirmation")
            body = Markup("<p>%s</p><ul>%s</ul>") % (self.env._("These tasks wait for confirmation:"), lines)
            # Queued for the mail server rather than sent inside the job: a slow server does not hold
            # the job (and its locks on the tasks), and a failing one does not lose the digest.
            thread.message_notify(
                partner_ids=partner.ids, subject=subject, body=body, reply_to=reply_to[thread.id], force_send=False
            )
