"""Assessment and conversion (F7): exam, practical and peer scores, pass or fail, re-assessment."""

from collections import defaultdict
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare, float_round

from .onboarding_enrollment import ASSESSABLE_STATES

DEFAULT_PEER_REVIEW_DAYS = 7


class OnboardingEnrollment(models.Model):
    _inherit = "onboarding.enrollment"

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
    can_assess = fields.Boolean(
        compute="_compute_can_assess", help="Everything the program's weights count is in: Assess can succeed."
    )
    assessment_waiting_for = fields.Char(
        compute="_compute_can_assess", help="What the assessment still waits for, given the program's weights."
    )
    peer_review_ids = fields.One2many("onboarding.peer.review", "enrollment_id", string="Peer Reviews", copy=False)
    peer_review_count = fields.Integer("Invited Reviewers", compute="_compute_peer_review_stats")
    peer_review_done_count = fields.Integer("Reviews Done", compute="_compute_peer_review_stats")
    peer_review_deadline = fields.Date(
        compute="_compute_peer_review_stats",
        help="One deadline for every colleague invited to review in the current round.",
    )
    peer_score_available = fields.Boolean(compute="_compute_peer_review_stats")
    peer_score = fields.Float(
        compute="_compute_peer_review_stats",
        help="Mean of the published peer reviews of the current round. The reviews of a round are published "
        "together once every colleague answered, or once the deadline passed, with at least the program's "
        "minimum number.",
    )
    projected_score = fields.Float(
        compute="_compute_projected_score", help="The final score an assessment would give now."
    )
    conversion_date = fields.Date(readonly=True, copy=False, tracking=True, index="btree_not_null")
    failure_reason = fields.Text(readonly=True, copy=False, tracking=True)

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

    @api.depends("peer_review_ids.score", "peer_review_ids.assessment_round", "assessment_round")
    def _compute_peer_review_stats(self):
        # sudo: only counts, the round's deadline and the mean of published reviews are exposed, never an answer.
        Reviewer = self.env["onboarding.peer.reviewer"].sudo()
        invited = Reviewer._read_group(
            [("enrollment_id", "in", self.ids)],
            ["enrollment_id", "assessment_round", "state"],
            ["__count", "deadline:max"],
        )
        Review = self.env["onboarding.peer.review"].sudo()
        published = Review._read_group(
            [("enrollment_id", "in", self.ids)], ["enrollment_id", "assessment_round"], ["__count", "score:avg"]
        )
        counts = defaultdict(lambda: {"invited": 0, "done": 0, "deadline": False})
        for enrollment, assessment_round, state, count, deadline in invited:
            current = counts[(enrollment.id, assessment_round)]
            current["invited"] += count
            current["done"] += count if state in ("done", "published") else 0
            current["deadline"] = max(current["deadline"] or deadline, deadline)
        means = {(enrollment.id, assessment_round): mean for enrollment, assessment_round, _count, mean in published}
        for enrollment in self:
            key = (enrollment.id, enrollment.assessment_round)
            enrollment.peer_review_count = counts[key]["invited"]
            enrollment.peer_review_done_count = counts[key]["done"]
            enrollment.peer_review_deadline = counts[key]["deadline"]
            enrollment.peer_score_available = key in means
            enrollment.peer_score = float_round(means.get(key) or 0.0, 2)

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

    @api.depends_context("uid")
    @api.depends(
        "state",
        "exam_complete",
        "practical_score_date",
        "peer_score_available",
        "program_id.weight_exam",
        "program_id.weight_practical",
        "program_id.weight_peer",
    )
    def _compute_can_assess(self):
        officer = self.env.user.has_group("onboarding_training.group_onboarding_officer")
        for enrollment in self:
            missing = enrollment._assessment_missing() if enrollment.state in ASSESSABLE_STATES else []
            enrollment.assessment_waiting_for = ", ".join(missing) or False
            enrollment.can_assess = (
                officer and enrollment.state in ASSESSABLE_STATES and not missing and not enrollment._is_own()
            )

    @api.constrains("practical_score")
    def _check_practical_score(self):
        for enrollment in self:
            if not 0 <= enrollment.practical_score <= 100:
                raise ValidationError(
                    self.env._("The practical score of %(name)s must be between 0 and 100.", name=enrollment.name)
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
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
                "practical_score": 0.0,
                "practical_comment": False,
                "practical_scored_by_id": False,
                "practical_score_date": False,
            }
        )
        enrollments._write_per_value("assessment_round", {e.sudo(): value for e, value in rounds.items()})
        enrollments._clear_final_score()
        enrollments._reopen_failed_exams()
        enrollments._refresh_locks()
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
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
            if enrollment._peer_round_closed():
                raise UserError(enrollment._peer_round_closed_message())

    def _peer_round_closed(self):
        """Whether the reviews of the current round are already published (the round takes nobody else)."""
        self.ensure_one()
        # sudo: only whether the round is over is read, never who was invited.
        return bool(
            self.env["onboarding.peer.reviewer"]
            .sudo()
            .search_count(
                [
                    ("enrollment_id", "=", self.id),
                    ("assessment_round", "=", self.assessment_round),
                    ("state", "in", ("published", "closed")),
                ],
                limit=1,
            )
        )

    def _peer_round_closed_message(self):
        return self.env._(
            "The peer reviews of %(employee)s are already published for this assessment round: "
            "nobody can be invited to it any more.",
            employee=self.employee_id.name,
        )

    def _default_peer_review_deadline(self):
        return fields.Date.context_today(self) + timedelta(days=DEFAULT_PEER_REVIEW_DAYS)

    def _check_peer_reviewers(self, users):
        """Nobody who reads the published reviews may write one: leaving out their own, they would narrow
        down, or even tell, who wrote the others."""
        self.ensure_one()
        # sudo: the hire's line of managers is read only to compare it with the colleagues chosen.
        enrollment = self.sudo()
        above = self.env["hr.employee"]
        boss = enrollment.employee_id.parent_id
        while boss and boss not in above:
            above |= boss
            boss = boss.parent_id
        around = (
            above.user_id
            | enrollment.manager_id.user_id
            | enrollment.mentor_id.user_id
            | enrollment.hr_responsible_id
            | self.env.user
        )
        readers = users.filtered(lambda u: u in around or u.has_group("onboarding_training.group_onboarding_officer"))
        if readers:
            raise UserError(
                self.env._(
                    "%(names)s cannot review %(employee)s: they read the published reviews, so that leaving out "
                    "their own they could tell whose the others are.",
                    names=", ".join(readers.mapped("name")),
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

    def _assessment_missing(self):
        """What the assessment still waits for, as phrases; only the parts the program's weights count."""
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
                    "the published peer reviews (at least %(count)s answers; %(done)s of %(invited)s handed in so far)",
                    count=program.peer_review_min_count,
                    done=self.peer_review_done_count,
                    invited=self.peer_review_count,
                )
            )
        return missing

    def _final_score_or_raise(self):
        self.ensure_one()
        missing = self._assessment_missing()
        if missing:
            raise UserError(
                self.env._(
                    "%(employee)s cannot be assessed yet, missing: %(missing)s.",
                    employee=self.employee_id.name,
                    missing=", ".join(missing),
                )
            )
        return self._weighted_score()

    def _clear_final_score(self):
        """No score until assessed: NULL, not 0, so that averages of final scores skip the enrollment."""
        # The ORM stores False as 0.0 for a float; the column itself accepts NULL.
        self.flush_recordset(["final_score"])
        self.env.cr.execute(SQL("UPDATE onboarding_enrollment SET final_score = NULL WHERE id IN %s", tuple(self.ids)))
        self.invalidate_recordset(["final_score"])

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
        """Peer review items are done, with the round's mean as score, once the round's reviews are published."""
        ready = self.filtered(lambda e: e.state in ASSESSABLE_STATES and e.peer_score_available)
        tasks = ready.task_ids.filtered(lambda t: t.item_type == "review" and t.state in ("todo", "rejected"))
        if tasks:
            now = fields.Datetime.now()
            for score, score_tasks in tasks.grouped(lambda t: t.enrollment_id.peer_score).items():
                score_tasks.write({"state": "done", "submitted_date": now, "done_date": now, "score": score})
            tasks.enrollment_id._register_progress()

    def _peer_reviews_published(self, answered):
        """The reviews of a round were just published: note it and complete the review tasks.

        As the superuser and in the company's language: neither the author nor the language of the
        note may tell whose answer closed the round.
        """
        self.invalidate_recordset(["peer_review_count", "peer_review_done_count", "peer_review_deadline"])
        counts = {enrollment.id: len(lines) for enrollment, lines in answered.grouped("enrollment_id").items()}
        enrollments = self.with_user(SUPERUSER_ID)
        for lang, lang_enrollments in enrollments.grouped(lambda e: e.company_id.partner_id.lang).items():
            lang_enrollments = lang_enrollments.with_context(lang=lang)
            for enrollment in lang_enrollments:
                enrollment.message_post(
                    body=lang_enrollments.env._(
                        "%(count)s anonymous peer reviews of assessment round %(round)s were published.",
                        count=counts.get(enrollment.id, 0),
                        round=enrollment.assessment_round,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            lang_enrollments._complete_review_tasks()
