import secrets

from markupsafe import Markup

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

REVIEW_STATES = [("pending", "Pending"), ("done", "Done")]
REVIEWER_WRITABLE = {"score", "comment"}


class OnboardingPeerReview(models.Model):
    """A colleague's anonymous review of a new hire.

    Who wrote a review is not stored on this model: the link to the reviewer lives in
    onboarding.peer.reviewer, which no group can read. No create/write log is kept either,
    since the last writer of a review is its author.
    """

    _name = "onboarding.peer.review"
    _description = "Onboarding Peer Review"
    _order = "enrollment_id, assessment_round, id"
    _log_access = False
    _check_company_auto = True

    enrollment_id = fields.Many2one(
        "onboarding.enrollment", required=True, ondelete="cascade", index=True, readonly=True
    )
    employee_id = fields.Many2one(
        related="enrollment_id.employee_id", store=True, index=True, string="Reviewed Employee"
    )
    program_id = fields.Many2one(related="enrollment_id.program_id", store=True)
    company_id = fields.Many2one(related="enrollment_id.company_id", store=True, index=True)
    assessment_round = fields.Integer(required=True, default=1, readonly=True)
    deadline = fields.Date(readonly=True)
    state = fields.Selection(REVIEW_STATES, default="pending", required=True, readonly=True, index=True)
    score = fields.Float(aggregator="avg", help="From 0 to 100.")
    comment = fields.Text()
    revealed = fields.Boolean(
        compute="_compute_revealed",
        store=True,
        index=True,
        help="Enough reviews of the round are done for none of them to be attributed to its author.",
    )
    is_my_review = fields.Boolean("To Give by Me", compute="_compute_is_my_review", search="_search_is_my_review")

    @api.depends(
        "state",
        "assessment_round",
        "enrollment_id.peer_review_ids.state",
        "enrollment_id.program_id.peer_review_min_count",
    )
    def _compute_revealed(self):
        for review in self:
            done = review.enrollment_id.peer_review_ids.filtered(
                lambda r: r.assessment_round == review.assessment_round and r.state == "done"
            )
            review.revealed = len(done) >= review.enrollment_id.program_id.peer_review_min_count

    @api.depends_context("uid")
    def _compute_is_my_review(self):
        mine = set(self._my_review_ids())
        for review in self:
            review.is_my_review = review.id in mine

    def _search_is_my_review(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on my peer reviews."))
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", self._my_review_ids())]

    @api.constrains("score")
    def _check_score(self):
        for review in self:
            if not 0 <= review.score <= 100:
                raise ValidationError(self.env._("A peer review score must be between 0 and 100."))

    def write(self, vals):
        if not self.env.su:
            if set(vals) - REVIEWER_WRITABLE:
                raise AccessError(self.env._("Only the score and the comment of a peer review can be changed."))
            self._check_my_pending()
        return super().write(vals)

    def action_submit_review(self):
        """The reviewer hands in the score and comment saved on the review."""
        self._check_my_pending()
        for review in self:
            review._validate_answer(review.score, review.comment)
        self._mark_done()
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _my_review_ids(self):
        # sudo: the reviewer links are readable by nobody; only the caller's own links are looked up.
        links = self.env["onboarding.peer.reviewer"].sudo().search([("user_id", "=", self.env.uid)])
        return links.review_id.ids

    def _check_my_pending(self):
        mine = set(self._my_review_ids())
        if any(review.id not in mine for review in self):
            raise AccessError(self.env._("You can only give the peer reviews you were invited to."))
        if any(review.state != "pending" for review in self):
            raise UserError(self.env._("This peer review was already handed in."))
        self._check_open()

    def _check_open(self):
        # sudo: whether the onboarding still runs decides, whoever may read the enrollment.
        if not all(review._is_open() for review in self.sudo()):
            raise UserError(self.env._("This onboarding is no longer waiting for peer reviews."))

    def _is_open(self):
        self.ensure_one()
        enrollment = self.enrollment_id
        return enrollment.state in ("running", "paused") and self.assessment_round == enrollment.assessment_round

    def _validate_answer(self, score, comment):
        if not isinstance(score, (int, float)) or isinstance(score, bool) or not 0 <= score <= 100:
            raise ValidationError(self.env._("Give a score between 0 and 100."))
        if not (comment or "").strip():
            raise ValidationError(self.env._("Add a comment: it tells the new hire what to keep and what to improve."))

    def _submit(self, score, comment):
        """Hand in a review from the portal; the caller checked that the current user is its reviewer."""
        self.ensure_one()
        if self.state != "pending":
            raise UserError(self.env._("This peer review was already handed in."))
        self._check_open()
        self._validate_answer(score, comment)
        # sudo: the reviewer may write their own review; ownership was checked by the caller.
        self.sudo().write({"score": score, "comment": comment.strip()})
        self._mark_done()

    def _mark_done(self):
        # sudo: the state is the system's to change; the caller checked the reviewer.
        self.sudo().write({"state": "done"})
        # As the superuser: task progress and chatter notes must not carry the reviewer's name.
        enrollments = self.enrollment_id.with_user(SUPERUSER_ID)
        enrollments._complete_review_tasks()
        enrollments.env.flush_all()

    @api.model
    def _invite(self, enrollment, users, deadline=False):
        """Create one review per new reviewer of the enrollment's current round; return how many.

        The caller checked the inviter's rights. Reviews are created in random order so that
        their ids say nothing about the order in which reviewers were chosen.
        """
        enrollment.ensure_one()
        if users & (enrollment.employee_id.user_id | enrollment.portal_user_id):
            raise UserError(self.env._("%(employee)s cannot review themselves.", employee=enrollment.employee_id.name))
        assessment_round = enrollment.assessment_round
        # sudo: reviewer links are readable by nobody; the inviter's rights were checked by the caller.
        links = self.env["onboarding.peer.reviewer"].sudo()
        invited = links.search(
            [("enrollment_id", "=", enrollment.id), ("assessment_round", "=", assessment_round)]
        ).user_id
        new_users = list(users - invited)
        if not new_users:
            return 0
        secrets.SystemRandom().shuffle(new_users)
        reviews = self.sudo().create(
            [
                {"enrollment_id": enrollment.id, "assessment_round": assessment_round, "deadline": deadline}
                for _user in new_users
            ]
        )
        links.create(
            [
                {
                    "review_id": review.id,
                    "enrollment_id": enrollment.id,
                    "assessment_round": assessment_round,
                    "user_id": user.id,
                }
                for review, user in zip(reviews, new_users, strict=True)
            ]
        )
        reviews._send_invitations(new_users)
        return len(new_users)

    def _send_invitations(self, users):
        """Mail each reviewer a link; the mail is deleted once sent so that no log keeps the pair."""
        base_url = self[:1].get_base_url()
        vals_list = []
        for review, user in zip(self, users, strict=True):
            env = review.with_context(lang=user.lang).env
            vals_list.append(
                {
                    "subject": env._("Your anonymous review of %(employee)s", employee=review.employee_id.name),
                    "body_html": Markup("<p>%s</p><p><a href='%s'>%s</a></p>")
                    % (
                        env._(
                            "%(employee)s is finishing their onboarding. Your colleagues and you review their "
                            "work anonymously: nobody will know which review is yours.",
                            employee=review.employee_id.name,
                        ),
                        f"{base_url}/my/onboarding/reviews",
                        env._("Give my review"),
                    ),
                    "recipient_ids": [Command.link(user.partner_id.id)],
                    "auto_delete": True,
                }
            )
        # sudo: outgoing mails are the system's; only the recipients and the administrator see them.
        self.env["mail.mail"].sudo().create(vals_list)

    @api.model
    def _pending_for_current_user(self):
        """Pending reviews the current user was invited to, as superuser records for the portal."""
        # sudo: the reviews are the caller's own, found through their private links.
        reviews = self.sudo().search([("id", "in", self._my_review_ids()), ("state", "=", "pending")])
        return reviews.filtered(lambda r: r._is_open())
