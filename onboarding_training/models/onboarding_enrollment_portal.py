"""Portal access for future hires who have no internal user yet."""

from odoo import Command, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize


class OnboardingEnrollment(models.Model):
    _inherit = "onboarding.enrollment"

    def action_invite_portal(self):
        """Give a future hire a portal login on their private (or work) email and send the invitation."""
        self._check_officer()
        if any(e.state in ("passed", "failed", "cancelled") for e in self):
            raise UserError(self.env._("Only open enrollments can be opened on the portal."))
        # One portal user per hire: the portal wizard creates and invites users one at a time.
        for enrollment in self:
            enrollment._invite_portal_user()
        return True

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
