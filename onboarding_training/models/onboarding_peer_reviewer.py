from odoo import fields, models


class OnboardingPeerReviewer(models.Model):
    """Who was asked to write which peer review.

    No group has any access to this model (its only access line grants nothing): it is
    read and written by the system alone, which keeps the reviews anonymous for HR,
    managers and mentors, over every screen, export and RPC call.
    """

    _name = "onboarding.peer.reviewer"
    _description = "Onboarding Peer Reviewer (confidential)"
    _log_access = False

    review_id = fields.Many2one("onboarding.peer.review", required=True, ondelete="cascade", index=True)
    enrollment_id = fields.Many2one("onboarding.enrollment", required=True, ondelete="cascade", index=True)
    assessment_round = fields.Integer(required=True)
    user_id = fields.Many2one("res.users", required=True, ondelete="cascade", index=True)

    _sql_constraints = [
        ("review_uniq", "unique(review_id)", "A peer review has one reviewer."),
        (
            "reviewer_uniq",
            "unique(enrollment_id, assessment_round, user_id)",
            "A colleague reviews a new hire once per assessment round.",
        ),
    ]
