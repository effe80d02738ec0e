"""Item health (F15): its figures, each read in one query for a batch of items whatever the number of
people, and its sentences, written at display in the reader's language (see onboarding.program.item)."""

from babel.dates import format_skeleton

from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse, get_lang

# An item gets the most severe of the flags that apply.
FLAG_SEVERITY = {"unknown": 0, "ok": 1, "works": 2, "no_effect": 3, "too_long": 4, "too_hard": 5}
# A mean of fewer people than this, on either side of a comparison, is about a person rather than the item.
MIN_EFFECT_GROUP = 2
# A share of stalls starts to mean something once the program has had this many.
MIN_STALLS = 3
# Whether a due task counts as passed: done, and for an exam with its best score at the pass mark (the
# survey's, or the program's pass score for an exam scored by hand). A failed last attempt also ends an exam.
PASSED_SQL = SQL(
    """CASE WHEN r.item_type = 'exam' AND r.passed_count = 1
            THEN (COALESCE(r.score, 0) >= COALESCE(s.scoring_success_min, p.pass_score, 0))::int
            ELSE r.passed_count END"""
)


def number(value, digits=1):
    """A number for a sentence: rounded, without a useless trailing zero."""
    return f"{round(value or 0.0, digits):g}"


def hour(value):
    """09:30 from 9.5."""
    minutes = round((value or 0.0) * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def cohort_label(env, month):
    """The cohort's start month in the context's language: March 2025, 2025年3月."""
    return format_skeleton("yMMMM", month, locale=babel_locale_parse(get_lang(env).code))


def enrollment_filter(env, domain):
    """SQL condition on an enrollment id column (a callable) restricting it to `domain`, if any."""
    if not domain:
        return lambda column: SQL("TRUE")
    # sudo: the caller chose the enrollments (see onboarding.program.item._compute_health_values); rules
    # would only hide some.
    query = env["onboarding.enrollment"].sudo().with_context(active_test=False)._search(domain)
    subselect = query.subselect()
    return lambda column: SQL("%s IN %s", column, subselect)


def read_base(env, items, where):
    """{item id: (people with it due, passed, median days to complete)} from the item report."""
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            SELECT r.item_id,
                   SUM(r.due_count),
                   SUM(%(passed)s),
                   PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY r.days_to_complete)
              FROM onboarding_item_report r
              JOIN onboarding_program_item i ON i.id = r.item_id
              JOIN onboarding_program p ON p.id = i.program_id
         LEFT JOIN survey_survey s ON s.id = i.survey_id
             WHERE r.item_id IN %(items)s AND r.due_count = 1 AND %(where)s
          GROUP BY r.item_id
            """,
            passed=PASSED_SQL,
            items=tuple(items.ids),
            where=where(SQL("r.enrollment_id")),
        )
    )
    return {item_id: (int(due), int(passed or 0), median) for item_id, due, passed, median in env.cr.fetchall()}


def read_first_attempts(env, exams, where):
    """{item id: (people who took the exam, of whom passed at the first finished attempt)}."""
    if not exams:
        return {}
    env.cr.execute(
        SQL(
            """
            SELECT t.item_id, COUNT(*), COUNT(*) FILTER (WHERE f.scoring_success)
              FROM (
                    SELECT DISTINCT ON (ui.onboarding_task_id) ui.onboarding_task_id, ui.scoring_success
                      FROM survey_user_input ui
                     WHERE ui.onboarding_task_id IN (SELECT id FROM onboarding_task WHERE item_id IN %(items)s)
                       AND ui.state = 'done'
                       AND NOT COALESCE(ui.test_entry, FALSE)
                  ORDER BY ui.onboarding_task_id, ui.onboarding_round, ui.id
                   ) f
              JOIN onboarding_task t ON t.id = f.onboarding_task_id
              JOIN onboarding_enrollment e ON e.id = t.enrollment_id
             WHERE e.state NOT IN ('draft', 'cancelled') AND %(where)s
          GROUP BY t.item_id
            """,
            items=tuple(exams.ids),
            where=where(SQL("e.id")),
        )
    )
    return {item_id: (takers, passed) for item_id, takers, passed in env.cr.fetchall()}


def read_stalls(env, items, domain):
    """{item id: stalls started on it, ("program", program id): stalls of the program} over the enrollments."""
    enrollment_domain = expression.AND([[("state", "not in", ("draft", "cancelled"))], domain or []])
    # sudo: stall counts are aggregates the caller may show (see onboarding.program.item._compute_health_values).
    tasks = (
        env["onboarding.task"]
        .sudo()
        ._read_group(
            [
                ("item_id", "in", items.ids),
                ("stall_start_count", ">", 0),
                ("enrollment_id", "any", enrollment_domain),
            ],
            ["item_id"],
            ["stall_start_count:sum"],
        )
    )
    programs = (
        env["onboarding.enrollment"]
        .sudo()
        ._read_group(
            expression.AND([enrollment_domain, [("program_id", "in", items.program_id.ids), ("stall_count", ">", 0)]]),
            ["program_id"],
            ["stall_count:sum"],
        )
    )
    result = {item.id: count for item, count in tasks}
    result.update({("program", program.id): count for program, count in programs})
    return result


def read_effects(env, items, where):
    """{item id: [{metric_id, passed, not_passed, effect, correlation}]}, oriented so that positive is better.

    As in the effectiveness report, a person's value is the mean of their values dated on or after the
    start of their enrollment; the correlation is between passing (1 or 0) and that value.
    """
    env.cr.execute(
        SQL(
            """
            WITH people AS (
                SELECT r.item_id, r.enrollment_id, r.employee_id, r.start_date, %(passed)s = 1 AS passed
                  FROM onboarding_item_report r
                  JOIN onboarding_program_item i ON i.id = r.item_id
                  JOIN onboarding_program p ON p.id = i.program_id
             LEFT JOIN survey_survey s ON s.id = i.survey_id
                 WHERE r.item_id IN %(items)s AND r.due_count = 1 AND %(where)s
            ), measured AS (
                SELECT pe.item_id, pe.passed, m.metric_type_id, AVG(m.value)::float8 AS value
                  FROM people pe
                  JOIN onboarding_performance_metric m
                    ON m.employee_id = pe.employee_id AND m.date >= pe.start_date
              GROUP BY pe.item_id, pe.enrollment_id, pe.passed, m.metric_type_id
            )
            SELECT me.item_id, me.metric_type_id, mt.higher_is_better,
                   COUNT(*) FILTER (WHERE me.passed),
                   COUNT(*) FILTER (WHERE NOT me.passed),
                   AVG(me.value) FILTER (WHERE me.passed),
                   AVG(me.value) FILTER (WHERE NOT me.passed),
                   CORR(me.passed::int::float8, me.value)
              FROM measured me
              JOIN onboarding_performance_metric_type mt ON mt.id = me.metric_type_id
          GROUP BY me.item_id, me.metric_type_id, mt.higher_is_better
          ORDER BY me.item_id, me.metric_type_id
            """,
            passed=PASSED_SQL,
            items=tuple(items.ids),
            where=where(SQL("r.enrollment_id")),
        )
    )
    result = {}
    for item_id, metric_id, higher, passed, others, mean_passed, mean_others, corr in env.cr.fetchall():
        sign = 1.0 if higher else -1.0
        effect = None
        if passed and others and mean_others:
            effect = sign * 100.0 * (mean_passed - mean_others) / abs(mean_others)
        result.setdefault(item_id, []).append(
            {
                "metric_id": metric_id,
                "passed": passed,
                "not_passed": others,
                "effect": effect,
                "correlation": sign * (corr or 0.0),
            }
        )
    return result


def metric_names(env, reason_lists):
    """{metric type id: name in the context's language} of the metrics named in these lists of reasons
    (or of effects)."""
    ids = {reason["metric_id"] for reasons in reason_lists for reason in reasons or [] if reason.get("metric_id")}
    # sudo: only names of metric types, which every officer of the item's company may read.
    metrics = env["onboarding.performance.metric.type"].sudo().browse(ids).exists()
    return {metric.id: metric.name for metric in metrics}


def reason_text(env, reason, metric_names):
    """One reason as a sentence in the context's language."""
    code = reason["code"]
    _ = env._
    if code == "not_enough":
        return _(
            "Not enough data: %(people)s people had it due, %(min)s are needed.",
            people=reason["people"],
            min=reason["min"],
        )
    if code == "pass_rate":
        return _(
            "Too hard: %(rate)s %% passed (%(passed)s of %(people)s), below the minimum of %(min)s %%.",
            rate=number(reason["rate"]),
            passed=reason["passed"],
            people=reason["people"],
            min=number(reason["min"]),
        )
    if code == "median_days":
        return _(
            "Too long: a median of %(median)s days to complete against %(planned)s planned, more than "
            "%(factor)s times the plan.",
            median=number(reason["median"]),
            planned=reason["planned"],
            factor=number(reason["factor"], 2),
        )
    if code == "stalls":
        return _(
            "Too long: %(share)s %% of the program's stalls started here (%(count)s of %(total)s), from %(min)s %% on.",
            share=number(reason["share"]),
            count=reason["count"],
            total=reason["total"],
            min=number(reason["min"]),
        )
    metric = metric_names.get(reason["metric_id"], "")
    if code == "works":
        return _(
            "Works: on %(metric)s, the %(passed)s people who passed do %(effect)s %% better than the "
            "%(others)s who did not (correlation %(correlation)s).",
            metric=metric,
            passed=reason["passed"],
            others=reason["not_passed"],
            effect=number(reason["effect"]),
            correlation=number(reason["correlation"], 2),
        )
    return _(
        "No measurable effect on %(metric)s: the %(passed)s people who passed and the %(others)s who did not "
        "differ by %(effect)s %%, less than %(threshold)s %%.",
        metric=metric,
        passed=reason["passed"],
        others=reason["not_passed"],
        effect=number(abs(reason["effect"])),
        threshold=number(reason["threshold"]),
    )


def read_session_cohorts(env, sessions, today, since):
    """[{item_id, cohort (start month), held, attended, upcoming, session_date (the most common day)}] of the
    sessions' cohorts whose last session day is `since` or later; held: the day is over or they signed in."""
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            SELECT t.item_id,
                   date_trunc('month', e.start_date)::date AS cohort,
                   COUNT(*) FILTER (WHERE t.signed_in OR t.deadline < %(today)s
                                          OR e.state IN ('passed', 'failed')) AS held,
                   COUNT(*) FILTER (WHERE t.signed_in) AS attended,
                   COUNT(*) FILTER (WHERE t.signed_in IS NOT TRUE AND t.deadline >= %(today)s
                                          AND e.state NOT IN ('passed', 'failed')) AS upcoming,
                   MODE() WITHIN GROUP (ORDER BY t.deadline) AS session_date
              FROM onboarding_task t
              JOIN onboarding_enrollment e ON e.id = t.enrollment_id
             WHERE t.item_id IN %(items)s AND e.state NOT IN ('draft', 'cancelled')
                   -- Credited from an earlier onboarding: the hire was not expected at this session.
                   AND t.credit_source_task_id IS NULL
          GROUP BY t.item_id, cohort
            HAVING MAX(t.deadline) >= %(since)s
          ORDER BY t.item_id, cohort
            """,
            today=today,
            since=since,
            items=tuple(sessions.ids),
        )
    )
    return env.cr.dictfetchall()


def judge(item, numbers, effects):
    """(flag, reasons as JSON-able dicts, best effect or None) of an item from its numbers."""
    company = item.company_id or item.env.company
    min_people = company.onboarding_health_min_people
    if numbers["people"] < min_people:
        return "unknown", [{"code": "not_enough", "people": numbers["people"], "min": min_people}], None
    flags, reasons = set(), []
    min_rate = company.onboarding_health_min_pass_rate
    if judged_hard(item) and numbers["pass_rate"] < min_rate:
        flags.add("too_hard")
        reasons.append(
            {
                "code": "pass_rate",
                "rate": numbers["pass_rate"],
                "passed": numbers["passed"],
                "people": numbers["people"],
                "min": min_rate,
            }
        )
    limit = company.onboarding_health_long_factor * max(numbers["planned_days"], 1)
    if numbers["median_days"] is not None and numbers["median_days"] > limit:
        flags.add("too_long")
        reasons.append(
            {
                "code": "median_days",
                "median": numbers["median_days"],
                "planned": numbers["planned_days"],
                "factor": company.onboarding_health_long_factor,
            }
        )
    min_share = company.onboarding_health_stall_share
    if numbers["program_stalls"] >= MIN_STALLS and numbers["stall_share"] >= min_share:
        flags.add("too_long")
        reasons.append(
            {
                "code": "stalls",
                "share": numbers["stall_share"],
                "count": numbers["stall_count"],
                "total": numbers["program_stalls"],
                "min": min_share,
            }
        )
    best = effect_flags(effects, company, min_people, flags, reasons)
    flag = max(flags, key=FLAG_SEVERITY.get, default="ok")
    return flag, reasons, best


def judged_hard(item):
    """Whether a low pass rate makes an item too hard: exams always; other items when required, as
    leaving an optional item is a choice; never sessions, judged by their attendance per cohort."""
    return item.item_type == "exam" or (item.required and item.item_type != "session")


def effect_flags(effects, company, min_people, flags, reasons):
    """Add "works" or "no_effect" from the metrics measured on enough people; return the best one."""
    measured = [
        effect
        for effect in effects
        if effect["effect"] is not None
        and min(effect["passed"], effect["not_passed"]) >= MIN_EFFECT_GROUP
        and effect["passed"] + effect["not_passed"] >= min_people
    ]
    if not measured:
        return None
    best = max(measured, key=lambda effect: effect["effect"])
    works = company.onboarding_health_works_effect
    works_correlation = company.onboarding_health_works_correlation
    threshold = company.onboarding_health_effect_threshold
    if best["effect"] >= works and best["correlation"] >= works_correlation:
        flags.add("works")
        reasons.append({"code": "works", **best})
    elif all(abs(effect["effect"]) < threshold for effect in measured):
        flags.add("no_effect")
        reasons.extend({"code": "no_effect", "threshold": threshold, **effect} for effect in measured)
    return best
