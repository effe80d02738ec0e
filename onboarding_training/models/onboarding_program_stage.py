from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import check_config_policy

RESPONSIBLE_ROLES = [
    ("hr", "HR"),
    ("manager", "Manager"),
    ("mentor", "Mentor"),
    ("employee", "Employee"),
]
# Offsets are calendar days relative to the start date; a year either side is plenty for onboarding.
MAX_OFFSET_DAYS = 365
# Field policy (tools.check_config_policy): onboarding managers configure stages, but a manager in onboarding
# in the program leaves to another what decides the gate, when the stages open and the daily check-in duty.
DECIDING_FIELDS = frozenset(
    {"blocks_attendance", "requires_daily_checkin", "start_offset_days", "deadline_offset_days", "program_id"}
)


def check_offset(record, value, label):
    if not -MAX_OFFSET_DAYS <= value <= MAX_OFFSET_DAYS:
        raise ValidationError(
            record.env._(
                "%(label)s of %(name)s must be between -%(max)s and %(max)s days from the start date.",
                label=label,
                name=record.display_name,
                max=MAX_OFFSET_DAYS,
            )
        )


class OnboardingProgramStage(models.Model):
    _name = "onboarding.program.stage"
    _description = "Onboarding Program Stage"
    _order = "program_id, sequence, id"
    _check_company_auto = True

    program_id = fields.Many2one("onboarding.program", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    start_offset_days = fields.Integer(
        "Planned Start (days)",
        compute="_compute_start_offset_days",
        store=True,
        readonly=False,
        precompute=True,
        help="When the stage's content opens at the latest, in days from the start date. "
        "Employees who finish the previous stages earlier get it earlier. Defaults to the deadline "
        "when the deadline comes before it.",
    )
    deadline_offset_days = fields.Integer(
        "Deadline (days)", help="Deadline in calendar days from the start date; negative means before the start."
    )
    responsible_role = fields.Selection(RESPONSIBLE_ROLES, required=True, default="hr")
    output_requirement = fields.Text(translate=True, help="What the stage must produce, e.g. a signed checklist.")
    blocks_attendance = fields.Boolean(
        help="While a required item of this stage is not done, the employee cannot check in."
    )
    requires_daily_checkin = fields.Boolean(
        "Daily Check-in", help="During this stage, every working day without a check-in is recorded as missed."
    )
    item_ids = fields.One2many("onboarding.program.item", "stage_id", string="Items", copy=True)

    @api.depends("deadline_offset_days")
    def _compute_start_offset_days(self):
        for stage in self:
            # A stage opens by its deadline at the latest: a deadline set before the planned start pulls it along.
            stage.start_offset_days = min(stage.start_offset_days, stage.deadline_offset_days)

    @api.constrains("start_offset_days", "deadline_offset_days")
    def _check_offsets(self):
        for stage in self:
            check_offset(stage, stage.deadline_offset_days, self.env._("The deadline"))
            check_offset(stage, stage.start_offset_days, self.env._("The planned start"))
            if stage.start_offset_days > stage.deadline_offset_days:
                raise ValidationError(stage._start_after_deadline_message())

    @api.onchange("start_offset_days")
    def _onchange_start_offset_days(self):
        if self.start_offset_days > self.deadline_offset_days:
            return {
                "warning": {
                    "title": self.env._("Planned start after the deadline"),
                    "message": self._start_after_deadline_message(),
                    "type": "notification",
                }
            }

    def _start_after_deadline_message(self):
        fields_ = self._fields
        return self.env._(
            "Stage %(stage)s: %(start_field)s (%(start)s) cannot be later than %(deadline_field)s (%(deadline)s).",
            stage=self.name or "",
            start_field=fields_["start_offset_days"]._description_string(self.env),
            start=self.start_offset_days,
            deadline_field=fields_["deadline_offset_days"]._description_string(self.env),
            deadline=self.deadline_offset_days,
        )

    @api.depends("program_id.name", "name")
    def _compute_display_name(self):
        for stage in self:
            stage.display_name = f"{stage.program_id.name} / {stage.name}" if stage.program_id else stage.name

    @api.model_create_multi
    def create(self, vals_list):
        check_config_policy(self, vals_list, create=True)
        return super().create(vals_list)

    def write(self, vals):
        programs = self.program_id | self.env["onboarding.program"].browse(vals.get("program_id") or [])
        check_config_policy(self, [vals], deciding=DECIDING_FIELDS, programs=programs)
        return super().write(vals)
