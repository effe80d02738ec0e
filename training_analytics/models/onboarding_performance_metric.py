from odoo import api, fields, models

from odoo.addons.onboarding_training.tools import check_field_policy, configurable_fields


class OnboardingPerformanceMetric(models.Model):
    """A measured value of an employee's work (complaint rate, sales per day, ...), usually imported."""

    _name = "onboarding.performance.metric"
    _description = "Employee Performance Metric"
    _order = "date desc, employee_id, id desc"
    _rec_name = "metric_type_id"
    _check_company_auto = True

    employee_id = fields.Many2one("hr.employee", required=True, ondelete="cascade", index=True, check_company=True)
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        ondelete="cascade",
        index=True,
    )
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    metric_type_id = fields.Many2one(
        "onboarding.performance.metric.type",
        "Metric",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    value = fields.Float(required=True, aggregator="avg")
    unit = fields.Char(related="metric_type_id.unit")
    note = fields.Char()

    _sql_constraints = [
        (
            "employee_type_date_uniq",
            "UNIQUE(employee_id, metric_type_id, date)",
            "An employee has one value per metric and day.",
        ),
    ]

    @api.depends("employee_id")
    def _compute_company_id(self):
        for metric in self:
            metric.company_id = metric.employee_id.company_id or metric.company_id or self.env.company

    # Field policy (tools.check_field_policy): officers, whom the access rights name, enter or import every field
    # of a measured value; the ORM's own columns stay the ORM's.
    @api.model_create_multi
    def create(self, vals_list):
        check_field_policy(self, vals_list, configurable_fields(self), create=True)
        return super().create(vals_list)

    def write(self, vals):
        check_field_policy(self, [vals], configurable_fields(self))
        return super().write(vals)

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Performance Metrics"),
                "template": "/training_analytics/static/xls/onboarding_performance_metric.csv",
            }
        ]
