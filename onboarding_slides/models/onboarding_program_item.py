from odoo import api, fields, models
from odoo.exceptions import ValidationError


class OnboardingProgramItem(models.Model):
    _inherit = "onboarding.program.item"

    slide_channel_id = fields.Many2one(
        "slide.channel",
        "eLearning Course",
        ondelete="restrict",
        index="btree_not_null",
        help="Hires are enrolled in this course when their onboarding starts; the task is done when eLearning "
        "records the course as completed (every lesson, quizzes passed), and only then.",
    )

    @api.constrains("item_type", "slide_channel_id")
    def _check_slide_channel(self):
        for item in self:
            if item.slide_channel_id and item.item_type != "course":
                raise ValidationError(
                    self.env._("Only online course items can link an eLearning course (%(item)s).", item=item.name)
                )

    @api.model
    def _policy_deciding_fields(self):
        # The linked course decides when the task completes: a manager in onboarding in the program leaves it.
        return super()._policy_deciding_fields() | {"slide_channel_id"}

    def _prior_learning_keys(self):
        keys = super()._prior_learning_keys()
        # The same eLearning course, whichever item or program links it, is the same learning.
        if self.item_type == "course" and self.slide_channel_id:
            keys.add(("course", self.slide_channel_id.id))
        return keys
