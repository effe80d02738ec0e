from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL, format_date

from ..tools import already_following, check_field_policy, claim_rows, create_activities, run_job
from .onboarding_enrollment import OPEN_STATES

TASK_STATES = [
    ("locked", "Locked"),
    ("todo", "To Do"),
    ("submitted", "Submitted"),
    ("done", "Done"),
    ("rejected", "Rejected"),
]
# Field policy (tools.check_field_policy): a task's state, result, dates, item and enrollment, and whatever it
# inherits from its item (required, blocks attendance...), are the system's: tasks are made by starting an
# enrollment (nobody creates or copies one), and move through submit, confirm, reject and the scheduled jobs.
# What people may set:
# - the new hire, on their own tasks (officers on their own onboarding included): their note and evidence;
EMPLOYEE_WRITABLE = frozenset({"evidence_attachment_ids", "note"})
# - officers, on the tasks of others: when it is due and who answers for it (both tracked in the chatter).
OFFICER_WRITABLE = frozenset({"deadline", "responsible_user_id"})


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
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Past its deadline and not handed in, in an onboarding that is still open.",
    )
    can_confirm = fields.Boolean(compute="_compute_can_confirm")
    can_mark_done = fields.Boolean(compute="_compute_can_mark_done")
    is_mine = fields.Boolean(compute="_compute_is_mine", search="_search_is_mine")

    @api.depends("state", "submitted_date", "company_id.onboarding_confirm_days")
    def _compute_confirm_due_date(self):
        for task in self:
            task.confirm_due_date = (
                task.submitted_date.date() + timedelta(days=task.company_id.onboarding_confirm_days)
                if task.state == "submitted" and task.submitted_date
                else False
            )

    @api.depends("state", "deadline", "enrollment_id.state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for task in self:
            task.is_overdue = (
                task.state in ("locked", "todo", "rejected")
                and task.deadline < today
                and task.enrollment_id.state in OPEN_STATES
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue tasks."))
        # Passed, failed and cancelled onboardings are over: their leftovers are nobody's delay.
        domain = [
            ("state", "in", ("locked", "todo", "rejected")),
            ("deadline", "<", fields.Date.context_today(self)),
            ("enrollment_id.state", "in", OPEN_STATES),
        ]
        return domain if (operator == "=") == value else ["!", *expression.normalize_domain(domain)]

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
    @api.depends("state", "responsible_user_id", "item_id.responsible_role", "enrollment_id.state")
    def _compute_can_mark_done(self):
        for task in self:
            task.can_mark_done = task._may_mark_done()

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

    @api.model_create_multi
    def create(self, vals_list):
        # Tasks come from the program when an enrollment starts: nobody makes one by hand, nor copies one.
        check_field_policy(self, vals_list, frozenset(), create=True)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_user_write(vals)
        # Evidence (which files may be linked, and how they are homed on the task): onboarding_task_evidence.py.
        return super().write(vals)

    def _check_user_write(self, vals):
        own = [task._is_own_task() for task in self]
        if all(own):
            writable = EMPLOYEE_WRITABLE
        elif not any(own) and self.env.user.has_group("onboarding_training.group_onboarding_officer"):
            writable = OFFICER_WRITABLE
        else:
            writable = frozenset()
        check_field_policy(self, [vals], writable, own=any(own))

    def _is_own_task(self):
        self.ensure_one()
        return self.enrollment_id._is_own()

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        if already_following(self, partner_ids, subtype_ids):
            return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_progress(self):
        if not self.env.su and any(t.state in ("submitted", "done") for t in self):
            raise UserError(self.env._("Submitted or done tasks cannot be deleted."))
        # A task counts towards the completion rate, the gate and payroll: deleting one is the system's too.
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Onboarding tasks come from the program and go with their enrollment: "
                    "cancel or reset the enrollment instead of deleting its tasks."
                )
            )

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
        confirm._request_confirmation()
        self.enrollment_id._register_progress()
        return True

    def action_confirm(self):
        """The responsible (or an officer) accepts the evidence: the task is done and unlocks what follows."""
        self._lock_rows()
        for task in self:
            task._check_can_review()
        # sudo: states are protected from direct writes; each task was checked above.
        self.sudo().write({"state": "done", "done_date": fields.Datetime.now(), "confirmed_by_id": self.env.uid})
        # sudo (same user): reading the evidence and posting on tasks already checked above need no access check
        # again, and a mentor confirming one task after the other at the morning rush costs fewer queries.
        checked = self.sudo()
        self.env["onboarding.audit.log"]._append(
            "confirm",
            self,
            per_record={t.id: {"evidence": t.evidence_attachment_ids.mapped("checksum")} for t in checked},
        )
        for task in checked:
            task.message_post(body=self.env._("Confirmed by %(user)s.", user=self.env.user.name))
        self._close_confirmation_activities(self.env._("Confirmed."))
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
        self._close_confirmation_activities(self.env._("Rejected: sent back to the employee."))
        return True

    def action_mark_done(self):
        """The responsible of an HR-owned item (or an officer) records it as done, e.g. the signed labour contract."""
        self._lock_rows()
        for task in self:
            task._check_can_mark_done()
        # sudo: states are protected from direct writes; each task was checked above.
        self.sudo().write(
            {
                "state": "done",
                "done_date": fields.Datetime.now(),
                "confirmed_by_id": self.env.uid,
                "reject_reason": False,
            }
        )
        self.env["onboarding.audit.log"]._append(
            "confirm",
            self,
            {"completed_by": "responsible"},
            per_record={t.id: {"evidence": t.evidence_attachment_ids.mapped("checksum")} for t in self},
        )
        for task in self:
            task.message_post(body=self.env._("Marked done by %(user)s.", user=self.env.user.name))
        self._close_confirmation_activities(self.env._("Marked done."))
        self.enrollment_id._register_progress()
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
        # Even as superuser (the portal acts so on the hire's behalf): only the system's own result completes it.
        if self._completes_by_itself():
            raise UserError(self._completes_by_itself_reason())
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

    def _completes_by_itself(self):
        """Whether only the system completes the task (an exam's result, the peer reviews), never a hand-in nor
        a responsible's mark, whoever asks, superuser included. Bridges extend it (a linked eLearning course)."""
        self.ensure_one()
        return self.item_type == "review" or (self.item_type == "exam" and bool(self.item_id.survey_id))

    def _completes_by_itself_reason(self):
        """Why a task that completes by itself cannot be handed in or marked done, for the hire."""
        self.ensure_one()
        return self.env._(
            "%(task)s completes by itself once the exam is passed or the peer reviews are in.", task=self.name
        )

    def _may_mark_done(self):
        """The cheap part of _check_can_mark_done, for showing the button."""
        self.ensure_one()
        return (
            self.responsible_role == "hr"
            and self.item_type not in ("exam", "review")
            and not self._completes_by_itself()
            and self.state in ("todo", "rejected")
            and self.enrollment_id.state in ("running", "paused")
            and not self._is_own_task()
            and (
                self.env.su
                or self.responsible_user_id == self.env.user
                or self.env.user.has_group("onboarding_training.group_onboarding_officer")
            )
        )

    def _check_can_mark_done(self):
        if self._is_own_task():
            raise AccessError(self.env._("You cannot complete your own onboarding task: another officer does."))
        officer = self.env.user.has_group("onboarding_training.group_onboarding_officer")
        if not (officer or self.env.su or self.responsible_user_id == self.env.user):
            raise AccessError(
                self.env._(
                    "Only %(user)s or an onboarding officer can mark %(task)s done.",
                    user=self.responsible_user_id.name or self.env._("the responsible"),
                    task=self.name,
                )
            )
        if self._completes_by_itself():
            raise UserError(self._completes_by_itself_reason())
        if self.responsible_role != "hr" or self.item_type in ("exam", "review"):
            raise UserError(
                self.env._("%(task)s is not HR's own work: it is handed in and confirmed instead.", task=self.name)
            )
        if self.state not in ("todo", "rejected"):
            raise UserError(
                self.env._(
                    "%(task)s cannot be marked done while it is %(state)s.",
                    task=self.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                )
            )
        if self.enrollment_id.state not in ("running", "paused"):
            raise UserError(self.env._("The enrollment of %(task)s is not running.", task=self.name))
        missing = self._missing_prerequisites()
        if missing:
            raise UserError(self.env._("Finish %(items)s first.", items=", ".join(missing.mapped("name"))))
        if self.evidence_required and not self.evidence_attachment_ids:
            raise UserError(self.env._("%(task)s needs evidence: attach a file first.", task=self.name))

    def _confirmation_reviewer(self):
        """Who is asked to confirm: the responsible, or the HR responsible when the item is the hire's own."""
        self.ensure_one()
        user = self.responsible_user_id
        if not user or user.share or user in (self.employee_id.user_id | self.enrollment_id.portal_user_id):
            user = self.enrollment_id.hr_responsible_id or self.program_id.hr_responsible_id
        return user

    def _request_confirmation(self):
        """Give each handed-in task's reviewer one open "Confirm onboarding task" activity, in their language."""
        if not self:
            return
        activity_type = self.env.ref("onboarding_training.mail_activity_type_confirm_task")
        # sudo: hires cannot read activities; the caller checked the hand-in.
        tasks = self.sudo()
        already_asked = {
            activity.res_id
            for activity in self.env["mail.activity"]
            .sudo()
            .search_fetch(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", tasks.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
            )
        }
        reviewers = {task: task._confirmation_reviewer() for task in tasks if task.id not in already_asked}
        by_lang = defaultdict(list)
        for task, reviewer in reviewers.items():
            if reviewer:
                by_lang[reviewer.lang or "en_US"].append(task.id)
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for lang, task_ids in by_lang.items():
            # The names of the task and its item read in the reviewer's language, one batch per language.
            for task in tasks.browse(task_ids).with_context(lang=lang):
                vals_list.append(task._confirmation_activity_values(reviewers[task], activity_type, model_id))
        # Cheap whatever the number of reviewers: followers in one batch, no email per activity.
        create_activities(tasks, vals_list)

    def _confirmation_activity_values(self, reviewer, activity_type, model_id):
        """The activity of one task, written in the language of `self`'s environment (the reviewer's)."""
        today = fields.Date.context_today(self)
        return {
            "res_model_id": model_id,
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "user_id": reviewer.id,
            # Due today, so that it shows among the reviewer's activities of the day at once.
            "date_deadline": today,
            "summary": self.env._("Confirm %(task)s", task=self.name),
            "note": Markup("<p>%s</p>")
            % self.env._(
                "%(employee)s handed in %(task)s: confirm it by %(date)s, or reject it with a reason.",
                employee=self.employee_id.name,
                task=self.name,
                date=format_date(self.env, self.confirm_due_date or today),
            ),
        }

    def _close_confirmation_activities(self, feedback):
        """The decision fulfils the reviewer's to-do, whoever took it."""
        activity_type = self.env.ref("onboarding_training.mail_activity_type_confirm_task")
        # sudo: the activity may belong to another reviewer than the one who decided; the decision was checked.
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        if activities:
            activities.action_feedback(feedback=feedback)

    def _missing_prerequisites(self):
        self.ensure_one()
        tasks = self.enrollment_id.task_ids
        done_items = tasks.filtered(lambda t: t.state == "done").item_id
        # A prerequisite outside the hire's audience has no task here: skipped, it holds nothing back.
        return (self.item_id.prerequisite_ids & tasks.item_id) - done_items

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------
    def _cron_remind_confirmations(self):
        """One digest per responsible of overdue confirmations, then escalate to their manager (F6)."""
        today = fields.Date.context_today(self)
        overdue = self.search(
            [("state", "=", "submitted"), ("confirm_due_date", "<", today), ("responsible_user_id", "!=", False)]
        )
        return run_job(
            self.env,
            "onboarding_training.ir_cron_onboarding_remind_confirmations",
            lambda: overdue._remind_confirmations(today),
            (self.browse(), self.browse()),
        )

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
