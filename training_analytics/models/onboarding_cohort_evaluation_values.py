"""What the three-month evaluation of a cohort shows, and the same against the program's previous cohort."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools.misc import format_date

from ..report.onboarding_effectiveness_report import MIN_GROUP_SIZE
from .onboarding_cohort_evaluation import evaluation_due_date
from .onboarding_monthly_report import _format_number, _format_percent

# The cohort report's measures: {key: aggregate}; rates are ratios of sums, the median is over the cohort's rows.
COHORT_MEASURES = {
    "headcount": "headcount:sum",
    "session": "session_attendance_rate:avg",
    "completion": "completion_rate:avg",
    "on_time": "on_time_rate:avg",
    "pass": "pass_rate:avg",
    "conversion": "conversion_rate:avg",
    "attrition": "attrition_rate:avg",
    "median_days": "median_days_to_conversion:avg",
}
# Item health flags the evaluation lists, most severe first; "ok" and "unknown" are left out.
LISTED_FLAGS = ("too_hard", "too_long", "no_effect", "works")
# The measures of the first row of cards.
GLANCE = ("headcount", "completion", "conversion", "attrition", "median_days")
# Below this change a measure counts as unchanged: half a percentage point, half a day; any change in hires shows.
SAME = {"count": 0.5, "pct": 0.5, "days": 0.5}


class OnboardingCohortEvaluation(models.Model):
    _inherit = "onboarding.cohort.evaluation"

    @api.model
    def _cohort_domain(self, program, company, month):
        return [
            ("program_id", "=", program.id),
            ("company_id", "=", company.id),
            ("start_date", ">=", month),
            ("start_date", "<", month + relativedelta(months=1)),
        ]

    @api.model
    def _cohort_numbers(self, program, company, month):
        """{measure: value} of the cohort, from the cohort report; a measure without data is None."""
        [row] = self.env["onboarding.cohort.report"]._read_group(
            self._cohort_domain(program, company, month), [], list(COHORT_MEASURES.values())
        )
        numbers = dict(zip(COHORT_MEASURES, row, strict=True))
        numbers["headcount"] = numbers["headcount"] or 0
        return numbers

    @api.model
    def _previous_cohort_month(self, program, company, month):
        """The start month of the program's last cohort before `month` in the company, or None."""
        domain = [
            ("program_id", "=", program.id),
            ("company_id", "=", company.id),
            ("start_date", "<", month),
        ]
        [(latest,)] = self.env["onboarding.cohort.report"]._read_group(domain, [], ["start_date:max"])
        return latest and latest.replace(day=1) or None

    @api.model
    def _cohort_values(self, program, company, month):
        """Everything the evaluation PDF shows, in the language of the context."""
        today = fields.Date.context_today(self)
        due = evaluation_due_date(month)
        lang = self.env.lang or "en_US"
        Monthly = self.env["onboarding.monthly.report"]
        numbers = self._cohort_numbers(program, company, month)
        previous_month = self._previous_cohort_month(program, company, month)
        previous = self._cohort_numbers(program, company, previous_month) if previous_month else None
        enrollments = self.env["onboarding.enrollment"].search(
            self._cohort_domain(program, company, month) + [("state", "not in", ("draft", "cancelled"))]
        )
        _ = self.env._
        month_label = Monthly._month_label(month, "yMMMM")
        previous_label = previous_month and Monthly._month_label(previous_month, "yMMMM")
        measures = self._compare_measures(numbers, previous)
        return {
            "subtitle": _(
                "%(program)s · cohort of %(month)s · %(count)s hires",
                program=program.display_name,
                month=month_label,
                count=numbers["headcount"],
            ),
            "scope": _(
                "Three months on: hires who started in %(month)s, evaluated on %(due)s. Figures as of %(today)s.",
                month=month_label,
                due=format_date(self.env, due, lang_code=lang),
                today=format_date(self.env, today, lang_code=lang),
            ),
            "provisional": today < due,
            "provisional_note": _(
                "Provisional: this cohort is evaluated on %(due)s. Until then its figures can still change.",
                due=format_date(self.env, due, lang_code=lang),
            ),
            "glance": [row for row in measures if row["key"] in GLANCE],
            "measures": measures,
            "previous_note": (
                _("Compared with the cohort of %(month)s of the same program.", month=previous_label)
                if previous_month
                else _("This is the program's first cohort: there is nothing to compare it with yet.")
            ),
            "effectiveness": self._cohort_effectiveness(enrollments),
            "effectiveness_note": _(
                "Not enough people to compare: an item needs at least %(count)s hires of this cohort with performance "
                "figures who passed it and %(count)s who did not.",
                count=MIN_GROUP_SIZE,
            ),
            "items": self._cohort_item_health(program, enrollments),
            "items_note": _("No item of the program was flagged for this cohort."),
            "definitions": _(
                "Completion counts the required tasks done; on time, those done by their deadline among those due. "
                "Conversion and attrition count every hire of the cohort; attrition, those who left at most 90 days "
                "after their start date. Time to productivity is the median number of days from the start date to "
                "conversion to regular. Performance is the mean of the figures dated from the start date on."
            ),
        }

    def _measure_definitions(self):
        """(key, label, kind, higher is better); kind is count, pct or days."""
        _ = self.env._
        return [
            ("headcount", _("Hires"), "count", None),
            ("session", _("Session attendance"), "pct", True),
            ("completion", _("Completion"), "pct", True),
            ("on_time", _("Done on time"), "pct", True),
            ("pass", _("Passed the assessment"), "pct", True),
            ("conversion", _("Converted to regular"), "pct", True),
            ("attrition", _("Left within 90 days"), "pct", False),
            ("median_days", _("Time to productivity"), "days", False),
        ]

    def _compare_measures(self, numbers, previous):
        """One row per measure: this cohort, the previous one, the change and whether it is for the better."""
        rows = []
        for key, label, kind, higher_is_better in self._measure_definitions():
            value, before = numbers[key], previous and previous[key]
            change, trend = "–", "none"
            if value is not None and before is not None and previous:
                delta = value - before
                if abs(delta) < SAME[kind]:
                    change, trend = "=", "same"
                else:
                    change, trend = self._format_change(delta, kind), self._trend(delta > 0, higher_is_better)
            rows.append(
                {
                    "key": key,
                    "label": label,
                    "value": self._format_measure(value, kind),
                    "previous": self._format_measure(before, kind) if previous else "–",
                    "change": change,
                    "trend": trend,
                }
            )
        return rows

    @api.model
    def _trend(self, went_up, higher_is_better):
        """better, worse, or neutral for a measure that is neither (the number of hires)."""
        if higher_is_better is None:
            return "neutral"
        return "better" if went_up == higher_is_better else "worse"

    def _format_measure(self, value, kind):
        if kind == "pct":
            return _format_percent(value)
        if kind == "days":
            return "–" if value is None else self.env._("%(days)s days", days=_format_number(value, 0))
        return _format_number(value, 0)

    def _format_change(self, delta, kind):
        arrow = "▲" if delta > 0 else "▼"
        amount = f"{delta:+.0f}".replace("-", "−")
        if kind == "pct":
            return self.env._("%(arrow)s %(amount)s pts", arrow=arrow, amount=amount)
        if kind == "days":
            return self.env._("%(arrow)s %(amount)s days", arrow=arrow, amount=amount)
        return f"{arrow} {amount}"

    def _cohort_effectiveness(self, enrollments):
        """Passed against not passed, per item and metric, over the cohort's hires (5 or more on each side)."""
        rows = self.env["onboarding.effectiveness.report"]._rows_for_enrollments(enrollments)
        items = self.env["onboarding.program.item"].browse({row["item_id"] for row in rows})
        metrics = self.env["onboarding.performance.metric.type"].browse({row["metric_type_id"] for row in rows})
        items.fetch(["name"])
        metrics.fetch(["name", "unit", "higher_is_better"])
        result = []
        for row in rows:
            metric = metrics.browse(row["metric_type_id"])
            relative = row["relative_difference"]
            result.append(
                {
                    "item": items.browse(row["item_id"]).name,
                    "metric": metric.name,
                    "unit": metric.unit or "",
                    "passed": row["passed_count"],
                    "not_passed": row["not_passed_count"],
                    "mean_passed": _format_number(row["mean_passed"], 2),
                    "mean_not_passed": _format_number(row["mean_not_passed"], 2),
                    "relative": "–" if relative is None else f"{relative:+.0f} %".replace("-", "−"),
                    "correlation": _format_number(row["correlation"], 2),
                    "trend": "none" if not relative else self._trend(relative > 0, metric.higher_is_better),
                }
            )
        return result

    def _cohort_item_health(self, program, enrollments):
        """The program's items whose health over this cohort is flagged, most severe first, with the reasons."""
        Item = self.env["onboarding.program.item"]
        items = program.stage_ids.item_ids
        if not items or not enrollments:
            return []
        health = Item._compute_health_values(items, domain=[("id", "in", enrollments.ids)])
        labels = dict(Item._fields["health_flag"]._description_selection(self.env))
        listed = [(item, health[item.id]) for item in items if health.get(item.id, {}).get("flag") in LISTED_FLAGS]
        listed.sort(key=lambda pair: (LISTED_FLAGS.index(pair[1]["flag"]), pair[0].stage_id.sequence, pair[0].sequence))
        return [
            {
                "item": item.name,
                "stage": item.stage_id.name,
                "flag": values["flag"],
                "flag_label": labels.get(values["flag"], values["flag"]),
                "reasons": list(values.get("reasons") or []),
            }
            for item, values in listed
        ]
