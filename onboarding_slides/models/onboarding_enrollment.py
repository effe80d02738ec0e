from collections import defaultdict

from odoo import models

from .onboarding_task import RUNNING_STATES
from .slide_channel import COURSE_ACCESS


class OnboardingEnrollment(models.Model):
    _inherit = "onboarding.enrollment"

    def _start(self):
        """The hires get access to the courses their program links; a course already completed counts."""
        result = super()._start()
        self._grant_course_access()
        self.task_ids._complete_finished_courses()
        return result

    def _refresh_locks(self):
        opened = super()._refresh_locks()
        # A course the hire completed while its task was locked counts as soon as the task opens.
        opened._complete_finished_courses()
        return opened

    def _invite_portal_user(self):
        result = super()._invite_portal_user()
        # The new portal login studies the courses of the onboarding.
        self._grant_course_access()
        return result

    def _course_partner(self):
        """Who studies the linked courses in eLearning: the hire's user, else their portal login."""
        self.ensure_one()
        # sudo: the hire's logins, to enroll them in eLearning; callers act for the system or read the enrollment.
        enrollment = self.sudo()
        return (enrollment.employee_id.user_id or enrollment.portal_user_id).partner_id

    def _grant_course_access(self):
        """Enroll the hires of running enrollments as attendees of the courses their tasks link, one batch per
        course, the way eLearning enrolls its attendees (they may then study on the portal)."""
        # sudo: access to the courses comes with the onboarding, which the callers started or opened.
        enrollments = self.sudo().filtered(lambda e: e.state in RUNNING_STATES)
        partner_ids = defaultdict(set)
        for enrollment in enrollments:
            partner = enrollment._course_partner()
            if partner:
                for channel in enrollment.task_ids.item_id.slide_channel_id:
                    partner_ids[channel].add(partner.id)
        Partner = self.env["res.partner"]
        for channel, ids in partner_ids.items():
            # sudo: eLearning lets only its officers add attendees to a course on invitation; the onboarding does.
            channel.sudo().with_context(**{COURSE_ACCESS: True})._action_add_members(Partner.browse(sorted(ids)))
