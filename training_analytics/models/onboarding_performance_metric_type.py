from odoo import api, fields, models

from odoo.addons.onboarding_training.tools import check_field_policy, configurable_fields


class OnboardingPerformanceMetricType(models.Model):
    _name = "onboarding.performance.metric.type"
    _description = "Performance Metric Type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    unit = fields.Char(translate=True, help="Shown next to the values, e.g. % or orders.")
    higher_is_better = fields.Boolean(
        default=True, help="Off for metrics such as a complaint rate, where a lower value is the better one."
    )
    company_id = fields.Many2one(
        "res.company", ondelete="cascade", index=True, help="Leave empty to share the type with every company."
    )
    description = fields.Text(translate=True, help="How the value is measured and where it comes from.")

    _sql_constraints = [
        ("name_company_uniq", "UNIQUE(name, company_id)", "A metric type with this name already exists."),
    ]

    # Field policy (tools.check_field_policy): onboarding managers, whom the access rights name, set every field
    # of a metric type; the ORM's own columns stay the ORM's.
    @api.model_create_multi
    def create(self, vals_list):
        check_field_policy(self, vals_list, configurable_fields(self), create=True)
        return super().create(vals_list)

    def write(self, vals):
        check_field_policy(self, [vals], configurable_fields(self))
        return super().write(vals)
