"""Portal access for future hires who have no internal user yet."""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from .onboarding_enrollment import OPEN_STATES


class OnboardingEnrollment(models.Model):
    _inherit = "onboarding.enrollment"

    portal_access_warning = fields.Selection(
        [("invite", "Can be invited"), ("no_email", "No email")],
        compute="_compute_portal_access_warning",
        help="The hire has no login to follow the pre-boarding: invite them, or first record an email.",
    )

    @api.depends("state", "employee_id.user_id", "portal_user_id")
    def _compute_portal_access_warning(self):
        for enrollment in self:
            if enrollment.state not in OPEN_STATES or enrollment.employee_id.user_id or enrollment.portal_user_id:
                enrollment.portal_access_warning = False
            else:
                enrollment.portal_access_warning = "invite" if enrollment._invitation_email() else "no_email"

    def action_invite_portal(self):
        """Give a future hire a portal login on their private (or work) email and send the invitation."""
        self._check_officer()
        if any(e.state in ("passed", "failed", "cancelled") for e in self):
            raise UserError(self.env._("Only open enrollments can be opened on the portal."))
        # One portal user per hire: the portal wizard creates and invites users one at a time.
        for enrollment in self:
            enrollment._invite_portal_user()
        return True

    def _invitation_email(self, private_only=False):
        """The address a portal invitation goes to: the private email, else the work email."""
        self.ensure_one()
        # sudo: the private email is HR data; callers only act on it or tell whether there is one.
        employee = self.employee_id.sudo()
        private = email_normalize(employee.private_email or "")
        return private if private_only else private or email_normalize(employee.work_email or "")

    def _grant_portal_on_start(self):
        """Hires without any login get portal access on their private email as they start, if the company wants."""
        to_invite = self.filtered(
            lambda e: (
                e.company_id.onboarding_auto_portal_access
                and not e.employee_id.user_id
                and not e.portal_user_id
                and e._invitation_email(private_only=True)
            )
        )
        for enrollment in to_invite:
            try:
                with self.env.cr.savepoint():
                    enrollment._invite_portal_user()
            except UserError as error:
                # The enrollment starts all the same; the form shows HR what is left to do.
                enrollment.message_post(
                    body=self.env._("Portal access could not be given automatically: %(reason)s", reason=error.args[0])
                )

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
        email = self._invitation_email()
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
