from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class OnboardingPeerReviewInviteWizard(models.TransientModel):
    _name = "onboarding.peer.review.invite.wizard"
    _description = "Invite Peer Reviewers"

    enrollment_id = fields.Many2one("onboarding.enrollment", required=True, ondelete="cascade")
    # Read with the user's rights: opened on an enrollment they may not see, the wizard shows nothing of it.
    employee_id = fields.Many2one(related="enrollment_id.employee_id", compute_sudo=False)
    company_id = fields.Many2one(related="enrollment_id.company_id", compute_sudo=False)
    min_count = fields.Integer(related="enrollment_id.program_id.peer_review_min_count", compute_sudo=False)
    invited_count = fields.Integer(related="enrollment_id.peer_review_count", compute_sudo=False)
    round_deadline = fields.Date(related="enrollment_id.peer_review_deadline", compute_sudo=False)
    reviewer_ids = fields.Many2many(
        "hr.employee",
        string="Reviewers",
        domain="[('user_id', '!=', False), ('id', '!=', employee_id), ('company_id', 'in', [company_id, False])]",
        help="Colleagues who worked with the new hire. Nobody, not even HR, will see who wrote which review.",
    )
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        compute_sudo=False,
        help="One deadline for the whole round: it also applies to the colleagues invited before. Once it has "
        "passed, the answers are published together if the program's minimum number is in.",
    )

    @api.depends("enrollment_id")
    def _compute_deadline(self):
        Enrollment = self.env["onboarding.enrollment"]
        for wizard in self:
            enrollment = wizard.enrollment_id
            # An enrollment the user may not read gives away nothing, not even its round's deadline. Searched
            # rather than checked: the check would load the enrollment's values, which the wizard would then show.
            readable = enrollment and Enrollment.search_count([("id", "=", enrollment._origin.id)], limit=1)
            current = enrollment.peer_review_deadline if readable else False
            today = fields.Date.context_today(wizard)
            wizard.deadline = current if current and current >= today else enrollment._default_peer_review_deadline()

    @api.constrains("deadline")
    def _check_deadline(self):
        today = fields.Date.context_today(self)
        if any(wizard.deadline and wizard.deadline < today for wizard in self):
            raise UserError(self.env._("The deadline of the peer reviews cannot be in the past."))

    def action_invite(self):
        self.ensure_one()
        enrollment = self.enrollment_id
        enrollment._check_can_invite_reviewers()
        users = self.reviewer_ids.user_id
        if not users:
            raise UserError(self.env._("Choose colleagues who have a user to invite."))
        enrollment._check_peer_reviewers(users)
        count = self.env["onboarding.peer.reviewer"]._invite(enrollment, users, self.deadline)
        # Who was invited is not kept on the wizard once the invitations are out.
        self.reviewer_ids = [Command.clear()]
        enrollment.message_post(
            body=self.env._("%(count)s colleagues were invited to review anonymously.", count=count)
        )
        return {"type": "ir.actions.act_window_close"}
