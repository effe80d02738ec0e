import math
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, format_date

from odoo.addons.onboarding_training.tools import create_activities, run_job

RISK_LEVELS = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
RISK_FIELDS = ("risk_score", "risk_level", "risk_data", "risk_projected_end", "risk_date")
OPEN_RISK_STATES = ("running", "paused")
# Points per warning sign; the score is their sum, capped at 100.
RISK_POINTS = {
    "overdue": 15,  # per overdue required task
    "missed_checkin": 10,  # per unjustified missed check-in
    "stalled": 25,
    "low_score": 20,
    "late_pace": 60,  # alone enough for "high": the deadline cannot be met at this pace
}
RISK_CAPS = {"overdue": 45, "missed_checkin": 30}
RISK_HIGH = 60
RISK_MEDIUM = 30
SCORED_ITEM_TYPES = ("exam", "review")
# The pace is judged once this many days (and this share of the program) have passed: earlier it is noise.
PACE_MIN_DAYS = 3
PACE_MIN_SHARE = 0.2
# The tasks a stall starts on: required, due and still open.
STALL_OPEN_STATES = ("todo", "rejected")


class OnboardingEnrollment(models.Model):
    _inherit = "onboarding.enrollment"

    risk_miss_ids = fields.One2many(
        "onboarding.attendance.miss",
        "enrollment_id",
        string="Missed Check-ins",
        groups="onboarding_training.group_onboarding_user",
    )
    risk_score = fields.Integer(
        compute="_compute_risk",
        store=True,
        aggregator="avg",
        groups="onboarding_training.group_onboarding_user",
        help="0 to 100: overdue tasks, missed check-ins, stalls, low scores and a pace that misses the deadline.",
    )
    risk_level = fields.Selection(
        RISK_LEVELS,
        compute="_compute_risk",
        store=True,
        index=True,
        groups="onboarding_training.group_onboarding_user",
    )
    risk_data = fields.Json(compute="_compute_risk", store=True, groups="onboarding_training.group_onboarding_user")
    risk_projected_end = fields.Date(
        "Projected End",
        compute="_compute_risk",
        store=True,
        groups="onboarding_training.group_onboarding_user",
        help="When the required tasks would all be done at the pace so far.",
    )
    risk_date = fields.Date(
        "Risk Updated On", compute="_compute_risk", store=True, groups="onboarding_training.group_onboarding_user"
    )
    risk_reasons = fields.Text(compute="_compute_risk_reasons", groups="onboarding_training.group_onboarding_user")
    risk_alert_date = fields.Date(
        "HR Alerted On",
        readonly=True,
        copy=False,
        groups="onboarding_training.group_onboarding_user",
        help="The day HR was first told that this enrollment is at high risk; they are told once.",
    )
    stall_count = fields.Integer(
        "Stalls",
        readonly=True,
        copy=False,
        groups="onboarding_training.group_onboarding_user",
        help="How many times this onboarding was paused for a stall.",
    )

    @api.depends(
        "state",
        "start_date",
        "end_date",
        "stalled_since",
        "program_id.pass_score",
        "task_ids.state",
        "task_ids.required",
        "task_ids.deadline",
        "task_ids.score",
        "risk_miss_ids.justified",
    )
    def _compute_risk(self):
        today = fields.Date.context_today(self)
        for enrollment in self:
            if enrollment.state not in OPEN_RISK_STATES:
                enrollment.update(dict.fromkeys(RISK_FIELDS, False) | {"risk_score": 0})
                continue
            projected_end, factors = enrollment._risk_factors(today)
            score = min(100, sum(factor["points"] for factor in factors))
            enrollment.risk_score = score
            enrollment.risk_level = "high" if score >= RISK_HIGH else "medium" if score >= RISK_MEDIUM else "low"
            enrollment.risk_data = factors
            enrollment.risk_projected_end = projected_end
            enrollment.risk_date = today

    @api.depends("risk_data")
    @api.depends_context("lang")
    def _compute_risk_reasons(self):
        # sudo: only task names are read, for whoever may read the risk; a mentor need not read the HR tasks.
        tasks = (
            self.env["onboarding.task"]
            .sudo()
            .browse({task_id for e in self for factor in e.risk_data or [] for task_id in factor.get("task_ids", [])})
        )
        names = {task.id: task.name for task in tasks.exists()}
        for enrollment in self:
            enrollment.risk_reasons = "\n".join(
                self._risk_reason_text(factor, names) for factor in enrollment.risk_data or []
            )

    def write(self, vals):
        result = super().write(vals)
        # A stall raises the risk at once; every other change of state can only lower it.
        if vals.get("state") == "paused" or vals.get("stalled_since"):
            self._risk_alert()
        return result

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _pause_for_stall(self, today):
        self._record_stall_start(today)
        return super()._pause_for_stall(today)

    def _record_stall_start(self, today):
        """Count a stall on these enrollments and on the tasks it started on.

        A stall starts on the required tasks that are due and still open with the earliest deadline: where
        the hire stopped. Item health compares the stalls of an item with all the stalls of its program.
        One statement per table, whatever the number of enrollments: counters, not values to overwrite.
        """
        if not self:
            return
        Task = self.env["onboarding.task"]
        Task.flush_model(["enrollment_id", "required", "state", "deadline", "stall_start_count"])
        self.flush_recordset(["stall_count"])
        self.env.cr.execute(
            SQL(
                """
                WITH open_due AS (
                    SELECT id, deadline, MIN(deadline) OVER (PARTITION BY enrollment_id) AS first_deadline
                      FROM onboarding_task
                     WHERE enrollment_id IN %(enrollments)s AND required AND state IN %(states)s
                       AND deadline <= %(today)s
                )
                UPDATE onboarding_task t
                   SET stall_start_count = COALESCE(t.stall_start_count, 0) + 1
                  FROM open_due o
                 WHERE o.id = t.id AND o.deadline = o.first_deadline
                """,
                enrollments=tuple(self.ids),
                states=STALL_OPEN_STATES,
                today=today,
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE onboarding_enrollment SET stall_count = COALESCE(stall_count, 0) + 1 WHERE id IN %s",
                tuple(self.ids),
            )
        )
        Task.invalidate_model(["stall_start_count"])
        self.invalidate_recordset(["stall_count"])

    def _risk_factors(self, today):
        """(projected end, warning signs) of one open enrollment; each sign is a JSON-able dict."""
        self.ensure_one()
        required = self.task_ids.filtered("required")
        factors = []
        overdue = required.filtered(lambda t: t.state != "done" and t.deadline < today)
        if overdue:
            factors.append({"code": "overdue", "task_ids": overdue.ids, **self._risk_points("overdue", len(overdue))})
        misses = self.risk_miss_ids.filtered(lambda m: not m.justified)
        if misses:
            factors.append(
                {"code": "missed_checkin", "count": len(misses), **self._risk_points("missed_checkin", len(misses))}
            )
        if self.state == "paused" or self.stalled_since:
            since = self.stalled_since or self.last_progress_date
            factors.append({"code": "stalled", "since": since and since.isoformat(), **self._risk_points("stalled")})
        pass_score = self.program_id.pass_score
        low = self.task_ids.filtered(
            lambda t: t.state == "done" and t.item_type in SCORED_ITEM_TYPES and t.score < pass_score
        )
        if low:
            factors.append(
                {"code": "low_score", "task_ids": low.ids, "pass_score": pass_score, **self._risk_points("low_score")}
            )
        projected_end, pace = self._risk_pace(today, required)
        if pace:
            factors.append({"code": "late_pace", **pace, **self._risk_points("late_pace")})
        return projected_end, factors

    @api.model
    def _risk_points(self, code, count=1):
        points = RISK_POINTS[code] * count
        return {"points": min(points, RISK_CAPS.get(code, points))}

    def _risk_pace(self, today, required):
        """Project the end from the required tasks done per day so far; return (end, facts if too late)."""
        if not required or not self.end_date or today <= self.start_date:
            return False, {}
        done = len(required.filtered(lambda t: t.state == "done"))
        remaining = len(required) - done
        elapsed = (today - self.start_date).days
        duration = (self.end_date - self.start_date).days
        if not remaining or elapsed < max(PACE_MIN_DAYS, math.ceil(duration * PACE_MIN_SHARE)):
            return False, {}
        facts = {"done": done, "total": len(required), "days": elapsed, "deadline": self.end_date.isoformat()}
        if not done:
            return False, facts
        projected_end = today + timedelta(days=math.ceil(remaining * elapsed / done))
        if projected_end <= self.end_date:
            return projected_end, {}
        return projected_end, facts | {"projected": projected_end.isoformat()}

    def _risk_reason_text(self, factor, task_names):
        code = factor["code"]
        tasks = ", ".join(task_names[task_id] for task_id in factor.get("task_ids", []) if task_id in task_names)
        dates = {key: format_date(self.env, factor[key]) for key in ("since", "projected", "deadline") if key in factor}
        if code == "overdue":
            return self.env._("%(count)s overdue task(s): %(tasks)s", count=len(factor["task_ids"]), tasks=tasks)
        if code == "missed_checkin":
            return self.env._("%(count)s unjustified missed check-in(s)", count=factor["count"])
        if code == "stalled":
            return self.env._("Stalled since %(date)s", date=dates.get("since", ""))
        if code == "low_score":
            pass_score = "{:g}".format(factor["pass_score"])
            return self.env._(
                "Score below the pass score of %(pass_score)s: %(tasks)s", pass_score=pass_score, tasks=tasks
            )
        if factor.get("projected"):
            return self.env._(
                "At the pace so far (%(done)s of %(total)s required tasks in %(days)s days) the program ends on "
                "%(projected)s, after its deadline %(deadline)s",
                done=factor["done"],
                total=factor["total"],
                days=factor["days"],
                projected=dates["projected"],
                deadline=dates["deadline"],
            )
        return self.env._(
            "No required task done in %(days)s days: the deadline %(deadline)s cannot be met at this pace",
            days=factor["days"],
            deadline=dates["deadline"],
        )

    def _update_risk(self):
        """Recompute the risk of these enrollments as of today, in one batch, and alert HR where needed."""
        for name in RISK_FIELDS:
            self.env.add_to_compute(self._fields[name], self)
        self._risk_alert()
        self.flush_recordset(list(RISK_FIELDS))
        return self

    def _risk_alert(self):
        """Give HR an activity the first time an enrollment turns high-risk; never a second one."""
        # sudo: risk fields are restricted to onboarding users, and the alert is the system's, whoever
        # changed the task that raised the risk.
        enrollments = self.sudo()
        to_alert = enrollments.filtered(
            lambda e: (
                e.state in OPEN_RISK_STATES and e.risk_level == "high" and not e.risk_alert_date and e.hr_responsible_id
            )
        )
        if not to_alert:
            return to_alert
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("training_analytics.mail_activity_type_onboarding_risk")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for enrollment in to_alert:
            user = enrollment.hr_responsible_id
            reasons = enrollment.with_context(lang=user.lang).risk_reasons.splitlines()
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": enrollment.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "date_deadline": today,
                    "summary": enrollment.with_context(lang=user.lang).env._(
                        "%(employee)s is at risk (%(score)s/100)",
                        employee=enrollment.employee_id.name,
                        score=enrollment.risk_score,
                    ),
                    "note": Markup("<ul>%s</ul>") % Markup("").join(Markup("<li>%s</li>") % r for r in reasons),
                }
            )
        # One digest per HR user below instead of Odoo's email per assigned activity: the night a new cohort
        # falls behind, HR gets one message, and the job's cost does not grow with the alerts.
        create_activities(self, vals_list)
        to_alert.write({"risk_alert_date": today})
        for user, enrollments in to_alert.grouped("hr_responsible_id").items():
            enrollments.with_context(lang=user.lang)._risk_digest(user)
        return to_alert

    def _risk_digest(self, user):
        lines = Markup("").join(
            Markup("<li>%s</li>")
            % self.env._(
                "%(employee)s, %(program)s: %(score)s/100, deadline %(deadline)s",
                employee=enrollment.employee_id.name,
                program=enrollment.program_id.display_name,
                score=enrollment.risk_score,
                deadline=format_date(self.env, enrollment.end_date),
            )
            for enrollment in self
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("These onboardings turned high-risk; an activity with the reasons waits on each:"),
            lines,
        )
        self[0].message_notify(
            partner_ids=user.partner_id.ids,
            subject=self.env._("Onboarding at high risk: %(count)s enrollment(s)", count=len(self)),
            body=body,
            # Queued for the mail server: the nightly job does not wait on it.
            force_send=False,
        )

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------
    def _cron_update_risk(self, batch_size=1000):
        """Daily: the day changed, so overdue tasks and the pace did too; one batch per call."""
        today = fields.Date.context_today(self)
        domain = [("state", "in", OPEN_RISK_STATES), "|", ("risk_date", "=", False), ("risk_date", "<", today)]
        # sudo: the scheduled job reads and writes the restricted risk fields of every company.
        enrollments = self.sudo().search(domain, limit=batch_size, order="id")
        enrollments = run_job(
            self.env, "training_analytics.ir_cron_onboarding_update_risk", enrollments._update_risk, self.browse()
        )
        remaining = self.sudo().search_count(domain) if len(enrollments) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(enrollments), remaining=remaining)
        return enrollments
