from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, email_normalize, float_compare, float_round

from ..tools import already_following, claim_rows, create_activities
from .onboarding_program_stage import MAX_OFFSET_DAYS

ENROLLMENT_STATES = [
    ("draft", "Draft"),
    ("running", "Running"),
    ("paused", "Paused"),
    ("passed", "Passed"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("draft", "running", "paused")
# Decided by the assessment and the scheduled jobs only, each leaving its trace in the chatter or audit trail.
RESULT_FIELDS = {
    "state",
    "final_score",
    "conversion_date",
    "failure_reason",
    "stalled_since",
    "practical_scored_by_id",
    "practical_score_date",
}
ASSESSABLE_STATES = ("running", "paused")
PRACTICAL_FIELDS = {"practical_score", "practical_comment"}
# A start date further away than this is almost surely a typo (wrong year).
MAX_START_DISTANCE_DAYS = 366


class OnboardingEnrollment(models.Model):
    _name = "onboarding.enrollment"
    _description = "Onboarding Enrollment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "start_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    employee_id = fields.Many2one(
        "hr.employee", required=True, ondelete="restrict", index=True, tracking=True, check_company=True
    )
    program_id = fields.Many2one(
        "onboarding.program", required=True, ondelete="restrict", index=True, tracking=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        ondelete="restrict",
        index=True,
    )
    start_date = fields.Date(required=True, tracking=True, default=fields.Date.context_today)
    end_date = fields.Date(
        "Planned End", compute="_compute_end_date", store=True, help="The last deadline of the program."
    )
    mentor_id = fields.Many2one(
        "hr.employee",
        compute="_compute_mentor_id",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="set null",
        tracking=True,
        check_company=True,
        help="Defaults to the employee's coach.",
    )
    manager_id = fields.Many2one(
        "hr.employee",
        compute="_compute_manager_id",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="set null",
        tracking=True,
        check_company=True,
        help="Defaults to the employee's manager.",
    )
    hr_responsible_id = fields.Many2one(
        "res.users",
        "HR Responsible",
        compute="_compute_hr_responsible_id",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="set null",
        tracking=True,
        domain=[("share", "=", False)],
    )
    portal_user_id = fields.Many2one(
        "res.users",
        ondelete="set null",
        index="btree_not_null",
        copy=False,
        help="Login of a future hire who has no internal user yet.",
    )
    state = fields.Selection(ENROLLMENT_STATES, default="draft", required=True, tracking=True, index=True, copy=False)
    task_ids = fields.One2many("onboarding.task", "enrollment_id", string="Tasks", copy=False)
    task_count = fields.Integer(compute="_compute_task_stats", store=True)
    done_task_count = fields.Integer(compute="_compute_task_stats", store=True)
    completion_rate = fields.Float(
        compute="_compute_task_stats",
        store=True,
        aggregator="avg",
        help="Share of required tasks done, in percent.",
    )
    preboarding_pending = fields.Boolean(
        compute="_compute_preboarding_pending",
        store=True,
        help="A required task of a stage that blocks attendance is not done yet.",
    )
    final_score = fields.Float(tracking=True, copy=False, aggregator="avg")
    last_progress_date = fields.Date(copy=False, help="Last day a task was submitted or done.")
    stalled_since = fields.Date(copy=False, readonly=True)
    color = fields.Integer(compute="_compute_color")
    # Assessment and conversion (F7)
    assessment_round = fields.Integer(
        default=1, readonly=True, copy=False, help="Goes up by one each time HR runs a re-assessment."
    )
    pass_score = fields.Float(related="program_id.pass_score")
    exam_score = fields.Float(
        compute="_compute_exam_score", help="Mean of the best attempt of each exam in the current round."
    )
    exam_complete = fields.Boolean(compute="_compute_exam_score", help="Every exam task of the program is done.")
    practical_score = fields.Float(
        tracking=True, copy=False, help="0-100, given by the manager or the mentor after the practical work."
    )
    practical_comment = fields.Text(copy=False)
    practical_scored_by_id = fields.Many2one("res.users", readonly=True, ondelete="set null", copy=False)
    practical_score_date = fields.Date(readonly=True, copy=False)
    can_score_practical = fields.Boolean(compute="_compute_can_score_practical")
    peer_review_ids = fields.One2many("onboarding.peer.review", "enrollment_id", string="Peer Reviews", copy=False)
    peer_review_count = fields.Integer("Invited Reviewers", compute="_compute_peer_review_stats")
    peer_review_done_count = fields.Integer("Reviews Done", compute="_compute_peer_review_stats")
    peer_score_available = fields.Boolean(compute="_compute_peer_review_stats")
    peer_score = fields.Float(
        compute="_compute_peer_review_stats",
        help="Mean of the peer reviews of the current round, once the program's minimum number is done.",
    )
    projected_score = fields.Float(
        compute="_compute_projected_score", help="The final score an assessment would give now."
    )
    conversion_date = fields.Date(readonly=True, copy=False, tracking=True, index="btree_not_null")
    failure_reason = fields.Text(readonly=True, copy=False, tracking=True)

    @api.depends("employee_id.name", "program_id.name")
    def _compute_name(self):
        for enrollment in self:
            enrollment.name = f"{enrollment.employee_id.name or ''} – {enrollment.program_id.name or ''}"

    @api.depends("employee_id")
    def _compute_company_id(self):
        for enrollment in self:
            enrollment.company_id = enrollment.employee_id.company_id or enrollment.company_id or self.env.company

    @api.depends("start_date", "program_id.duration_days")
    def _compute_end_date(self):
        for enrollment in self:
            enrollment.end_date = enrollment.start_date and enrollment.start_date + timedelta(
                days=enrollment.program_id.duration_days
            )

    @api.depends("employee_id")
    def _compute_mentor_id(self):
        for enrollment in self:
            enrollment.mentor_id = enrollment.employee_id.coach_id

    @api.depends("employee_id")
    def _compute_manager_id(self):
        for enrollment in self:
            enrollment.manager_id = enrollment.employee_id.parent_id

    @api.depends("program_id")
    def _compute_hr_responsible_id(self):
        for enrollment in self:
            enrollment.hr_responsible_id = (
                enrollment.program_id.hr_responsible_id or enrollment.hr_responsible_id or self.env.user
            )

    @api.depends("task_ids.state", "task_ids.required")
    def _compute_task_stats(self):
        for enrollment in self:
            required = enrollment.task_ids.filtered("required")
            done = required.filtered(lambda t: t.state == "done")
            enrollment.task_count = len(enrollment.task_ids)
            enrollment.done_task_count = len(enrollment.task_ids.filtered(lambda t: t.state == "done"))
            enrollment.completion_rate = 100.0 * len(done) / len(required) if required else 0.0

    @api.depends("state", "task_ids.state", "task_ids.required", "task_ids.blocks_attendance")
    def _compute_preboarding_pending(self):
        for enrollment in self:
            enrollment.preboarding_pending = enrollment.state in OPEN_STATES and any(
                t.required and t.blocks_attendance and t.state != "done" for t in enrollment.task_ids
            )

    def _compute_color(self):
        colors = {"draft": 0, "running": 4, "paused": 2, "passed": 10, "failed": 1, "cancelled": 0}
        for enrollment in self:
            enrollment.color = colors[enrollment.state]

    @api.depends("task_ids.score", "task_ids.state", "task_ids.item_type")
    def _compute_exam_score(self):
        for enrollment in self:
            exams = enrollment.task_ids.filtered(lambda t: t.item_type == "exam")
            enrollment.exam_score = sum(exams.mapped("score")) / len(exams) if exams else 0.0
            enrollment.exam_complete = bool(exams) and all(t.state == "done" for t in exams)

    @api.depends_context("uid")
    @api.depends("state", "mentor_id.user_id", "manager_id.user_id", "employee_id.user_id", "portal_user_id")
    def _compute_can_score_practical(self):
        for enrollment in self:
            enrollment.can_score_practical = enrollment._may_score_practical()

    @api.depends(
        "peer_review_ids.state", "peer_review_ids.score", "assessment_round", "program_id.peer_review_min_count"
    )
    def _compute_peer_review_stats(self):
        # sudo: only counts and a mean are exposed, never a single review, which may still be hidden.
        groups = (
            self.env["onboarding.peer.review"]
            .sudo()
            ._read_group(
                [("enrollment_id", "in", self.ids)],
                ["enrollment_id", "assessment_round", "state"],
                ["__count", "score:avg"],
            )
        )
        stats = defaultdict(lambda: {"pending": (0, 0.0), "done": (0, 0.0)})
        for enrollment, assessment_round, state, count, mean in groups:
            stats[(enrollment.id, assessment_round)][state] = (count, mean or 0.0)
        for enrollment in self:
            current = stats[(enrollment.id, enrollment.assessment_round)]
            done_count, mean = current["done"]
            enrollment.peer_review_count = done_count + current["pending"][0]
            enrollment.peer_review_done_count = done_count
            enrollment.peer_score_available = done_count >= enrollment.program_id.peer_review_min_count
            enrollment.peer_score = float_round(mean, 2) if enrollment.peer_score_available else 0.0

    @api.depends(
        "exam_score",
        "practical_score",
        "peer_score",
        "program_id.weight_exam",
        "program_id.weight_practical",
        "program_id.weight_peer",
    )
    def _compute_projected_score(self):
        for enrollment in self:
            enrollment.projected_score = enrollment._weighted_score()

    @api.constrains("practical_score")
    def _check_practical_score(self):
        for enrollment in self:
            if not 0 <= enrollment.practical_score <= 100:
                raise ValidationError(
                    self.env._("The practical score of %(name)s must be between 0 and 100.", name=enrollment.name)
                )

    @api.constrains("start_date")
    def _check_start_date(self):
        today = fields.Date.context_today(self)
        for enrollment in self:
            if abs((enrollment.start_date - today).days) > MAX_START_DISTANCE_DAYS:
                raise ValidationError(
                    self.env._(
                        "The start date %(date)s of %(name)s is more than a year away from today.",
                        date=enrollment.start_date,
                        name=enrollment.name,
                    )
                )

    @api.constrains("employee_id")
    def _check_employee_calendar(self):
        for enrollment in self:
            if not (enrollment.employee_id.resource_calendar_id or enrollment.company_id.resource_calendar_id):
                raise ValidationError(
                    self.env._(
                        "%(employee)s has no working schedule and their company has none either: "
                        "set one before enrolling.",
                        employee=enrollment.employee_id.name,
                    )
                )

    def init(self):
        # One open enrollment per employee and program, even under concurrent auto-enrollment.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS onboarding_enrollment_open_uniq ON onboarding_enrollment "
                "(employee_id, program_id) WHERE state IN ('draft', 'running', 'paused')"
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_no_open_duplicate(vals_list)
        return super(OnboardingEnrollment, self.with_context(mail_create_nosubscribe=True)).create(vals_list)

    def write(self, vals):
        if not self.env.su and not self.env.user.has_group("onboarding_training.group_onboarding_officer"):
            forbidden = set(vals) - self._user_writable_fields()
            if forbidden:
                raise AccessError(
                    self.env._("Only onboarding officers can change %(fields)s.", fields=", ".join(sorted(forbidden)))
                )
        if not self.env.su and vals.keys() & RESULT_FIELDS:
            raise AccessError(self.env._("Use the buttons to change an enrollment's state or results."))
        if PRACTICAL_FIELDS & set(vals) and not self.env.su:
            self._check_can_score_practical()
            vals = {
                **vals,
                "practical_scored_by_id": self.env.uid,
                "practical_score_date": fields.Date.context_today(self),
            }
        return super().write(vals)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        if already_following(self, partner_ids, subtype_ids):
            return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        if any(e.state not in ("draft", "cancelled") for e in self):
            raise UserError(self.env._("Only draft or cancelled enrollments can be deleted; cancel it instead."))

    def _user_writable_fields(self):
        """Fields a mentor or manager may set on the enrollments they can see (checked further in write)."""
        return set(PRACTICAL_FIELDS)

    def _check_no_open_duplicate(self, vals_list):
        pairs = {(vals.get("employee_id"), vals.get("program_id")) for vals in vals_list}
        if len(pairs) != len(vals_list):
            raise ValidationError(self.env._("The same employee is enrolled twice in the same program."))
        # sudo: duplicates must be found even among enrollments the caller cannot read.
        existing = self.sudo().search([("employee_id", "in", [p[0] for p in pairs]), ("state", "in", OPEN_STATES)])
        clash = existing.filtered(lambda e: (e.employee_id.id, e.program_id.id) in pairs)
        if clash:
            raise ValidationError(
                self.env._(
                    "%(employee)s already has an open enrollment in %(program)s.",
                    employee=clash[0].employee_id.name,
                    program=clash[0].program_id.name,
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_officer(self):
        if not self.env.user.has_group("onboarding_training.group_onboarding_officer"):
            raise AccessError(self.env._("Only onboarding officers can do this."))
        self.check_access("write")

    def _is_own(self):
        """Whether the current user is this enrollment's employee, by their internal or their portal login."""
        self.ensure_one()
        return self.env.user in (self.employee_id.user_id | self.portal_user_id)

    def _check_not_own(self):
        """Four eyes: nobody decides on their own onboarding, whatever their rights; another officer does."""
        if self.env.su:
            return
        own = self.filtered(lambda e: e._is_own())
        if own:
            raise AccessError(
                self.env._(
                    "%(name)s is your own onboarding: another onboarding officer decides on it.", name=own[0].name
                )
            )

    def action_start(self):
        self._check_officer()
        if any(e.state != "draft" for e in self):
            raise UserError(self.env._("Only draft enrollments can be started."))
        self._start()
        return True

    def action_cancel(self):
        self._check_officer()
        self._check_not_own()
        if any(e.state in ("passed", "failed", "cancelled") for e in self):
            raise UserError(self.env._("Finished or cancelled enrollments cannot be cancelled."))
        # sudo: state is protected against direct writes; rights were checked above.
        self.sudo().write({"state": "cancelled"})
        return True

    def action_reset_to_draft(self):
        self._check_officer()
        if any(e.state != "cancelled" for e in self):
            raise UserError(self.env._("Only cancelled enrollments can be reset to draft."))
        self._check_no_open_duplicate([{"employee_id": e.employee_id.id, "program_id": e.program_id.id} for e in self])
        # sudo: tasks of a cancelled run are obsolete; rights were checked above.
        self.sudo().task_ids.unlink()
        self.sudo().write({"state": "draft", "stalled_since": False})
        return True

    def action_invite_portal(self):
        """Give a future hire a portal login on their private (or work) email and send the invitation."""
        self._check_officer()
        if any(e.state in ("passed", "failed", "cancelled") for e in self):
            raise UserError(self.env._("Only open enrollments can be opened on the portal."))
        # One portal user per hire: the portal wizard creates and invites users one at a time.
        for enrollment in self:
            enrollment._invite_portal_user()
        return True

    def action_open_peer_review_invite(self):
        self.ensure_one()
        self._check_can_invite_reviewers()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invite Peer Reviewers"),
            "res_model": "onboarding.peer.review.invite.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_enrollment_id": self.id},
        }

    def action_assess(self):
        """Compute the final score; at or above the program's pass score the employee is converted (转正)."""
        self._check_officer()
        self._check_not_own()
        self._check_assessable()
        scores = {enrollment: enrollment._final_score_or_raise() for enrollment in self}
        self._write_per_value("final_score", scores)
        passed = self.filtered(lambda e: float_compare(scores[e], e.program_id.pass_score, precision_digits=2) >= 0)
        passed._convert()
        failed = self - passed
        if failed:
            reasons = {
                enrollment: self.env._(
                    "Final score %(score)s is below the pass score %(pass_score)s.",
                    score=scores[enrollment],
                    pass_score=enrollment.program_id.pass_score,
                )
                for enrollment in failed
            }
            failed._fail(reasons)
        return True

    def action_fail(self, reason=None):
        """Record a failed onboarding with the reason, whatever the scores."""
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Give the reason of the failure; it stays on the record."))
        self._check_officer()
        self._check_not_own()
        self._check_assessable()
        self._fail(dict.fromkeys(self, reason))
        return True

    def action_open_fail_wizard(self):
        self.ensure_one()
        self._check_officer()
        self._check_assessable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record a Failure"),
            "res_model": "onboarding.enrollment.fail.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_enrollment_id": self.id},
        }

    def action_reassess(self):
        """HR gives a failed employee another assessment round; the previous round stays in the chatter."""
        self._check_officer()
        self._check_not_own()
        if any(e.state != "failed" for e in self):
            raise UserError(self.env._("Only failed enrollments can be re-assessed."))
        self._check_no_open_duplicate([{"employee_id": e.employee_id.id, "program_id": e.program_id.id} for e in self])
        for enrollment in self:
            enrollment.message_post(body=enrollment._round_summary())
        self.env["onboarding.audit.log"]._append(
            "conversion", self, per_record={e.id: e._assessment_details("reassessment") for e in self}
        )
        rounds = {enrollment: enrollment.assessment_round + 1 for enrollment in self}
        # sudo: state and scores are protected from direct writes; rights were checked above.
        enrollments = self.sudo()
        enrollments.write(
            {
                "state": "running",
                "failure_reason": False,
                "final_score": 0.0,
                "practical_score": 0.0,
                "practical_comment": False,
                "practical_scored_by_id": False,
                "practical_score_date": False,
            }
        )
        enrollments._write_per_value("assessment_round", {e.sudo(): value for e, value in rounds.items()})
        enrollments._reopen_failed_exams()
        enrollments._refresh_locks()
        return True

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("onboarding_training.onboarding_task_action")
        action["domain"] = [("enrollment_id", "=", self.id)]
        action["context"] = {"search_default_group_stage": 1}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _start(self):
        """Materialise the tasks of draft enrollments in one batch and open what can be opened."""
        # sudo: tasks are created for the employee by the system; callers checked the rights.
        self = self.sudo().with_context(tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)
        self.write({"state": "running", "last_progress_date": fields.Date.context_today(self)})
        programs = self.program_id
        programs.stage_ids.item_ids.fetch(
            ["deadline_offset_days", "responsible_role", "stage_id", "required", "prerequisite_ids"]
        )
        responsibles = self._resolve_responsibles()
        today = fields.Date.context_today(self)
        vals_list = []
        for enrollment in self:
            open_stages = enrollment._open_stages(today)
            for item in enrollment.program_id.stage_ids.item_ids:
                vals_list.append(enrollment._task_values(item, responsibles, open_stages))
        # Tasks are born locked or open, so that creating them is the only write they need.
        self.env["onboarding.task"].create(vals_list)

    def _task_values(self, item, responsibles, open_stages):
        opens = not item.prerequisite_ids and (item.stage_id in open_stages or not item.required)
        return {
            "enrollment_id": self.id,
            "item_id": item.id,
            "state": "todo" if opens else "locked",
            "deadline": self.start_date + timedelta(days=item.deadline_offset_days),
            "available_date": self.start_date + timedelta(days=item.stage_id.start_offset_days),
            "responsible_user_id": responsibles[self.id].get(item.responsible_role).id or False,
        }

    def _resolve_responsibles(self):
        """Per enrollment, the user answering for each role, falling back up the hierarchy then to HR."""
        result = {}
        for enrollment in self:
            hr_user = enrollment.hr_responsible_id or enrollment.program_id.hr_responsible_id or self.env.user
            manager_user = enrollment._first_user_up(enrollment.manager_id) or hr_user
            mentor_user = enrollment.mentor_id.user_id or manager_user
            employee_user = enrollment.employee_id.user_id or enrollment.portal_user_id or hr_user
            result[enrollment.id] = {
                "hr": hr_user,
                "manager": manager_user,
                "mentor": mentor_user,
                "employee": employee_user,
            }
        return result

    def _first_user_up(self, employee):
        seen = self.env["hr.employee"]
        while employee and employee not in seen:
            if employee.user_id and not employee.user_id.share:
                return employee.user_id
            seen |= employee
            employee = employee.parent_id
        return self.env["res.users"]

    def _refresh_locks(self):
        """Unlock tasks whose prerequisites are done and whose stage is open (F4 adaptive push)."""
        today = fields.Date.context_today(self)
        to_open = self.env["onboarding.task"]
        for enrollment in self.filtered(lambda e: e.state == "running"):
            open_stages = enrollment._open_stages(today)
            done_items = enrollment.task_ids.filtered(lambda t: t.state == "done").item_id
            for task in enrollment.task_ids.filtered(lambda t: t.state == "locked"):
                prerequisites_done = not (task.item_id.prerequisite_ids - done_items)
                if prerequisites_done and (task.stage_id in open_stages or not task.required):
                    to_open |= task
        if to_open:
            # sudo: the lock state is the system's to change, never a user's.
            to_open.sudo().write({"state": "todo"})
        return to_open

    def _open_stages(self, today):
        """Stages whose content is available: planned start reached, or every earlier stage finished early."""
        opened = self.env["onboarding.program.stage"]
        previous_done = True
        for stage in self.program_id.stage_ids.sorted(lambda s: (s.sequence, s.id)):
            planned = self.start_date + timedelta(days=stage.start_offset_days)
            stage_tasks = self.task_ids.filtered(lambda t, s=stage: t.stage_id == s)
            already_open = any(t.state != "locked" for t in stage_tasks)
            if previous_done or planned <= today or already_open:
                opened |= stage
            done_items = stage_tasks.filtered(lambda t: t.state == "done").item_id
            previous_done = previous_done and not (stage.item_ids.filtered("required") - done_items)
        return opened

    def _register_progress(self):
        """A task moved forward: note the day, resume a stalled enrollment and close its follow-ups."""
        today = fields.Date.context_today(self)
        # sudo: progress bookkeeping is the system's; the caller acted on a task it may act on.
        enrollments = self.sudo()
        enrollments.filtered(lambda e: e.last_progress_date != today).write({"last_progress_date": today})
        paused = enrollments.filtered(lambda e: e.state == "paused")
        if paused:
            paused.write({"state": "running", "stalled_since": False})
            for enrollment in paused:
                enrollment.message_post(body=self.env._("Progress resumed: the enrollment is running again."))
            activity_type = self.env.ref("onboarding_training.mail_activity_type_follow_up")
            paused.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).action_feedback(
                feedback=self.env._("Progress resumed.")
            )
        enrollments._refresh_locks()

    def _may_score_practical(self):
        self.ensure_one()
        user = self.env.user
        if self.state not in ASSESSABLE_STATES or self._is_own():
            return False
        if user.has_group("onboarding_training.group_onboarding_officer"):
            return True
        return user in (self.mentor_id.user_id | self.manager_id.user_id | self._first_user_up(self.manager_id))

    def _check_can_score_practical(self):
        for enrollment in self:
            if enrollment.state not in ASSESSABLE_STATES:
                raise UserError(
                    self.env._("The practical score of %(name)s can only change while it runs.", name=enrollment.name)
                )
            if not enrollment._may_score_practical():
                raise AccessError(
                    self.env._(
                        "Only the manager or the mentor of %(employee)s can give the practical score.",
                        employee=enrollment.employee_id.name,
                    )
                )

    def _check_can_invite_reviewers(self):
        # Choosing one's own reviewers would defeat the review.
        self._check_not_own()
        officer = self.env.user.has_group("onboarding_training.group_onboarding_officer")
        for enrollment in self:
            if enrollment.state not in ASSESSABLE_STATES:
                raise UserError(
                    self.env._("Peer reviewers can only be invited while %(name)s runs.", name=enrollment.name)
                )
            managers = enrollment.manager_id.user_id | enrollment._first_user_up(enrollment.manager_id)
            if not (officer or self.env.user in managers):
                raise AccessError(
                    self.env._(
                        "Only HR or the manager of %(employee)s can invite peer reviewers.",
                        employee=enrollment.employee_id.name,
                    )
                )

    def _check_assessable(self):
        if any(e.state not in ASSESSABLE_STATES for e in self):
            raise UserError(self.env._("Only running or paused enrollments can be assessed."))

    def _weighted_score(self):
        self.ensure_one()
        program = self.program_id
        total = (
            program.weight_exam * self.exam_score
            + program.weight_practical * self.practical_score
            + program.weight_peer * self.peer_score
        )
        return float_round(total / 100.0, 2)

    def _final_score_or_raise(self):
        self.ensure_one()
        program = self.program_id
        missing = []
        if program.weight_exam and not self.exam_complete:
            missing.append(self.env._("the exam"))
        if program.weight_practical and not self.practical_score_date:
            missing.append(self.env._("the practical score"))
        if program.weight_peer and not self.peer_score_available:
            missing.append(
                self.env._(
                    "%(count)s done peer reviews (%(done)s so far)",
                    count=program.peer_review_min_count,
                    done=self.peer_review_done_count,
                )
            )
        if missing:
            raise UserError(
                self.env._(
                    "%(employee)s cannot be assessed yet, missing: %(missing)s.",
                    employee=self.employee_id.name,
                    missing=", ".join(missing),
                )
            )
        return self._weighted_score()

    def _write_per_value(self, field_name, values):
        """Write a value that differs per record with one write per distinct value."""
        groups = defaultdict(list)
        for record, value in values.items():
            groups[value].append(record.id)
        for value, ids in groups.items():
            # sudo: results are protected from direct writes; the public caller checked the rights.
            self.browse(ids).sudo().write({field_name: value})

    def _convert(self):
        """Passed: the employee becomes regular (转正) as of today."""
        if not self:
            return
        today = fields.Date.context_today(self)
        # sudo: the state is protected from direct writes; the caller checked the rights.
        self.sudo().write({"state": "passed", "conversion_date": today, "failure_reason": False})
        self.env["onboarding.audit.log"]._append(
            "conversion", self, per_record={e.id: e._assessment_details("passed") for e in self}
        )
        for enrollment in self:
            body = self.env._(
                "Converted to regular employee on %(date)s: final score %(score)s, pass score %(pass_score)s.",
                date=today,
                score=enrollment.final_score,
                pass_score=enrollment.program_id.pass_score,
            )
            enrollment.message_post(body=body)
            # sudo: officers may not be HR users; the note on the employee belongs to the conversion.
            enrollment.employee_id.sudo().message_post(body=body)

    def _fail(self, reasons):
        """Record the failure with its reason per enrollment."""
        # sudo: the state is protected from direct writes; the caller checked the rights.
        enrollments = self.sudo()
        enrollments.write({"state": "failed", "conversion_date": False})
        enrollments._write_per_value("failure_reason", {e.sudo(): reason for e, reason in reasons.items()})
        self.env["onboarding.audit.log"]._append(
            "conversion",
            self,
            per_record={e.id: {**e._assessment_details("failed"), "reason": reasons[e]} for e in self},
        )
        for enrollment in self:
            enrollment.message_post(body=self.env._("Onboarding failed: %(reason)s", reason=reasons[enrollment]))

    def _assessment_details(self, outcome):
        self.ensure_one()
        return {
            "outcome": outcome,
            "round": self.assessment_round,
            "final_score": self.final_score,
            "pass_score": self.program_id.pass_score,
            "exam_score": self.exam_score,
            "practical_score": self.practical_score if self.practical_score_date else None,
            "peer_score": self.peer_score if self.peer_score_available else None,
        }

    def _round_summary(self):
        self.ensure_one()
        return self.env._(
            "Assessment round %(round)s closed. Final score %(final)s; exam %(exam)s; practical %(practical)s "
            "(%(comment)s); peer reviews %(peer)s. Failure reason: %(reason)s",
            round=self.assessment_round,
            final=self.final_score,
            exam=self.exam_score,
            practical=self.practical_score,
            comment=self.practical_comment or "-",
            peer=self.peer_score if self.peer_score_available else "-",
            reason=self.failure_reason or "-",
        )

    def _reopen_failed_exams(self):
        """A new round gives failed exams a fresh set of attempts."""
        failed_exams = self.task_ids.filtered(
            lambda t: (
                t.item_type == "exam"
                and t.state == "done"
                and t.item_id.survey_id
                and t.score < t.item_id.survey_id.scoring_success_min
            )
        )
        if failed_exams:
            # sudo: task states are the system's to change; the caller checked the rights.
            failed_exams.sudo().write({"state": "todo", "score": 0.0, "done_date": False})

    def _complete_review_tasks(self):
        """Peer review items are done once the minimum number of reviews of the round is in."""
        ready = self.filtered(lambda e: e.state in ASSESSABLE_STATES and e.peer_score_available)
        tasks = ready.task_ids.filtered(lambda t: t.item_type == "review" and t.state in ("todo", "rejected"))
        if tasks:
            now = fields.Datetime.now()
            tasks.write({"state": "done", "submitted_date": now, "done_date": now})
            tasks.enrollment_id._register_progress()

    def _invite_portal_user(self):
        self.ensure_one()
        # sudo: the private email is HR data; only officers get here (checked by the caller).
        employee = self.employee_id.sudo()
        if employee.user_id:
            raise UserError(
                self.env._(
                    "%(employee)s already has a user; they follow their onboarding with it.", employee=employee.name
                )
            )
        email = email_normalize(employee.private_email or "") or email_normalize(employee.work_email or "")
        if not email:
            raise UserError(
                self.env._("%(employee)s has neither a private nor a work email to invite.", employee=employee.name)
            )
        # sudo: creating and inviting portal users is the system's job once an officer asked for it.
        user = self.env["res.users"].sudo().with_context(active_test=False).search([("login", "=", email)], limit=1)
        if user and not user._is_portal():
            raise UserError(
                self.env._(
                    "%(email)s is already the login of an internal user: set that user on the employee.", email=email
                )
            )
        partner = user.partner_id or self.env["res.partner"].sudo().create(
            {"name": employee.name, "email": email, "company_id": self.company_id.id}
        )
        wizard = (
            self.env["portal.wizard"]
            .sudo()
            .with_company(self.company_id)
            .create({"partner_ids": [Command.set(partner.ids)]})
        )
        wizard_user = wizard.user_ids
        wizard_user.email = email
        if user:
            user.active = True
            wizard_user.action_invite_again()
        else:
            wizard_user.action_grant_access()
            user = wizard_user.user_id
        self.sudo().portal_user_id = user
        self.message_post(body=self.env._("Portal access sent to %(email)s for the pre-boarding.", email=email))

    @api.model
    def _enroll(self, employees, program, start_date=None, mentor=None):
        """Create and start enrollments for employees in one batch; return them."""
        start_date = start_date or fields.Date.context_today(self)
        vals_list = [
            {
                "employee_id": employee.id,
                "program_id": program.id,
                "start_date": start_date,
                **({"mentor_id": mentor.id} if mentor else {}),
            }
            for employee in employees
        ]
        # sudo: auto-enrollment also runs for users who may create employees but not enrollments.
        enrollments = self.sudo().create(vals_list)
        enrollments._start()
        return enrollments.with_env(self.env)

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------
    def _cron_open_stages(self, batch_size=500):
        enrollments = self.search([("state", "=", "running")], order="id")
        for start in range(0, len(enrollments), batch_size):
            enrollments[start : start + batch_size]._refresh_locks()
            self.env["ir.cron"]._notify_progress(
                done=min(start + batch_size, len(enrollments)), remaining=max(len(enrollments) - start - batch_size, 0)
            )

    def _cron_detect_stalls(self):
        """Pause running enrollments without progress for N working days while a task is due (F5)."""
        today = fields.Date.context_today(self)
        candidates = self.search(
            [
                ("state", "=", "running"),
                (
                    "task_ids",
                    "any",
                    [("state", "in", ("todo", "rejected")), ("required", "=", True), ("deadline", "<=", today)],
                ),
            ]
        )
        return candidates._detect_stalls(today)

    def _detect_stalls(self, today):
        thresholds = {}
        stalled = self.browse()
        for enrollment in self:
            calendar = enrollment.employee_id.resource_calendar_id or enrollment.company_id.resource_calendar_id
            key = (calendar, enrollment.company_id)
            if key not in thresholds:
                thresholds[key] = self._working_days_before(
                    calendar, today, enrollment.company_id.onboarding_stall_days
                )
            if (enrollment.last_progress_date or enrollment.start_date) < thresholds[key]:
                stalled |= enrollment
        # Another worker may be handling some of them: claim, then re-check under the lock.
        stalled = claim_rows(stalled).filtered(lambda e: e.state == "running")
        stalled._pause_for_stall(today)
        return stalled

    @api.model
    def _working_days_before(self, calendar, today, count):
        """The day such that `count` full working days lie between it and today."""
        workdays = {int(d) for d in calendar.attendance_ids.mapped("dayofweek")} or {0, 1, 2, 3, 4}
        holidays = {
            leave.date_from.date()
            for leave in calendar.global_leave_ids
            if leave.date_from.date() == leave.date_to.date()
        }
        day, found = today, 0
        for _step in range(MAX_OFFSET_DAYS):
            if found >= count:
                break
            day -= timedelta(days=1)
            if day.weekday() in workdays and day not in holidays:
                found += 1
        return day

    def _pause_for_stall(self, today):
        if not self:
            return
        # sudo: scheduled job acting for the company.
        # No tracking message per enrollment: the follow-up activity below tells the story, in one batch.
        self.sudo().with_context(tracking_disable=True).write({"state": "paused", "stalled_since": today})
        activity_type = self.env.ref("onboarding_training.mail_activity_type_follow_up")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        # Read for every mentor at once: a union of two users would fetch each of them on its own.
        internal_mentors = self.mentor_id.user_id.filtered(lambda u: not u.share)
        for enrollment in self:
            mentor = enrollment.mentor_id.user_id & internal_mentors
            users = (mentor | enrollment._first_user_up(enrollment.manager_id)) or enrollment.hr_responsible_id
            for user in users:
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": enrollment.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "date_deadline": today,
                        "summary": self.env._(
                            "Follow up: %(employee)s is stalled", employee=enrollment.employee_id.name
                        ),
                    }
                )
        # The follow-ups show in each user's activities, in one batch however many mentors and managers.
        create_activities(self, vals_list)
