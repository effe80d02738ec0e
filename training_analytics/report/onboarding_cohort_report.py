from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.onboarding_training.models.onboarding_enrollment import ENROLLMENT_STATES

# A hire who leaves this many days after the start date or earlier counts as lost to onboarding.
ATTRITION_DAYS = 90


class OnboardingCohortReport(models.Model):
    """One row per started enrollment; cohorts are its start month, program and department."""

    _name = "onboarding.cohort.report"
    _inherit = ["onboarding.report.mixin"]
    _description = "Onboarding Cohort Analysis"
    _auto = False
    _order = "start_date desc, id desc"
    _rec_name = "enrollment_id"
    _report_ratios = {
        "session_attendance_rate": ("session_attended_count", "session_count"),
        "completion_rate": ("required_done_count", "required_count"),
        "on_time_rate": ("on_time_count", "due_count"),
        "pass_rate": ("passed_count", "decided_count"),
        "conversion_rate": ("converted_count", "headcount"),
        "attrition_rate": ("attrited_count", "headcount"),
    }
    _report_percentiles = {"median_days_to_conversion": (0.5, "days_to_conversion")}
    _depends = {
        "onboarding.enrollment": [
            "employee_id",
            "program_id",
            "company_id",
            "start_date",
            "state",
            "conversion_date",
            "mentor_id",
            "hr_responsible_id",
        ],
        "onboarding.task": [
            "enrollment_id",
            "item_type",
            "required",
            "state",
            "deadline",
            "done_date",
            "signed_in",
            "credit_source_task_id",
        ],
        "hr.employee": ["department_id", "departure_date"],
    }

    enrollment_id = fields.Many2one("onboarding.enrollment", readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True)
    program_id = fields.Many2one("onboarding.program", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    mentor_id = fields.Many2one("hr.employee", readonly=True)
    hr_responsible_id = fields.Many2one("res.users", "HR Responsible", readonly=True)
    start_date = fields.Date(readonly=True)
    state = fields.Selection(ENROLLMENT_STATES, readonly=True)
    headcount = fields.Integer(readonly=True)
    session_count = fields.Integer("Sessions Due", readonly=True)
    session_attended_count = fields.Integer("Sessions Attended", readonly=True)
    session_attendance_rate = fields.Float(
        "Session Attendance (%)",
        readonly=True,
        aggregator="avg",
        help="Sessions signed in among the sessions held (session day reached).",
    )
    required_count = fields.Integer("Required Tasks", readonly=True)
    required_done_count = fields.Integer("Required Tasks Done", readonly=True)
    completion_rate = fields.Float(
        "Completion (%)", readonly=True, aggregator="avg", help="Required tasks done among the required tasks."
    )
    due_count = fields.Integer("Required Tasks Due", readonly=True)
    on_time_count = fields.Integer("Done On Time", readonly=True)
    on_time_rate = fields.Float(
        "On Time (%)",
        readonly=True,
        aggregator="avg",
        help="Required tasks done by their deadline among those due (deadline passed or done).",
    )
    decided_count = fields.Integer("Assessed", readonly=True)
    passed_count = fields.Integer("Passed", readonly=True)
    pass_rate = fields.Float("Pass Rate (%)", readonly=True, aggregator="avg", help="Passed among those assessed.")
    converted_count = fields.Integer("Converted", readonly=True)
    conversion_rate = fields.Float(
        "Conversion (%)", readonly=True, aggregator="avg", help="Hires converted to regular among all hires."
    )
    days_to_conversion = fields.Float(
        "Days to Conversion", readonly=True, aggregator="avg", help="Days from the start date to conversion."
    )
    median_days_to_conversion = fields.Float(
        "Median Days to Conversion",
        readonly=True,
        aggregator="avg",
        help="Time to productivity: median number of days from the start date to conversion.",
    )
    attrited_count = fields.Integer("Left Within 90 Days", readonly=True)
    attrition_rate = fields.Float(
        "90-Day Attrition (%)",
        readonly=True,
        aggregator="avg",
        help="Hires whose departure date is at most 90 days after their start date, among all hires.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._report_query()))

    def _report_query(self):
        return SQL(
            """
            SELECT
                e.id AS id,
                e.id AS enrollment_id,
                e.employee_id,
                e.program_id,
                emp.department_id,
                e.company_id,
                e.mentor_id,
                e.hr_responsible_id,
                e.start_date,
                e.state,
                1 AS headcount,
                b.session_count,
                b.session_attended_count,
                100.0 * b.session_attended_count / NULLIF(b.session_count, 0) AS session_attendance_rate,
                b.required_count,
                b.required_done_count,
                100.0 * b.required_done_count / NULLIF(b.required_count, 0) AS completion_rate,
                b.due_count,
                b.on_time_count,
                100.0 * b.on_time_count / NULLIF(b.due_count, 0) AS on_time_rate,
                b.is_assessed::int AS decided_count,
                (e.state = 'passed')::int AS passed_count,
                CASE e.state WHEN 'passed' THEN 100.0 WHEN 'failed' THEN 0.0 END AS pass_rate,
                (e.conversion_date IS NOT NULL)::int AS converted_count,
                CASE WHEN e.conversion_date IS NOT NULL THEN 100.0 ELSE 0.0 END AS conversion_rate,
                (e.conversion_date - e.start_date)::float AS days_to_conversion,
                (e.conversion_date - e.start_date)::float AS median_days_to_conversion,
                COALESCE(emp.departure_date <= e.start_date + %(days)s, FALSE)::int AS attrited_count,
                CASE WHEN emp.departure_date <= e.start_date + %(days)s THEN 100.0 ELSE 0.0 END AS attrition_rate
            FROM onboarding_enrollment e
            JOIN hr_employee emp ON emp.id = e.employee_id
            LEFT JOIN (
                SELECT
                    t.enrollment_id,
                    -- A session credited from an earlier onboarding was not expected to be attended again.
                    COUNT(*) FILTER (WHERE t.item_type = 'session' AND t.credit_source_task_id IS NULL)
                        AS session_total,
                    COUNT(*) FILTER (
                        WHERE t.item_type = 'session' AND t.credit_source_task_id IS NULL
                          AND (t.signed_in OR t.deadline <= CURRENT_DATE)
                    ) AS session_due,
                    COUNT(*) FILTER (
                        WHERE t.item_type = 'session' AND t.credit_source_task_id IS NULL AND t.signed_in
                    ) AS session_attended_count,
                    COUNT(*) FILTER (WHERE t.required) AS required_count,
                    COUNT(*) FILTER (WHERE t.required AND t.state = 'done') AS required_done_count,
                    COUNT(*) FILTER (WHERE t.required AND (t.state = 'done' OR t.deadline < CURRENT_DATE))
                        AS required_due,
                    COUNT(*) FILTER (WHERE t.required AND t.state = 'done' AND t.done_date::date <= t.deadline)
                        AS on_time_count
                FROM onboarding_task t
                GROUP BY t.enrollment_id
            ) ts ON ts.enrollment_id = e.id
            CROSS JOIN LATERAL (
                -- Once assessed, every task of the enrollment is due, whatever its deadline.
                SELECT
                    e.state IN ('passed', 'failed') AS is_assessed,
                    COALESCE(CASE WHEN e.state IN ('passed', 'failed') THEN ts.session_total ELSE ts.session_due END, 0)
                        AS session_count,
                    COALESCE(ts.session_attended_count, 0) AS session_attended_count,
                    COALESCE(ts.required_count, 0) AS required_count,
                    COALESCE(ts.required_done_count, 0) AS required_done_count,
                    COALESCE(
                        CASE WHEN e.state IN ('passed', 'failed') THEN ts.required_count ELSE ts.required_due END, 0
                    ) AS due_count,
                    COALESCE(ts.on_time_count, 0) AS on_time_count
            ) b
            WHERE e.state NOT IN ('draft', 'cancelled')
            """,
            days=ATTRITION_DAYS,
        )
