"""Item health (F15): is each program item too hard, too long, without measurable effect, or does it work?

The numbers come from the item report (one row per task of a started enrollment), the exam attempts, the
stalls counted by the stall job and the imported performance metrics. The daily job stores them with a
flag and its reasons on the item, and tells the program's responsible about a flagged item once, and HR
about a session that too few of a cohort attended; `_compute_health_values` computes the same for any set of
enrollments, such as one cohort, without storing anything. The queries and sentences are in item_health.py.
"""

from datetime import timedelta

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import format_date

from odoo.addons.onboarding_training.tools import check_config_policy, claim_rows, create_activities

from .. import item_health

HEALTH_FLAGS = [
    ("unknown", "Not enough data"),
    ("works", "Works"),
    ("ok", "No concern"),
    ("too_hard", "Too hard"),
    ("too_long", "Too long"),
    ("no_effect", "No measurable effect"),
]
# The flags HR is told about.
ALERT_FLAGS = ("too_hard", "too_long", "no_effect")
HEALTH_FIELDS = (
    "health_flag",
    "health_severity",
    "health_data",
    "health_people",
    "health_pass_rate",
    "health_first_pass_rate",
    "health_median_days",
    "health_planned_days",
    "health_stall_share",
    "health_effect",
    "health_correlation",
    "health_date",
)
OFFICER = "onboarding_training.group_onboarding_officer"
# The job's own bookkeeping: nobody else writes it (field policy).
ALERT_FIELDS = frozenset({"health_alert_flag", "health_activity_id", "session_alert_months"})
# The health of an item nobody had yet (or of a new record in a form).
EMPTY_HEALTH = {
    "flag": "unknown",
    "reason_data": [],
    "people": 0,
    "pass_rate": None,
    "first_pass_rate": None,
    "median_days": None,
    "planned_days": 0,
    "stall_share": None,
    "effect": None,
    "correlation": None,
}
# Sessions of cohorts older than this are history: HR is told about the sessions it can still move.
SESSION_ALERT_DAYS = 30


class OnboardingProgramItem(models.Model):
    _inherit = "onboarding.program.item"

    health_flag = fields.Selection(
        HEALTH_FLAGS,
        "Health",
        compute="_compute_health",
        store=True,
        groups=OFFICER,
        help="Too hard, too long, no measurable effect or works, from the people who had the item due; "
        "updated every night.",
    )
    health_severity = fields.Integer(compute="_compute_health", store=True, groups=OFFICER, aggregator="max")
    health_data = fields.Json("Health Facts", compute="_compute_health", store=True, groups=OFFICER)
    health_reason = fields.Text("Health Reasons", compute="_compute_health_reason", groups=OFFICER)
    health_people = fields.Integer(
        "People", compute="_compute_health", store=True, groups=OFFICER, help="People who had the item due."
    )
    health_pass_rate = fields.Float(
        "Pass Rate (%)",
        compute="_compute_health",
        store=True,
        groups=OFFICER,
        aggregator=None,
        help="Passed among those who had it due; an exam is passed when its best score reaches the pass mark.",
    )
    health_first_pass_rate = fields.Float(
        "First-Attempt Pass Rate (%)",
        compute="_compute_health",
        store=True,
        groups=OFFICER,
        aggregator=None,
        help="For exams: people whose first finished attempt passed, among those who took it.",
    )
    health_median_days = fields.Float(
        "Median Days to Complete",
        compute="_compute_health",
        store=True,
        groups=OFFICER,
        aggregator=None,
        help="Median days from the planned opening of the task to its completion.",
    )
    health_planned_days = fields.Integer(
        "Planned Days",
        compute="_compute_health",
        store=True,
        groups=OFFICER,
        aggregator=None,
        help="Days the plan gives: from the stage's planned start to the item's deadline.",
    )
    health_stall_share = fields.Float(
        "Stall Share (%)",
        compute="_compute_health",
        store=True,
        groups=OFFICER,
        aggregator=None,
        help="Share of the program's stalls that started on this item.",
    )
    health_effect = fields.Float(
        "Effect (%)",
        compute="_compute_health",
        store=True,
        groups=OFFICER,
        aggregator=None,
        help="Relative difference of a performance metric between those who passed and those who did not, "
        "positive when those who passed do better; the best metric measured.",
    )
    health_correlation = fields.Float(
        "Correlation",
        compute="_compute_health",
        store=True,
        groups=OFFICER,
        aggregator=None,
        help="Correlation between passing the item and that metric, positive when passing goes with doing better.",
    )
    health_date = fields.Date("Health Updated On", compute="_compute_health", store=True, groups=OFFICER)

    health_alert_flag = fields.Selection(
        HEALTH_FLAGS,
        "Health Flag Told",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="The flag the program's responsible was last told about; cleared when the item recovers.",
    )
    health_activity_id = fields.Many2one(
        "mail.activity",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="base.group_system",
        help="The activity about this item's health while it is open.",
    )
    session_alert_months = fields.Json(
        "Session Alerts Sent",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="Start months (YYYY-MM-01) of the cohorts whose low attendance of this session HR was told about.",
    )

    @api.depends()
    def _compute_health(self):
        """Computed when an item is created, then by the daily job (`_update_health`): the day changes it."""
        saved = self.filtered(lambda item: isinstance(item.id, int))
        values = self._compute_health_values(saved)
        today = fields.Date.context_today(self)
        for item in self:
            health = values.get(item.id) or EMPTY_HEALTH
            item.update(
                {
                    "health_flag": health["flag"],
                    "health_severity": item_health.FLAG_SEVERITY[health["flag"]],
                    "health_data": health["reason_data"],
                    "health_people": health["people"],
                    "health_pass_rate": health["pass_rate"] or 0.0,
                    "health_first_pass_rate": health["first_pass_rate"] or 0.0,
                    "health_median_days": health["median_days"] or 0.0,
                    "health_planned_days": health["planned_days"],
                    "health_stall_share": health["stall_share"] or 0.0,
                    "health_effect": health["effect"] or 0.0,
                    "health_correlation": health["correlation"] or 0.0,
                    "health_date": today,
                }
            )

    @api.depends("health_data")
    @api.depends_context("lang")
    def _compute_health_reason(self):
        metric_names = item_health.metric_names(self.env, self.mapped("health_data"))
        for item in self:
            item.health_reason = "\n".join(
                item_health.reason_text(item.env, reason, metric_names) for reason in item.health_data or []
            )

    @api.model_create_multi
    def create(self, vals_list):
        check_config_policy(self, vals_list, system=ALERT_FIELDS, create=True)
        return super().create(vals_list)

    def write(self, vals):
        check_config_policy(self, [vals], system=ALERT_FIELDS)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _compute_health_values(self, items, domain=None):
        """Health of `items` over the enrollments that match `domain`, without storing anything.

        :param items: ``onboarding.program.item`` records.
        :param domain: optional domain on ``onboarding.enrollment`` restricting whose tasks count, e.g. one
            cohort: ``[("start_date", ">=", first_day), ("start_date", "<", next_first_day)]``. Draft and
            cancelled enrollments never count.
        :return: ``{item id: values}`` for every item, where values holds

            - ``flag``: the most severe code of ``HEALTH_FLAGS`` that applies (too_hard > too_long >
              no_effect > works > ok > unknown; unknown while fewer people than the company's minimum had
              the item due);
            - ``reasons``: every reason, one sentence each, in the language of the context;
            - ``reason_data``: the same reasons as JSON-able dicts (``code`` and numbers), what the item stores
              and translates at display;
            - ``people`` (int), ``pass_rate``, ``first_pass_rate`` (exams), ``median_days``,
              ``planned_days`` (int), ``stall_share``, ``effect`` (relative difference in %, positive when
              those who passed do better), ``correlation`` (positive likewise): rates in %, None when not
              measured.

        Thresholds are the settings of each item's company (the current company's for a shared item). The
        figures are read in SQL whoever calls: this method is private, and its callers show the figures to
        those who may see them (onboarding officers).
        """
        items = items.sudo()
        if not items:
            return {}
        where = item_health.enrollment_filter(self.env, domain)
        base = item_health.read_base(self.env, items, where)
        first = item_health.read_first_attempts(self.env, items.filtered(lambda i: i.item_type == "exam"), where)
        stalls = item_health.read_stalls(self.env, items, domain)
        effects = item_health.read_effects(self.env, items, where)
        metric_names = item_health.metric_names(self.env, effects.values())
        result = {}
        for item in items:
            due, passed, median = base.get(item.id, (0, 0, None))
            takers, first_passed = first.get(item.id, (0, 0))
            item_stalls, program_stalls = stalls.get(item.id, 0), stalls.get(("program", item.program_id.id), 0)
            numbers = {
                "people": due,
                "passed": passed,
                "pass_rate": 100.0 * passed / due if due else None,
                "first_pass_rate": 100.0 * first_passed / takers if takers else None,
                "median_days": median,
                "planned_days": max(item.deadline_offset_days - item.stage_id.start_offset_days, 0),
                "stall_count": item_stalls,
                "program_stalls": program_stalls,
                "stall_share": 100.0 * item_stalls / program_stalls if program_stalls else None,
            }
            flag, reasons, best = item_health.judge(item, numbers, effects.get(item.id, []))
            result[item.id] = {
                **{key: numbers[key] for key in ("people", "pass_rate", "first_pass_rate", "median_days")},
                "planned_days": numbers["planned_days"],
                "stall_share": numbers["stall_share"],
                "effect": best and best["effect"],
                "correlation": best and best["correlation"],
                "flag": flag,
                "reason_data": reasons,
                "reasons": [item_health.reason_text(self.env, reason, metric_names) for reason in reasons],
            }
        return result

    def _update_health(self):
        """Recompute and store the health of these items as of today, in one batch, and alert where needed."""
        for name in HEALTH_FIELDS:
            self.env.add_to_compute(self._fields[name], self)
        self.flush_recordset(list(HEALTH_FIELDS))
        self._alert_health()

    def _alert_health(self):
        """One activity per item and flag for the program's responsible, when an item turns too hard, too long
        or without effect: not again while the flag stays the same or while the activity is open."""
        # sudo: the alert bookkeeping is the system's, whoever runs the job.
        items = self.sudo()
        recovered = items.filtered(lambda i: i.health_alert_flag and i.health_flag not in ALERT_FLAGS)
        recovered.write({"health_alert_flag": False})
        to_alert = items.filtered(
            lambda i: i.health_flag in ALERT_FLAGS and i.health_flag != i.health_alert_flag and not i.health_activity_id
        )
        recipients = self._health_recipients(to_alert.program_id)
        to_alert = to_alert.filtered(lambda i: recipients.get(i.program_id))
        if not to_alert:
            return to_alert
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("training_analytics.mail_activity_type_item_health")
        model_id = self.env["ir.model"]._get_id("onboarding.program")
        vals_list = []
        for item in to_alert:
            user = recipients[item.program_id]
            item_lang = item.with_context(lang=user.lang)
            flag = dict(item_lang._fields["health_flag"]._description_selection(item_lang.env))[item.health_flag]
            reasons = item_lang.health_reason.splitlines()
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": item.program_id.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "date_deadline": today,
                    "summary": item_lang.env._("%(item)s: %(flag)s", item=item_lang.name, flag=flag),
                    "note": Markup("<ul>%s</ul>") % Markup("").join(Markup("<li>%s</li>") % r for r in reasons),
                }
            )
        activities = create_activities(self.env["onboarding.program"], vals_list)
        for item, activity in zip(to_alert, activities, strict=True):
            # Assignments of one value per item: the ORM flushes them together.
            item.health_activity_id = activity
            item.health_alert_flag = item.health_flag
        return to_alert

    @api.model
    def _health_recipients(self, programs):
        """{program: user told about it}: its HR responsible, else an onboarding manager of its company."""
        if not programs:
            return {}
        managers = (
            self.env.ref("onboarding_training.group_onboarding_manager")
            .sudo()
            .users.filtered(lambda u: u.active and not u.share and u.id != SUPERUSER_ID)
            .sorted("id")
        )
        result = {}
        for program in programs:
            fallback = managers.filtered(lambda u, c=program.company_id: not c or c in u.company_ids)[:1]
            result[program] = program.hr_responsible_id or fallback
        return result

    def _alert_session_attendance(self, today):
        """One activity for HR per session and cohort (start month) that too few attended, never a second.

        A cohort's session is judged once it is held for everyone of the cohort (the session day is over or
        they signed in), when at least the company's minimum of people had it, and only while recent.
        """
        sessions = self.sudo().filtered(lambda i: i.item_type == "session")
        if not sessions:
            return []
        since = today - timedelta(days=SESSION_ALERT_DAYS)
        rows = item_health.read_session_cohorts(self.env, sessions, today, since)
        alerts = []
        for row in rows:
            item = sessions.browse(row["item_id"])
            company = item.company_id or self.env.company
            cohort = row["cohort"].isoformat()
            low = 100.0 * row["attended"] < company.onboarding_session_min_attendance * row["held"]
            if (
                low
                and not row["upcoming"]
                and row["held"] >= company.onboarding_health_min_people
                and cohort not in (item.session_alert_months or [])
            ):
                alerts.append((item, row))
        self._session_activities(alerts)
        return alerts

    @api.model
    def _session_activities(self, alerts):
        if not alerts:
            return
        items = self.browse([item.id for item, _row in alerts]).sudo()
        recipients = self._health_recipients(items.program_id)
        activity_type = self.env.ref("training_analytics.mail_activity_type_session_attendance")
        model_id = self.env["ir.model"]._get_id("onboarding.program")
        vals_list, told = [], {}
        for item, row in alerts:
            user = recipients.get(item.program_id)
            if not user:
                continue
            item_lang = item.with_context(lang=user.lang)
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": item.program_id.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "date_deadline": fields.Date.context_today(self),
                    "summary": item_lang._session_alert_summary(row),
                    "note": Markup("<p>%s</p>") % item_lang._session_alert_text(row),
                }
            )
            told.setdefault(item, list(item.session_alert_months or [])).append(row["cohort"].isoformat())
        create_activities(self.env["onboarding.program"], vals_list)
        for item, months in told.items():
            # One value per item: the ORM flushes them together.
            item.session_alert_months = months

    def _session_alert_summary(self, row):
        return self.env._(
            "Session attendance %(rate)s %%: %(session)s, %(cohort)s cohort",
            rate=round(100.0 * row["attended"] / row["held"]),
            session=self.name,
            cohort=item_health.cohort_label(self.env, row["cohort"]),
        )

    def _session_alert_text(self, row):
        """The sentence HR reads: which session, when, and how many of the cohort came."""
        self.ensure_one()
        company = self.company_id or self.env.company
        values = {
            "session": self.name,
            "weekday": format_date(self.env, row["session_date"], date_format="EEEE"),
            "date": format_date(self.env, row["session_date"]),
            "attended": row["attended"],
            "held": row["held"],
            "cohort": item_health.cohort_label(self.env, row["cohort"]),
            "rate": round(100.0 * row["attended"] / row["held"]),
            "min": f"{company.onboarding_session_min_attendance:g}",
        }
        if self._has_session_window():
            return self.env._(
                "%(session)s on %(weekday)s %(date)s, %(start)s–%(end)s: %(attended)s of the %(held)s people of "
                "the %(cohort)s cohort attended (%(rate)s %%), below %(min)s %%. Consider moving the session to "
                "another day or time.",
                start=item_health.hour(self.session_start_hour),
                end=item_health.hour(self.session_end_hour),
                **values,
            )
        return self.env._(
            "%(session)s on %(weekday)s %(date)s: %(attended)s of the %(held)s people of the %(cohort)s cohort "
            "attended (%(rate)s %%), below %(min)s %%. Consider moving the session to another day or time.",
            **values,
        )

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------
    def _cron_update_health(self, batch_size=200):
        """Daily: each item's health and the session attendance alerts, one batch of items per call."""
        today = fields.Date.context_today(self)
        domain = [
            ("program_id.active", "=", True),
            ("program_id.is_template", "=", False),
            # Not yet today (empty included): once a day, whatever the clock did.
            ("health_date", "!=", today),
        ]
        # sudo: the scheduled job reads and writes the health of every company's items.
        found = self.sudo().search(domain, limit=batch_size, order="id")
        # Another worker may be on some of them: they are its to do.
        items = claim_rows(found)
        items._update_health()
        items._alert_session_attendance(today)
        remaining = self.sudo().search_count(domain) if len(found) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(items), remaining=remaining)
        return items
