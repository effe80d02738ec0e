from odoo import models
from odoo.models import parse_read_group_spec
from odoo.tools import SQL


class OnboardingReportMixin(models.AbstractModel):
    """Aggregates that stay true at every level of a pivot or grouped list.

    Report rows are kept at the finest grain (one enrollment, one task) and carry
    their own rate, so a single row reads correctly. Averaging those rates over a
    group would weight a row with one due task like a row with twenty, and a
    median cannot be averaged at all; so when a group asks for the average of a
    rate, it gets the ratio of the summed numerator and denominator, and when it
    asks for a percentile column, PostgreSQL's percentile_cont over the group's rows.
    The web client asks for each measure's declared aggregator, "avg" here.
    """

    _name = "onboarding.report.mixin"
    _description = "Onboarding Report Aggregates"

    # {rate field: (numerator field, denominator field)}; rates are percentages.
    _report_ratios = {}
    # {field: (fraction, source field)}
    _report_percentiles = {}

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec != "__count":
            fname, __, func = parse_read_group_spec(aggregate_spec)
            if func == "avg" and fname in self._report_ratios:
                numerator, denominator = self._report_ratios[fname]
                return SQL(
                    "(100.0 * SUM(%s) / NULLIF(SUM(%s), 0))::float8",
                    self._field_to_sql(self._table, numerator, query),
                    self._field_to_sql(self._table, denominator, query),
                )
            if func == "avg" and fname in self._report_percentiles:
                fraction, source = self._report_percentiles[fname]
                # Through an array, the group stays a plain aggregate: PostgreSQL can hash the groups instead
                # of sorting every row of the view by them, which an ordered-set aggregate would require.
                value = self._field_to_sql(self._table, source, query)
                return SQL(
                    "(SELECT PERCENTILE_CONT(%s) WITHIN GROUP (ORDER BY p.value)"
                    " FROM UNNEST(ARRAY_AGG(%s) FILTER (WHERE %s IS NOT NULL)) AS p(value))",
                    fraction,
                    value,
                    value,
                )
        return super()._read_group_select(aggregate_spec, query)
