from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError


class OnboardingProgram(models.Model):
    _name = "onboarding.program"
    _description = "Onboarding Program"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    is_template = fields.Boolean(
        copy=False, help="A ready-made program to copy; templates enroll nobody by themselves."
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, ondelete="cascade", index=True,
        help="Leave empty to share a template with every company.",
    )
    description = fields.Html(translate=True)
    job_ids = fields.Many2many("hr.job", string="Job Positions", check_company=True)
    department_ids = fields.Many2many("hr.department", string="Departments", check_company=True)
    stage_ids = fields.One2many("onboarding.program.stage", "program_id", string="Stages", copy=True)
    item_ids = fields.One2many("onboarding.program.item", "program_id", string="Items")
    auto_enroll = fields.Boolean(
        default=True, tracking=True,
        help="Enroll matching employees automatically when they are created or change job or department.",
    )
    duration_days = fields.Integer(
        "Duration (days)", compute="_compute_duration_days", store=True,
        help="Days from the start date to the last deadline.",
    )
    pass_score = fields.Float(default=60.0, tracking=True, help="Final score (0-100) needed to pass.")
    hr_responsible_id = fields.Many2one(
        "res.users", string="HR Responsible", ondelete="set null", tracking=True,
        domain=[("share", "=", False)],
        help="Receives the items owned by HR and every item nobody else can own.",
    )
    enrollment_ids = fields.One2many("onboarding.enrollment", "program_id")
    enrollment_count = fields.Integer(compute="_compute_enrollment_count")

    @api.depends("stage_ids.deadline_offset_days", "item_ids.deadline_offset_days")
    def _compute_duration_days(self):
        for program in self:
            offsets = program.stage_ids.mapped("deadline_offset_days") + program.item_ids.mapped(
                "deadline_offset_days"
            )
            program.duration_days = max(offsets or [0])

    def _compute_enrollment_count(self):
        counts = dict(
            self.env["onboarding.enrollment"]._read_group(
                [("program_id", "in", self.ids)], ["program_id"], ["__count"]
            )
        )
        for program in self:
            program.enrollment_count = counts.get(program, 0)

    @api.constrains("pass_score")
    def _check_pass_score(self):
        for program in self:
            if not 0 <= program.pass_score <= 100:
                raise ValidationError(
                    self.env._("The pass score of %(program)s must be between 0 and 100.", program=program.name)
                )

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if not (default or {}).get("name"):
            for program, vals in zip(self, vals_list, strict=True):
                vals["name"] = self.env._("%(name)s (copy)", name=program.name)
        return vals_list

    def copy(self, default=None):
        new_programs = super().copy(default=default)
        for old, new in zip(self, new_programs, strict=True):
            old._copy_prerequisites_to(new)
        return new_programs

    def _copy_prerequisites_to(self, new_program):
        """Stages and items are copied by copy=True; prerequisites must point inside the copy."""
        old_items = self.stage_ids.item_ids.sorted(lambda i: (i.stage_id.sequence, i.stage_id.id, i.sequence, i.id))
        new_items = new_program.stage_ids.item_ids.sorted(
            lambda i: (i.stage_id.sequence, i.stage_id.id, i.sequence, i.id)
        )
        mapping = dict(zip(old_items, new_items, strict=True))
        for old_item, new_item in mapping.items():
            if old_item.prerequisite_ids:
                new_item.prerequisite_ids = [Command.set([mapping[p].id for p in old_item.prerequisite_ids])]

    def action_view_enrollments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("onboarding_training.onboarding_enrollment_action")
        action["domain"] = [("program_id", "=", self.id)]
        action["context"] = {"default_program_id": self.id}
        return action

    def _match_score(self, employee):
        """How specifically this program fits the employee: job and department each count."""
        self.ensure_one()
        if employee.company_id and self.company_id and self.company_id != employee.company_id:
            return 0
        job_match = bool(self.job_ids) and employee.job_id in self.job_ids
        dept_match = bool(self.department_ids) and employee.department_id in self.department_ids
        if (self.job_ids and not job_match) or (self.department_ids and not dept_match):
            return 0
        return 2 * job_match + dept_match

    @api.model
    def _best_programs_for(self, employees):
        """Map each employee to the most specific auto-enroll program (or nothing)."""
        programs = self.search([("auto_enroll", "=", True), "|", ("job_ids", "!=", False), ("department_ids", "!=", False)])
        result = {}
        for employee in employees:
            scored = [(program._match_score(employee), -program.sequence, -program.id, program) for program in programs]
            scored = [s for s in scored if s[0] > 0]
            if scored:
                result[employee] = max(scored, key=lambda s: s[:3])[3]
        return result
