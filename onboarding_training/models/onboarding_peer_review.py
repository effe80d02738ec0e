from odoo import api, fields, models
from odoo.exceptions import ValidationError


class OnboardingPeerReview(models.Model):
    """A colleague's anonymous review of a new hire, as published once its round closed.

    Reviews are published by the system only, all the reviews of a round at once and in random
    order (see onboarding.peer.reviewer, which holds the answers until then). A review carries its
    round, its score and its comment, and nothing that tells one review of the round from another:
    no author, no deadline, no dates, no create or write log. Neither the ids nor any field follow
    the order in which the colleagues were invited or answered.
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
    assessment_round = fields.Integer(required=True, readonly=True)
    score = fields.Float(readonly=True, aggregator="avg", help="From 0 to 100.")
    comment = fields.Text(readonly=True)

    @api.depends("employee_id", "assessment_round")
    def _compute_display_name(self):
        # The same name for every review of a round: the default one would carry the id.
        for review in self:
            review.display_name = self.env._(
                "Peer review of %(employee)s, round %(round)s",
                employee=review.employee_id.name,
                round=review.assessment_round,
            )

    @api.constrains("score")
    def _check_score(self):
        for review in self:
            if not 0 <= review.score <= 100:
                raise ValidationError(self.env._("A peer review score must be between 0 and 100."))
