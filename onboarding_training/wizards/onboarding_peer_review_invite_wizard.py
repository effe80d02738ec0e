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
    reviewer_ids = fields.Many2many(
        "hr.employee",
        string="Reviewers",
        domain="[('user_id', '!=', False), ('id', '!=', employee_id), ('company_id', 'in', [company_id, False])]",
        help="Colleagues who worked with the new hire. Nobody, not even HR, will see who wrote which review.",
    )
    deadline = fields.Date()

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
        count = self.env["onboarding.peer.review"]._invite(enrollment, users, self.deadline)
        # Who was invited is not kept on the wizard once the invitations are out.
        self.reviewer_ids = [Command.clear()]
        enrollment.message_post(
            body=self.env._("%(count)s colleagues were invited to review anonymously.", count=count)
        )
        return {"type": "ir.actions.act_window_close"}
