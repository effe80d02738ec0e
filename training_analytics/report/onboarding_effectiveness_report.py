from odoo import fields, models, tools
from odoo.tools import SQL

# Below this many people in either group a mean says more about a person than about an item.
MIN_GROUP_SIZE = 5


class OnboardingEffectivenessReport(models.Model):
    """Per item and metric: does passing the item go with better work afterwards?

    An enrollment's metric value is the mean of the employee's values dated on or
    after its start date. Rows where either group has fewer than MIN_GROUP_SIZE
    people are left out entirely.
    """

    _name = "onboarding.effectiveness.report"
    _description = "Onboarding Effectiveness"
    _auto = False
    _order = "program_id, item_id, metric_type_id"
    _rec_name = "item_id"
    _depends = {
        "onboarding.task": ["enrollment_id", "item_id", "state", "deadline"],
        "onboarding.enrollment": ["employee_id", "company_id", "start_date", "state", "completion_rate"],
        "onboarding.performance.metric": ["employee_id", "date", "metric_type_id", "value"],
        "onboarding.program.item": ["program_id"],
    }

    item_id = fields.Many2one("onboarding.program.item", readonly=True)
    program_id = fields.Many2one("onboarding.program", readonly=True)
    metric_type_id = fields.Many2one("onboarding.performance.metric.type", "Metric", readonly=True)
    higher_is_better = fields.Boolean(related="metric_type_id.higher_is_better")
    company_id = fields.Many2one("res.company", readonly=True)
    passed_count = fields.Integer("Passed (people)", readonly=True, aggregator=None)
    not_passed_count = fields.Integer("Not Passed (people)", readonly=True, aggregator=None)
    mean_passed = fields.Float("Mean if Passed", readonly=True, aggregator=None)
    mean_not_passed = fields.Float("Mean if Not Passed", readonly=True, aggregator=None)
    relative_difference = fields.Float(
        "Relative Difference (%)",
        readonly=True,
        aggregator=None,
        help="(mean if passed - mean if not passed) / |mean if not passed|.",
    )
    correlation = fields.Float(
        readonly=True,
        aggregator=None,
        help="Pearson correlation between the enrollment's completion rate and the metric, over both groups.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._report_query()))

    def _report_query(self, enrollment_ids=None):
        """The view's query; with `enrollment_ids` (a non-empty tuple), over those enrollments only."""
        only = SQL("AND e.id IN %s", enrollment_ids) if enrollment_ids else SQL()
        return SQL(
            """
            WITH enrollment_metric AS (
                SELECT e.id AS enrollment_id, e.company_id, e.state, e.completion_rate, m.metric_type_id,
                       AVG(m.value) AS value
                FROM onboarding_enrollment e
                JOIN onboarding_performance_metric m ON m.employee_id = e.employee_id AND m.date >= e.start_date
                WHERE e.state NOT IN ('draft', 'cancelled') %(only)s
                GROUP BY e.id, m.metric_type_id
            ), grouped AS (
                SELECT
                    t.item_id,
                    em.metric_type_id,
                    em.company_id,
                    COUNT(*) FILTER (WHERE t.state = 'done') AS passed_count,
                    COUNT(*) FILTER (WHERE t.state != 'done') AS not_passed_count,
                    AVG(em.value) FILTER (WHERE t.state = 'done') AS mean_passed,
                    AVG(em.value) FILTER (WHERE t.state != 'done') AS mean_not_passed,
                    CORR(em.completion_rate, em.value) AS correlation
                FROM onboarding_task t
                JOIN enrollment_metric em ON em.enrollment_id = t.enrollment_id
                WHERE t.state = 'done' OR t.deadline < CURRENT_DATE OR em.state IN ('passed', 'failed')
                GROUP BY t.item_id, em.metric_type_id, em.company_id
            )
            SELECT
                ROW_NUMBER() OVER (ORDER BY g.item_id, g.metric_type_id, g.company_id) AS id,
                g.item_id,
                i.program_id,
                g.metric_type_id,
                g.company_id,
                g.passed_count,
                g.not_passed_count,
                g.mean_passed,
                g.mean_not_passed,
                100.0 * (g.mean_passed - g.mean_not_passed) / NULLIF(ABS(g.mean_not_passed), 0)
                    AS relative_difference,
                g.correlation
            FROM grouped g
            JOIN onboarding_program_item i ON i.id = g.item_id
            WHERE g.passed_count >= %(min_size)s AND g.not_passed_count >= %(min_size)s
            """,
            min_size=MIN_GROUP_SIZE,
            only=only,
        )

    def _rows_for_enrollments(self, enrollments):
        """The report's rows computed over `enrollments` only (one cohort, say), with the same rules.

        A list of dicts with the view's columns; the caller has checked its right to see these enrollments.
        """
        if not enrollments:
            return []
        for model, fnames in self._depends.items():
            self.env[model].flush_model(fnames)
        self.env.cr.execute(
            SQL(
                "SELECT * FROM (%s) r ORDER BY r.item_id, r.metric_type_id",
                self._report_query(tuple(enrollments.ids)),
            )
        )
        return self.env.cr.dictfetchall()
