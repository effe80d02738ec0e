from odoo import models


class SlideChannelPartner(models.Model):
    _inherit = "slide.channel.partner"

    def _post_completion_update_hook(self, completed=True):
        """Where eLearning records that attendees completed a course: their onboarding tasks follow."""
        result = super()._post_completion_update_hook(completed=completed)
        if completed:
            self.env["onboarding.task"]._complete_course_tasks(self)
        return result
