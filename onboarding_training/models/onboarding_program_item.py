from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import check_config_policy
from .onboarding_program_stage import RESPONSIBLE_ROLES, check_offset

# Field policy (tools.check_config_policy): onboarding managers configure items, but a manager in onboarding in
# the program leaves to another what decides whether and how its tasks complete and count.
DECIDING_FIELDS = frozenset(
    {
        "stage_id",
        "item_type",
        "required",
        "prerequisite_ids",
        "evidence_required",
        "confirmation_required",
        "survey_id",
        # Personalised content (onboarding_program_item_audience.py): whom the item's task is made for.
        "audience_level_ids",
        "audience_job_ids",
        "audience_department_ids",
        "audience_category_ids",
    }
)

ITEM_TYPES = [
    ("course", "Online Course"),
    ("session", "Session"),
    ("task", "Practical Task"),
    ("exam", "Exam"),
    ("review", "Peer Review"),
]


class OnboardingProgramItem(models.Model):
    _name = "onboarding.program.item"
    _description = "Onboarding Program Item"
    _order = "stage_sequence, stage_id, sequence, id"
    _check_company_auto = True

    stage_id = fields.Many2one("onboarding.program.stage", required=True, ondelete="cascade", index=True)
    stage_sequence = fields.Integer("Stage Sequence", related="stage_id.sequence", store=True)
    program_id = fields.Many2one(related="stage_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="stage_id.company_id", store=True, index=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    item_type = fields.Selection(ITEM_TYPES, "Type", required=True, default="course")
    description = fields.Html(translate=True)
    output_requirement = fields.Text(translate=True, help="What the employee must hand in.")
    required = fields.Boolean(default=True)
    deadline_offset_days = fields.Integer(
        "Deadline (days)",
        compute="_compute_deadline_offset_days",
        store=True,
        readonly=False,
        precompute=True,
        help="Calendar days from the start date; defaults to the stage's deadline.",
    )
    responsible_role = fields.Selection(
        RESPONSIBLE_ROLES,
        compute="_compute_responsible_role",
        store=True,
        readonly=False,
        precompute=True,
    )
    prerequisite_ids = fields.Many2many(
        "onboarding.program.item",
        "onboarding_program_item_prerequisite_rel",
        "item_id",
        "prerequisite_id",
        string="Prerequisites",
        copy=False,
        help="Items that must be done before this one opens; they can never be skipped.",
    )
    evidence_required = fields.Boolean(help="The employee must attach evidence (screenshot, chat log, ...).")
    confirmation_required = fields.Boolean(help="The responsible must confirm before the item counts as done.")
    survey_id = fields.Many2one(
        "survey.survey",
        "Exam",
        ondelete="restrict",
        domain=[("certification", "=", True)],
        help="A certification survey; its score and pass threshold decide the task.",
    )

    @api.depends("stage_id.deadline_offset_days")
    def _compute_deadline_offset_days(self):
        for item in self:
            item.deadline_offset_days = item.stage_id.deadline_offset_days

    @api.depends("stage_id.responsible_role")
    def _compute_responsible_role(self):
        for item in self:
            item.responsible_role = item.stage_id.responsible_role or "hr"

    @api.constrains("prerequisite_ids", "stage_id")
    def _check_prerequisites(self):
        for item in self:
            foreign = item.prerequisite_ids.filtered(lambda p: p.program_id != item.program_id)
            if foreign:
                raise ValidationError(
                    self.env._(
                        "%(item)s cannot require %(other)s: prerequisites must belong to the same program.",
                        item=item.name,
                        other=foreign[0].name,
                    )
                )
        if self._has_cycle("prerequisite_ids"):
            raise ValidationError(self.env._("Prerequisites cannot form a cycle."))

    @api.constrains("deadline_offset_days")
    def _check_deadline_offset_days(self):
        for item in self:
            check_offset(item, item.deadline_offset_days, self.env._("The deadline"))

    @api.constrains("item_type", "survey_id")
    def _check_survey(self):
        for item in self:
            if item.survey_id and item.item_type != "exam":
                raise ValidationError(self.env._("Only exam items can link a survey (%(item)s).", item=item.name))
            if item.survey_id and not item.survey_id.certification:
                raise ValidationError(
                    self.env._("The exam of %(item)s must be a certification survey.", item=item.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        check_config_policy(self, vals_list, create=True)
        return super().create(vals_list)

    def write(self, vals):
        stages = self.stage_id | self.env["onboarding.program.stage"].browse(vals.get("stage_id") or [])
        check_config_policy(self, [vals], deciding=self._policy_deciding_fields(), programs=stages.program_id)
        return super().write(vals)

    @api.model
    def _policy_deciding_fields(self):
        """What a manager in onboarding in the item's program leaves to another (tools.check_config_policy)."""
        return DECIDING_FIELDS
