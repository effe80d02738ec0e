"""Personalised content: an item can target part of its program's audience, and prior learning keys."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The audience fields decide which tasks an enrollment gets: they belong to the item's deciding fields.
AUDIENCE_FIELDS = frozenset(
    {"audience_level_ids", "audience_job_ids", "audience_department_ids", "audience_category_ids"}
)
SKIPPED_HELP = (
    "An employee outside the audience does not get the item at all; an item that requires it opens without it for them."
)


class OnboardingProgramItem(models.Model):
    _inherit = "onboarding.program.item"

    audience_level_ids = fields.Many2many(
        "onboarding.education.level",
        "onboarding_program_item_level_rel",
        "item_id",
        "level_id",
        string="Education Levels",
        help="Only employees whose certificate level is one of these get the item; empty: every level. " + SKIPPED_HELP,
    )
    audience_job_ids = fields.Many2many(
        "hr.job",
        "onboarding_program_item_job_rel",
        "item_id",
        "job_id",
        string="Audience Job Positions",
        check_company=True,
        help="Only employees in one of these job positions get the item; empty: every job of the program. "
        + SKIPPED_HELP,
    )
    audience_department_ids = fields.Many2many(
        "hr.department",
        "onboarding_program_item_department_rel",
        "item_id",
        "department_id",
        string="Audience Departments",
        check_company=True,
        help="Only employees of one of these departments get the item; empty: every department of the program. "
        + SKIPPED_HELP,
    )
    audience_category_ids = fields.Many2many(
        "hr.employee.category",
        "onboarding_program_item_category_rel",
        "item_id",
        "category_id",
        string="Audience Tags",
        help="Only employees with one of these tags get the item; empty: with or without tags. " + SKIPPED_HELP,
    )
    audience_restricted = fields.Boolean(
        compute="_compute_audience_restricted",
        store=True,
        help="The item targets part of the program's audience.",
    )
    audience_summary = fields.Char(
        "Who Gets It",
        compute="_compute_audience_summary",
        help="Every line of the audience must match, by any of its values.",
    )
    prerequisite_note = fields.Char(
        "Prerequisite Audience",
        compute="_compute_prerequisite_note",
        help="Prerequisites that some of this item's employees do not get: for them they are skipped.",
    )

    @api.depends(*AUDIENCE_FIELDS)
    def _compute_audience_restricted(self):
        for item in self:
            item.audience_restricted = any(item[fname] for fname in AUDIENCE_FIELDS)

    @api.depends_context("lang")
    @api.depends(*AUDIENCE_FIELDS)
    def _compute_audience_summary(self):
        for item in self:
            parts = item._audience_parts()
            item.audience_summary = (
                self.env._("Only employees with %(conditions)s", conditions="; ".join(parts))
                if parts
                else self.env._("Everyone in the program")
            )

    @api.depends_context("lang")
    @api.depends("prerequisite_ids", *AUDIENCE_FIELDS, *(f"prerequisite_ids.{fname}" for fname in AUDIENCE_FIELDS))
    def _compute_prerequisite_note(self):
        for item in self:
            narrower = item.prerequisite_ids.filtered(lambda p, i=item: p._audience_narrower_than(i))
            item.prerequisite_note = (
                self.env._(
                    "Some employees who get this item do not get %(items)s: for them it is skipped and does not "
                    "hold this item back.",
                    items=", ".join(narrower.mapped("name")),
                )
                if narrower
                else False
            )

    @api.constrains("audience_job_ids", "audience_department_ids", "stage_id")
    def _check_audience_in_program(self):
        """An item targets part of its program's audience: the jobs and departments the program is for."""
        for item in self:
            program = item.program_id
            # A program for every job (or department) leaves every job (or department) open to its items.
            jobs = item.audience_job_ids - program.job_ids if program.job_ids else self.env["hr.job"]
            departments = (
                item.audience_department_ids - program.department_ids
                if program.department_ids
                else self.env["hr.department"]
            )
            outside = jobs.mapped("name") + departments.mapped("name")
            if outside:
                raise ValidationError(
                    self.env._(
                        "%(item)s targets %(outside)s, which the program %(program)s is not for: "
                        "choose among the program's job positions and departments.",
                        item=item.name,
                        outside=", ".join(outside),
                        program=program.name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_open_audience(self):
        """Open the item in a dialog to set whom it targets (saving it checks the configuration rights)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Audience of %(item)s", item=self.name),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("onboarding_training.onboarding_program_item_view_form").id, "form")],
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _audience_parts(self):
        """The audience lines of the item, in plain words, in the language of the environment."""
        self.ensure_one()

        def names(records):
            return ", ".join(records.mapped("display_name"))

        parts = []
        if self.audience_level_ids:
            parts.append(self.env._("education %(levels)s", levels=names(self.audience_level_ids)))
        if self.audience_job_ids:
            parts.append(self.env._("job %(jobs)s", jobs=names(self.audience_job_ids)))
        if self.audience_department_ids:
            parts.append(self.env._("department %(departments)s", departments=names(self.audience_department_ids)))
        if self.audience_category_ids:
            parts.append(self.env._("tag %(tags)s", tags=names(self.audience_category_ids)))
        return parts

    def _applies_to(self, employee):
        """Whether `employee` is in this item's audience; the caller has read the employee (sudo, batched)."""
        self.ensure_one()
        if not self.audience_restricted:
            return True
        return bool(
            (not self.audience_level_ids or employee.certificate in self.audience_level_ids.mapped("code"))
            and (not self.audience_job_ids or employee.job_id in self.audience_job_ids)
            and (not self.audience_department_ids or employee.department_id in self.audience_department_ids)
            and (not self.audience_category_ids or employee.category_ids & self.audience_category_ids)
        )

    def _audience_narrower_than(self, item):
        """Whether some employees in `item`'s audience are outside this item's: on any line it narrows."""
        self.ensure_one()
        for fname in AUDIENCE_FIELDS:
            mine, theirs = self[fname], item[fname]
            if mine and (not theirs or theirs - mine):
                return True
        return False

    def _prior_learning_keys(self):
        """What a done task of this item proves, as hashable keys: a task of another item with a key in common
        is credited from it (prior learning). Peer reviews are about one onboarding and prove nothing later.

        Bridges add their own keys, e.g. the eLearning course an item links.
        """
        self.ensure_one()
        if self.item_type == "review":
            return set()
        keys = {("item", self.id)}
        if self.item_type == "exam" and self.survey_id:
            keys.add(("survey", self.survey_id.id))
        return keys
