from odoo import models

# Context key: the onboarding enrolls its hires in their courses (onboarding.enrollment._grant_course_access).
COURSE_ACCESS = "onboarding_course_access"


class SlideChannel(models.Model):
    _inherit = "slide.channel"

    def _message_employee_chatter(self, msg, partners):
        """With HR skills installed, eLearning notes on each attendee's employee that they joined a course, one
        message at a time (hr_skills_slides). For the hires the onboarding enrolls, the same notes are written
        in one batch, so that enrolling a cohort costs the same whatever its size."""
        if not self.env.context.get(COURSE_ACCESS):
            return super()._message_employee_chatter(msg, partners)
        employee_ids = set()
        # sudo: the same employees eLearning notes, as superuser too: the partner's users' in the partner's company.
        for partner in partners.sudo():
            users = partner.user_ids.filtered(
                lambda u, p=partner: u.employee_id and (not p.company_id or u.employee_id.company_id == p.company_id)
            )
            employee_ids.update(users.employee_id.ids)
        if employee_ids:
            employees = self.env["hr.employee"].sudo().browse(sorted(employee_ids))
            employees._message_log_batch(dict.fromkeys(employees.ids, msg))
