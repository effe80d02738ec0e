"""The demo shop's analytics: the hires' performance metrics imported, today's risk scores and item health.

The metrics are what the shop's systems would export for each hire (customer service: complaint rate,
operations: sales per day, warehouse: picking errors), one value per month since their start and one for
the month so far, imported through the same `load` as the import screen. Hires who took their team's
advanced week-1 item do better, hires who failed do worse, everyone improves a little each month; the
onboarding data they are compared with is the one the history built. The monthly report is left to its
job (on the 1st) or to HR (Analytics ▸ Monthly Reports ▸ New): it reads the same data.
"""

import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

# team: (metric type, value at the start, advanced item done, failed, change per month, spread)
METRICS = {
    "cs": ("training_analytics.onboarding_performance_metric_type_complaint_rate", 3.2, -1.0, 1.2, -0.3, 0.3),
    "ops": ("training_analytics.onboarding_performance_metric_type_sales_per_day", 28.0, 7.0, -6.0, 2.0, 2.5),
    "wh": ("training_analytics.onboarding_performance_metric_type_picking_errors", 6.0, -1.8, 2.5, -0.5, 0.6),
}


class OnboardingDemo(models.AbstractModel):
    _inherit = "onboarding.demo"

    @api.model
    def _load_analytics_demo(self):
        if not self.env.su:
            return False
        shop = self._demo_shop(staff=False)
        self._demo_import_metrics(shop)
        # What the nightly jobs compute: today's early-warning scores of the running onboardings, each item's
        # health over the three cohorts, and the alerts for the sessions too few of a cohort attended.
        self.env["onboarding.enrollment"]._cron_update_risk()
        items = self.env["onboarding.program.item"].search(
            [("program_id", "in", [p.id for p in shop.programs.values()])]
        )
        items._update_health()
        items._alert_session_attendance(shop.today)
        return True

    @api.model
    def _demo_import_metrics(self, shop):
        """HR imports the month-end values of every hire of the demo (Employee, Date, Metric, Value)."""
        teams = {program: team for team, program in shop.programs.items()}
        enrollments = self.env["onboarding.enrollment"].search(
            [("program_id", "in", [p.id for p in teams]), ("state", "not in", ("draft", "cancelled"))]
        )
        Metric = self.env["onboarding.performance.metric"].with_user(shop.users["hr_officer"])
        known = {(m.employee_id.id, m.metric_type_id.id, m.date) for m in Metric.sudo().search([])}
        rows = []
        # The shop's systems export the people still with it; those who left are no longer in the export.
        for enrollment in enrollments.filtered(lambda e: e.employee_id.active):
            team = teams[enrollment.program_id]
            metric = self.env.ref(METRICS[team][0])
            for day, value in self._demo_metric_values(enrollment, team, shop.today):
                if (enrollment.employee_id.id, metric.id, day) not in known:
                    rows.append([enrollment.employee_id.name, fields.Date.to_string(day), metric.name, str(value)])
        if not rows:
            return
        result = Metric.with_context(lang="en_US").load(["employee_id", "date", "metric_type_id", "value"], rows)
        errors = [message["message"] for message in result["messages"] if message["type"] == "error"]
        if errors:
            raise UserError("\n".join(errors))

    @api.model
    def _demo_metric_values(self, enrollment, team, today):
        """[(day, value)]: each month-end since the start, then yesterday, while the hire is with the shop."""
        _xmlid, base, advanced, failed, monthly, spread = METRICS[team]
        employee = enrollment.employee_id
        last = min(today - timedelta(days=1), employee.departure_date or today)
        days = []
        day = enrollment.start_date + relativedelta(day=31)
        while day < last:
            days.append(day)
            day = day + timedelta(days=1) + relativedelta(day=31)
        if last > enrollment.start_date + timedelta(days=7):
            days.append(last)
        took_advanced = any(t.state == "done" and not t.required for t in enrollment.task_ids)
        rng = random.Random(f"bloom-metrics-{employee.name}")
        values = []
        for day in days:
            months = (day - enrollment.start_date).days / 30.0
            value = base + monthly * months + rng.gauss(0, spread)
            value += advanced if took_advanced else 0.0
            value += failed if enrollment.state == "failed" else 0.0
            values.append((day, round(max(value, 0.1), 1)))
        return values
