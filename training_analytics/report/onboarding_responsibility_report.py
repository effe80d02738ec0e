from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.onboarding_training.models.onboarding_program_stage import RESPONSIBLE_ROLES
from odoo.addons.onboarding_training.models.onboarding_task import TASK_STATES

# The people who answer for an item; the employee's own items are the completion rate, not a KPI of anyone.
ACCOUNTABLE_ROLES = ("hr", "manager", "mentor")


class OnboardingResponsibilityReport(models.Model):
    """One row per task owned by an HR officer, a manager or a mentor (F6 KPIs)."""

    _name = "onboarding.responsibility.report"
    _inherit = ["onboarding.report.mixin"]
    _description = "Onboarding Responsibility KPIs"
    _auto = False
    _order = "deadline desc, id desc"
    _rec_name = "user_id"
    _report_ratios = {
        "on_time_rate": ("on_time_count", "due_count"),
        "confirmation_rate": ("confirmed_count", "to_confirm_count"),
    }
    _report_percentiles = {
        "median_latency_hours": (0.5, "latency_hours"),
        "p90_latency_hours": (0.9, "latency_hours"),
    }
    _depends = {
        "onboarding.task": [
            "enrollment_id",
            "item_id",
            "program_id",
            "employee_id",
            "company_id",
            "state",
            "deadline",
            "submitted_date",
            "done_date",
            "responsible_user_id",
        ],
        "onboarding.program.item": ["responsible_role", "confirmation_required"],
        "onboarding.enrollment": ["state"],
        "res.company": ["onboarding_confirm_days"],
    }

    user_id = fields.Many2one("res.users", "Responsible", readonly=True)
    role = fields.Selection(RESPONSIBLE_ROLES, readonly=True)
    item_id = fields.Many2one("onboarding.program.item", readonly=True)
    program_id = fields.Many2one("onboarding.program", readonly=True)
    enrollment_id = fields.Many2one("onboarding.enrollment", readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection(TASK_STATES, readonly=True)
    deadline = fields.Date(readonly=True)
    owned_count = fields.Integer("Items Owned", readonly=True)
    due_count = fields.Integer("Due", readonly=True)
    on_time_count = fields.Integer("Done On Time", readonly=True)
    on_time_rate = fields.Float(
        "On Time (%)",
        readonly=True,
        aggregator="avg",
        help="Items done by their deadline among the items due; for HR this is the organisation rate.",
    )
    to_confirm_count = fields.Integer("Submitted for Confirmation", readonly=True)
    confirmed_count = fields.Integer("Confirmed", readonly=True)
    confirmation_rate = fields.Float(
        "Confirmation Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Confirmed among the items submitted for confirmation.",
    )
    latency_hours = fields.Float(
        "Confirmation Latency (h)", readonly=True, aggregator="avg", help="Hours from submission to confirmation."
    )
    median_latency_hours = fields.Float("Median Latency (h)", readonly=True, aggregator="avg")
    p90_latency_hours = fields.Float(
        "P90 Latency (h)", readonly=True, aggregator="avg", help="Nine confirmations in ten were faster than this."
    )
    overdue_confirmation_count = fields.Integer(
        "Overdue Confirmations",
        readonly=True,
        help="Confirmations still waiting past their due date, or given after it.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._report_query()))

    def _report_query(self):
        return SQL(
            """
            SELECT
                b.id, b.user_id, b.role, b.item_id, b.program_id, b.enrollment_id, b.employee_id, b.company_id,
                b.state, b.deadline,
                1 AS owned_count,
                b.is_due::int AS due_count,
                b.is_on_time::int AS on_time_count,
                CASE WHEN b.is_due THEN 100.0 * b.is_on_time::int END AS on_time_rate,
                b.is_to_confirm::int AS to_confirm_count,
                b.is_confirmed::int AS confirmed_count,
                CASE WHEN b.is_to_confirm THEN 100.0 * b.is_confirmed::int END AS confirmation_rate,
                b.latency_hours,
                b.latency_hours AS median_latency_hours,
                b.latency_hours AS p90_latency_hours,
                COALESCE(b.is_confirmation_overdue, FALSE)::int AS overdue_confirmation_count
            FROM (
                SELECT
                    t.id,
                    t.responsible_user_id AS user_id,
                    i.responsible_role AS role,
                    t.item_id,
                    t.program_id,
                    t.enrollment_id,
                    t.employee_id,
                    t.company_id,
                    t.state,
                    t.deadline,
                    (t.state = 'done' OR t.deadline < CURRENT_DATE OR e.state IN ('passed', 'failed')) AS is_due,
                    (t.state = 'done' AND t.done_date::date <= t.deadline) AS is_on_time,
                    (i.confirmation_required AND t.submitted_date IS NOT NULL) AS is_to_confirm,
                    (i.confirmation_required AND t.submitted_date IS NOT NULL AND t.state = 'done') AS is_confirmed,
                    CASE WHEN i.confirmation_required AND t.state = 'done' AND t.submitted_date IS NOT NULL
                        THEN (EXTRACT(EPOCH FROM t.done_date - t.submitted_date) / 3600.0)::float8
                    END AS latency_hours,
                    i.confirmation_required AND CASE t.state
                        WHEN 'submitted' THEN
                            t.submitted_date::date + COALESCE(c.onboarding_confirm_days, 0) < CURRENT_DATE
                        WHEN 'done' THEN
                            t.done_date::date > t.submitted_date::date + COALESCE(c.onboarding_confirm_days, 0)
                    END AS is_confirmation_overdue
                FROM onboarding_task t
                JOIN onboarding_program_item i ON i.id = t.item_id
                JOIN onboarding_enrollment e ON e.id = t.enrollment_id
                JOIN res_company c ON c.id = t.company_id
                WHERE e.state NOT IN ('draft', 'cancelled')
                  AND t.responsible_user_id IS NOT NULL
                  AND i.responsible_role IN %(roles)s
            ) b
            """,
            roles=ACCOUNTABLE_ROLES,
        )
