import secrets

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .onboarding_enrollment import ASSESSABLE_STATES

REVIEWER_STATES = [
    ("pending", "To Give"),
    ("done", "Handed In"),
    ("published", "Published"),
    ("closed", "Closed"),
]
OPEN_LINE_STATES = ("pending", "done")
ANSWER_FIELDS = {"score", "comment"}
# Enrollment figures computed from the lines, which no dependency can follow (nobody may read the lines).
ENROLLMENT_STAT_FIELDS = ["peer_review_count", "peer_review_done_count", "peer_review_deadline"]


class OnboardingPeerReviewer(models.Model):
    """One colleague asked to review a new hire in one assessment round, and their answer.

    A line is readable and writable by its colleague alone; no group sees the lines of others,
    HR included. The answer (score and comment, a draft until handed in) stays on the line until
    the round closes: when every invited colleague has handed in, or once the round's single
    deadline has passed, provided at least the program's minimum number of answers is in. Then
    every answer of the round is published at once, in random order, as onboarding.peer.review
    records that name nobody, and the answers are wiped from the lines. A closed round takes no
    late answer and no new reviewer: anything added later would stand out as the difference
    between two publications, paired with whoever joined late.
    """

    _name = "onboarding.peer.reviewer"
    _description = "Onboarding Peer Reviewer (confidential)"
    _order = "deadline, id"
    _log_access = False

    enrollment_id = fields.Many2one(
        "onboarding.enrollment", required=True, ondelete="cascade", index=True, readonly=True
    )
    employee_id = fields.Many2one(related="enrollment_id.employee_id", string="Reviewed Employee")
    program_id = fields.Many2one(related="enrollment_id.program_id")
    assessment_round = fields.Integer(required=True, readonly=True)
    user_id = fields.Many2one("res.users", "Reviewer", required=True, ondelete="cascade", index=True, readonly=True)
    deadline = fields.Date(
        required=True, readonly=True, help="The deadline of the whole round, the same for every colleague invited."
    )
    state = fields.Selection(REVIEWER_STATES, default="pending", required=True, readonly=True, index=True)
    score = fields.Float(help="From 0 to 100.")
    comment = fields.Text()

    _sql_constraints = [
        (
            "reviewer_uniq",
            "unique(enrollment_id, assessment_round, user_id)",
            "A colleague reviews a new hire once per assessment round.",
        ),
    ]

    @api.depends("employee_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = self.env._("My review of %(employee)s", employee=line.employee_id.name)

    @api.constrains("score")
    def _check_score(self):
        for line in self:
            if not 0 <= line.score <= 100:
                raise ValidationError(self.env._("A peer review score must be between 0 and 100."))

    def write(self, vals):
        if not self.env.su:
            if set(vals) - ANSWER_FIELDS:
                raise AccessError(self.env._("Only the score and the comment of a peer review can be changed."))
            self._check_answerable()
        return super().write(vals)

    def action_submit_review(self):
        """The colleague hands in the score and comment saved on their own line."""
        self._check_answerable()
        for line in self:
            line._validate_answer(line.score, line.comment)
        self._hand_in()
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _check_answerable(self):
        """The caller's own lines, not handed in yet, of a round that still takes answers."""
        self.check_access("write")
        # sudo: the lines' owner and state are read to be checked against the caller.
        lines = self.sudo()
        if any(line.user_id.id != self.env.uid for line in lines):
            raise AccessError(self.env._("You can only give the peer reviews you were invited to."))
        if any(line.state in ("published", "closed") for line in lines):
            raise UserError(self.env._("This round of peer reviews is over: no answer can be added any more."))
        if any(line.state == "done" for line in lines):
            raise UserError(self.env._("This peer review was already handed in."))
        if not all(line._is_open() for line in lines):
            raise UserError(self.env._("This onboarding is no longer waiting for peer reviews."))

    def _is_open(self):
        self.ensure_one()
        enrollment = self.enrollment_id
        return (
            self.state in OPEN_LINE_STATES
            and enrollment.state in ASSESSABLE_STATES
            and self.assessment_round == enrollment.assessment_round
        )

    def _validate_answer(self, score, comment):
        if not isinstance(score, (int, float)) or isinstance(score, bool) or not 0 <= score <= 100:
            raise ValidationError(self.env._("Give a score between 0 and 100."))
        if not (comment or "").strip():
            raise ValidationError(self.env._("Add a comment: it tells the new hire what to keep and what to improve."))

    def _submit(self, score, comment):
        """Hand in an answer from the portal; the caller found the line among the user's own."""
        self.ensure_one()
        self._check_answerable()
        self._validate_answer(score, comment)
        # sudo: the colleague writes their own answer, checked just above.
        self.sudo().write({"score": score, "comment": comment.strip()})
        self._hand_in()

    def _hand_in(self):
        # sudo: the state is the system's to change; the caller checked the colleague.
        lines = self.sudo()
        lines.write({"state": "done"})
        lines.enrollment_id.invalidate_recordset(ENROLLMENT_STAT_FIELDS)
        lines._publish_closed_rounds()

    def _round_lines(self):
        """{(enrollment, round): every line of that round} for the rounds of these lines (superuser)."""
        # sudo: a round is judged on all its lines, which only the system may read.
        siblings = self.sudo().search([("enrollment_id", "in", self.enrollment_id.ids)])
        keys = {(line.enrollment_id, line.assessment_round) for line in self}
        return {
            key: lines
            for key, lines in siblings.grouped(lambda line: (line.enrollment_id, line.assessment_round)).items()
            if key in keys
        }

    def _is_closed_round(self, today):
        """Whether these lines, all of one round, close it: everybody answered, or the deadline passed."""
        enrollment = self.enrollment_id
        if not all(line._is_open() for line in self):
            return False
        answered = self.filtered(lambda line: line.state == "done")
        if len(answered) < enrollment.program_id.peer_review_min_count:
            return False
        return answered == self or max(self.mapped("deadline")) < today

    def _publish_closed_rounds(self):
        today = fields.Date.context_today(self)
        closed = self.browse()
        for lines in self._round_lines().values():
            if lines._is_closed_round(today):
                closed |= lines
        closed._publish()

    def _publish(self):
        """Publish the handed-in answers of these rounds at once, in random order, and wipe them from the lines.

        The reviews are created by the system in one shuffled batch: neither their ids nor any of
        their fields follow the order of the invitations or of the answers.
        """
        if not self:
            return
        random = secrets.SystemRandom()
        answered = self.filtered(lambda line: line.state == "done")
        vals_list = []
        for (enrollment, assessment_round), lines in answered.grouped(
            lambda line: (line.enrollment_id, line.assessment_round)
        ).items():
            answers = [
                {
                    "enrollment_id": enrollment.id,
                    "assessment_round": assessment_round,
                    "score": line.score,
                    "comment": line.comment,
                }
                for line in lines
            ]
            random.shuffle(answers)
            vals_list += answers
        # sudo: published reviews are the system's records; nobody creates one by hand.
        self.env["onboarding.peer.review"].sudo().create(vals_list)
        answered.sudo().write({"state": "published", "score": 0.0, "comment": False})
        (self - answered).sudo().write({"state": "closed", "score": 0.0, "comment": False})
        self.enrollment_id._peer_reviews_published(answered)

    def _close(self):
        """Lines of rounds that can no longer be published (assessment over, newer round): drop the answers."""
        # sudo: the lines' state is the system's to change.
        self.sudo().write({"state": "closed", "score": 0.0, "comment": False})
        self.enrollment_id.invalidate_recordset(ENROLLMENT_STAT_FIELDS)

    @api.model
    def _invite(self, enrollment, users, deadline=None):
        """Invite colleagues to the enrollment's current round; the deadline becomes the whole round's.

        Return how many colleagues were newly invited. The caller checked the inviter's rights.
        """
        enrollment.ensure_one()
        if users & (enrollment.employee_id.user_id | enrollment.portal_user_id):
            raise UserError(self.env._("%(employee)s cannot review themselves.", employee=enrollment.employee_id.name))
        # sudo: the lines are readable by nobody; the inviter's rights were checked by the caller.
        lines = self.sudo().search(
            [("enrollment_id", "=", enrollment.id), ("assessment_round", "=", enrollment.assessment_round)]
        )
        if lines.filtered(lambda line: line.state in ("published", "closed")):
            raise UserError(enrollment._peer_round_closed_message())
        deadline = deadline or lines[:1].deadline or enrollment._default_peer_review_deadline()
        lines.filtered(lambda line: line.deadline != deadline).write({"deadline": deadline})
        new_users = users - lines.user_id
        new_lines = self.sudo().create(
            [
                {
                    "enrollment_id": enrollment.id,
                    "assessment_round": enrollment.assessment_round,
                    "user_id": user.id,
                    "deadline": deadline,
                }
                for user in new_users
            ]
        )
        new_lines._send_invitations()
        enrollment.invalidate_recordset(ENROLLMENT_STAT_FIELDS)
        return len(new_lines)

    def _send_invitations(self):
        """Mail each colleague a link, in their language; the mail is deleted once sent so that no log keeps it."""
        if not self:
            return
        base_url = self[:1].get_base_url()
        vals_list = []
        for line in self:
            env = line.with_context(lang=line.user_id.lang).env
            employee = line.enrollment_id.employee_id.name
            vals_list.append(
                {
                    "subject": env._("Your anonymous review of %(employee)s", employee=employee),
                    "body_html": Markup("<p>%s</p><p><a href='%s'>%s</a></p>")
                    % (
                        env._(
                            "%(employee)s is finishing their onboarding. Your colleagues and you review their "
                            "work anonymously: nobody will know which review is yours.",
                            employee=employee,
                        ),
                        f"{base_url}/my/onboarding/reviews",
                        env._("Give my review"),
                    ),
                    "recipient_ids": [Command.link(line.user_id.partner_id.id)],
                    "auto_delete": True,
                }
            )
        # sudo: outgoing mails are the system's; only the recipients and the administrator see them.
        self.env["mail.mail"].sudo().create(vals_list)

    @api.model
    def _pending_for_current_user(self):
        """The current user's lines still waiting for their answer, as superuser records for the portal."""
        # sudo: the domain itself restricts the lines to the caller's own.
        lines = self.sudo().search([("user_id", "=", self.env.uid), ("state", "=", "pending")])
        return lines.filtered(lambda line: line._is_open())

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------
    @api.model
    def _cron_publish_due_rounds(self):
        """Publish the rounds that closed (deadline passed, or the program's minimum lowered since everybody
        answered) and drop the answers of rounds that can no longer be published."""
        # sudo: the job reads and closes every open line; nobody else may.
        lines = self.sudo().search([("state", "in", OPEN_LINE_STATES)])
        dead = lines.filtered(lambda line: not line._is_open())
        dead._close()
        (lines - dead)._publish_closed_rounds()
        self.env["ir.cron"]._notify_progress(done=len(lines), remaining=0)
