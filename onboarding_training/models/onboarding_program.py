from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, float_compare, float_is_zero

from ..tools import check_config_policy

# Field policy (tools.check_config_policy): onboarding managers set the rest; enrollments and items are reached
# through their own models, and what decides the results of a program's hires is not for a manager in it.
SYSTEM_FIELDS = frozenset({"enrollment_ids", "item_ids"})
DECIDING_FIELDS = frozenset({"pass_score", "weight_exam", "weight_practical", "weight_peer", "peer_review_min_count"})

# Default weights (exam, practical, peer reviews) by the parts a program has; the practical score always exists.
DEFAULT_WEIGHTS = {
    (True, True): (40.0, 40.0, 20.0),
    (True, False): (50.0, 50.0, 0.0),
    (False, True): (0.0, 80.0, 20.0),
    (False, False): (0.0, 100.0, 0.0),
}


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
        "res.company",
        default=lambda self: self.env.company,
        ondelete="cascade",
        index=True,
        help="Leave empty to share a template with every company.",
    )
    description = fields.Html(translate=True)
    job_ids = fields.Many2many("hr.job", string="Job Positions", check_company=True)
    department_ids = fields.Many2many("hr.department", string="Departments", check_company=True)
    stage_ids = fields.One2many("onboarding.program.stage", "program_id", string="Stages", copy=True)
    item_ids = fields.One2many("onboarding.program.item", "program_id", string="Items")
    auto_enroll = fields.Boolean(
        default=True,
        tracking=True,
        help="Enroll matching employees automatically when they are created or change job or department.",
    )
    duration_days = fields.Integer(
        "Duration (days)",
        compute="_compute_duration_days",
        store=True,
        help="Days from the start date to the last deadline.",
    )
    pass_score = fields.Float(default=60.0, tracking=True, help="Final score (0-100) needed to pass.")
    hr_responsible_id = fields.Many2one(
        "res.users",
        string="HR Responsible",
        ondelete="set null",
        tracking=True,
        domain=[("share", "=", False)],
        help="Receives the items owned by HR and every item nobody else can own.",
    )
    enrollment_ids = fields.One2many("onboarding.enrollment", "program_id")
    enrollment_count = fields.Integer(compute="_compute_enrollment_count")
    has_exam = fields.Boolean(compute="_compute_assessment_parts", help="The program has an exam item.")
    has_peer_review = fields.Boolean(compute="_compute_assessment_parts", help="The program has a peer review item.")
    weight_exam = fields.Float(
        "Exam Weight (%)",
        compute="_compute_weights",
        store=True,
        readonly=False,
        precompute=True,
        copy=True,
        tracking=True,
        help="0 when the program has no exam item.",
    )
    weight_practical = fields.Float(
        "Practical Weight (%)",
        compute="_compute_weights",
        store=True,
        readonly=False,
        precompute=True,
        copy=True,
        tracking=True,
    )
    weight_peer = fields.Float(
        "Peer Review Weight (%)",
        compute="_compute_weights",
        store=True,
        readonly=False,
        precompute=True,
        copy=True,
        tracking=True,
        help="0 when the program has no peer review item.",
    )
    peer_review_min_count = fields.Integer(
        "Minimum Peer Reviews",
        default=3,
        tracking=True,
        help="Peer reviews are only shown, and their mean only counts, once this many are done, "
        "so that no single review can be attributed to its author.",
    )
    knowledge_document_ids = fields.Many2many(
        "onboarding.knowledge.document",
        "onboarding_knowledge_document_program_rel",
        "program_id",
        "document_id",
        string="Knowledge",
        copy=True,
    )

    @api.depends("stage_ids.deadline_offset_days", "item_ids.deadline_offset_days")
    def _compute_duration_days(self):
        for program in self:
            offsets = program.stage_ids.mapped("deadline_offset_days") + program.item_ids.mapped("deadline_offset_days")
            program.duration_days = max(offsets or [0])

    @api.depends("stage_ids.item_ids.item_type")
    def _compute_assessment_parts(self):
        for program in self:
            types = set(program.stage_ids.item_ids.mapped("item_type"))
            program.has_exam = "exam" in types
            program.has_peer_review = "review" in types

    @api.depends("stage_ids.item_ids.item_type")
    def _compute_weights(self):
        """Weights follow the parts the program has, unless they were set by hand and still fit those parts."""
        for program in self:
            parts = (program.has_exam, program.has_peer_review)
            current = (program.weight_exam, program.weight_practical, program.weight_peer)
            # Another part set's defaults mean nobody chose them: an exam or reviews added later get their share.
            chosen = current not in set(DEFAULT_WEIGHTS.values()) or current == DEFAULT_WEIGHTS[parts]
            if not (chosen and program._weights_fit(parts, current)):
                program.weight_exam, program.weight_practical, program.weight_peer = DEFAULT_WEIGHTS[parts]

    def _compute_enrollment_count(self):
        counts = dict(
            self.env["onboarding.enrollment"]._read_group([("program_id", "in", self.ids)], ["program_id"], ["__count"])
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

    @api.constrains("weight_exam", "weight_practical", "weight_peer")
    def _check_weights(self):
        for program in self:
            weights = (program.weight_exam, program.weight_practical, program.weight_peer)
            if any(w < 0 or w > 100 for w in weights) or float_compare(sum(weights), 100.0, precision_digits=2):
                raise ValidationError(
                    self.env._(
                        "The assessment weights of %(program)s must each be between 0 and 100 and sum to 100 "
                        "(now %(total)s).",
                        program=program.name,
                        total=round(sum(weights), 2),
                    )
                )
            lacking = program._weighted_parts_lacking()
            if lacking:
                raise ValidationError(
                    self.env._(
                        "%(program)s has no %(part)s item, so its %(weight)s must be 0 (now %(value)s): "
                        "give that share to the parts it has (%(weights)s).",
                        program=program.name,
                        part=lacking[0][0],
                        weight=lacking[0][1],
                        value=lacking[0][2],
                        weights=program._weights_summary(),
                    )
                )

    @api.constrains("peer_review_min_count")
    def _check_peer_review_min_count(self):
        for program in self:
            if not 1 <= program.peer_review_min_count <= 50:
                raise ValidationError(
                    self.env._(
                        "The minimum number of peer reviews of %(program)s must be between 1 and 50.",
                        program=program.name,
                    )
                )

    @api.constrains("job_ids", "department_ids")
    def _check_item_audiences(self):
        # Items target part of the program's jobs and departments (onboarding_program_item_audience.py).
        self.item_ids._check_audience_in_program()

    @staticmethod
    def _weights_fit(parts, weights):
        """Whether the weights sum to 100 and give nothing to a part the program lacks."""
        has_exam, has_peer_review = parts
        exam, _practical, peer = weights
        return (
            not float_compare(sum(weights), 100.0, precision_digits=2)
            and (has_exam or float_is_zero(exam, precision_digits=2))
            and (has_peer_review or float_is_zero(peer, precision_digits=2))
        )

    def _weighted_parts_lacking(self):
        """[(part, weight label, value)] for each part the program lacks but still weighs."""
        self.ensure_one()
        lacking = []
        if not self.has_exam and not float_is_zero(self.weight_exam, precision_digits=2):
            lacking.append(
                (self.env._("exam"), self._fields["weight_exam"]._description_string(self.env), self.weight_exam)
            )
        if not self.has_peer_review and not float_is_zero(self.weight_peer, precision_digits=2):
            lacking.append(
                (self.env._("peer review"), self._fields["weight_peer"]._description_string(self.env), self.weight_peer)
            )
        return lacking

    def _weights_summary(self):
        self.ensure_one()
        return ", ".join(
            f"{self._fields[name]._description_string(self.env)} {self[name]:g}"
            for name in ("weight_exam", "weight_practical", "weight_peer")
        )

    @api.model_create_multi
    def create(self, vals_list):
        check_config_policy(self, vals_list, SYSTEM_FIELDS, create=True)
        return super().create(vals_list)

    def write(self, vals):
        check_config_policy(self, [vals], SYSTEM_FIELDS, deciding=DECIDING_FIELDS, programs=self)
        return super().write(vals)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for program, vals in zip(self, vals_list, strict=True):
            if not (default or {}).get("name"):
                vals["name"] = self.env._("%(name)s (copy)", name=program.name)
            # A copy of a shared template becomes the copying company's own program.
            vals["company_id"] = vals.get("company_id") or self.env.company.id
        return vals_list

    def copy(self, default=None):
        new_programs = super().copy(default=default)
        for old, new in zip(self, new_programs, strict=True):
            old._copy_prerequisites_to(new)
            old._copy_item_knowledge_to(new)
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

    def _item_mapping_to(self, new_program):
        def key(item):
            return (item.stage_id.sequence, item.stage_id.id, item.sequence, item.id)

        return dict(zip(self.stage_ids.item_ids.sorted(key), new_program.stage_ids.item_ids.sorted(key), strict=True))

    def _copy_item_knowledge_to(self, new_program):
        """Role guides and best practices attached to items follow the items into the copy."""
        pairs = [(old.id, new.id) for old, new in self._item_mapping_to(new_program).items()]
        if not pairs:
            return
        self.env["onboarding.knowledge.document"].flush_model(["item_ids"])
        # One statement for the whole mapping; the relation is plain (document, item) pairs.
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO onboarding_knowledge_document_item_rel (document_id, item_id)
                     SELECT rel.document_id, mapping.new_id
                       FROM onboarding_knowledge_document_item_rel rel
                       JOIN (VALUES %s) AS mapping(old_id, new_id) ON mapping.old_id = rel.item_id
                ON CONFLICT DO NOTHING
                """,
                SQL(", ").join(SQL("(%s, %s)", old_id, new_id) for old_id, new_id in pairs),
            )
        )
        self.env["onboarding.knowledge.document"].invalidate_model(["item_ids"])

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
        # sudo: matching reads jobs and departments, which plain employees and officers may not read.
        # active_test=False: an archived job still identifies the program's audience, and it spares a read.
        programs = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("active", "=", True),
                    ("auto_enroll", "=", True),
                    "|",
                    ("job_ids", "!=", False),
                    ("department_ids", "!=", False),
                ]
            )
        )
        result = {}
        for employee in employees.sudo():
            scored = [(program._match_score(employee), -program.sequence, -program.id, program) for program in programs]
            scored = [s for s in scored if s[0] > 0]
            if scored:
                result[employee.with_env(self.env)] = max(scored, key=lambda s: s[:3])[3].with_env(self.env)
        return result
