from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.onboarding_training.models.onboarding_program_item import ITEM_TYPES
from odoo.addons.onboarding_training.models.onboarding_task import TASK_STATES


class OnboardingItemReport(models.Model):
    """One row per task of a started enrollment, to compare program items with each other."""

    _name = "onboarding.item.report"
    _inherit = ["onboarding.report.mixin"]
    _description = "Onboarding Item Analysis"
    _auto = False
    _order = "deadline desc, id desc"
    _rec_name = "item_id"
    _report_ratios = {
        "pass_rate": ("passed_count", "due_count"),
        "overdue_rate": ("overdue_count", "due_count"),
    }
    _depends = {
        "onboarding.task": [
            "enrollment_id",
            "item_id",
            "stage_id",
            "program_id",
            "employee_id",
            "company_id",
            "item_type",
            "required",
            "state",
            "deadline",
            "available_date",
            "done_date",
            "score",
            "responsible_user_id",
        ],
        "onboarding.enrollment": ["start_date", "state"],
        "hr.employee": ["department_id"],
    }

    item_id = fields.Many2one("onboarding.program.item", readonly=True)
    stage_id = fields.Many2one("onboarding.program.stage", readonly=True)
    program_id = fields.Many2one("onboarding.program", readonly=True)
    enrollment_id = fields.Many2one("onboarding.enrollment", readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    responsible_user_id = fields.Many2one("res.users", "Responsible", readonly=True)
    item_type = fields.Selection(ITEM_TYPES, "Type", readonly=True)
    required = fields.Boolean(readonly=True)
    state = fields.Selection(TASK_STATES, readonly=True)
    start_date = fields.Date("Enrollment Start", readonly=True)
    deadline = fields.Date(readonly=True)
    task_count = fields.Integer("Tasks", readonly=True)
    due_count = fields.Integer("Due", readonly=True, help="Done, past their deadline, or in a finished enrollment.")
    passed_count = fields.Integer("Passed", readonly=True)
    pass_rate = fields.Float("Pass Rate (%)", readonly=True, aggregator="avg", help="Tasks done among those due.")
    score = fields.Float("Average Score", readonly=True, aggregator="avg", help="Score of the tasks done.")
    days_to_complete = fields.Float(
        "Days to Complete",
        readonly=True,
        aggregator="avg",
        help="Days from the planned opening of the task to its completion.",
    )
    overdue_count = fields.Integer("Overdue", readonly=True, help="Done late, or still open after the deadline.")
    overdue_rate = fields.Float("Overdue Rate (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._report_query()))

    def _report_query(self):
        return SQL(
            """
            SELECT
                b.*,
                1 AS task_count,
                b.is_due::int AS due_count,
                b.is_done::int AS passed_count,
                CASE WHEN b.is_due THEN 100.0 * b.is_done::int END AS pass_rate,
                b.is_overdue::int AS overdue_count,
                CASE WHEN b.is_due THEN 100.0 * b.is_overdue::int END AS overdue_rate
            FROM (
                SELECT
                    t.id,
                    t.item_id,
                    t.stage_id,
                    t.program_id,
                    t.enrollment_id,
                    t.employee_id,
                    emp.department_id,
                    t.company_id,
                    t.responsible_user_id,
                    t.item_type,
                    t.required,
                    t.state,
                    e.start_date,
                    t.deadline,
                    CASE WHEN t.state = 'done' THEN t.score END AS score,
                    CASE WHEN t.state = 'done' THEN
                        GREATEST(t.done_date::date - COALESCE(t.available_date, e.start_date), 0)::float
                    END AS days_to_complete,
                    t.state = 'done' AS is_done,
                    (t.state = 'done' OR t.deadline < CURRENT_DATE OR e.state IN ('passed', 'failed')) AS is_due,
                    CASE WHEN t.state = 'done' THEN t.done_date::date > t.deadline
                         ELSE t.deadline < CURRENT_DATE END AS is_overdue
                FROM onboarding_task t
                JOIN onboarding_enrollment e ON e.id = t.enrollment_id
                JOIN hr_employee emp ON emp.id = t.employee_id
                WHERE e.state NOT IN ('draft', 'cancelled')
            ) b
            """
        )
