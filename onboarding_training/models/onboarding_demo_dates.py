"""The dates of the demo's history: bookkeeping columns moved to the day and hour of the schedule.

Actions take their time from the clock, so the history's steps all happened while the demo loaded; here one
SQL statement per table gives each step its own day and hour back. Only columns that record when something
happened are touched; what happened (states, scores, results, who confirmed) stays as the actions wrote it.
The jobs that look at the calendar run afterwards, on the dated history.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class OnboardingDemo(models.AbstractModel):
    _inherit = "onboarding.demo"

    # ------------------------------------------------------------------
    # Dates
    # ------------------------------------------------------------------
    @api.model
    def _demo_backdate(self, shop, plan, stamps):
        """Move the bookkeeping columns the actions dated now to the schedule's day and hour, one table at a time.

        Only columns that record when something happened are touched; what happened (states, scores,
        results, who confirmed) stays as the actions wrote it.
        """
        cr = self.env.cr
        task_rows = [(task_id, d.get("submitted"), d.get("done")) for task_id, d in stamps.tasks.items()]
        if task_rows:
            # A task that is not done keeps no done date; one still waiting keeps no confirmation date either.
            cr.execute(
                SQL(
                    """
                    UPDATE onboarding_task t
                       SET submitted_date = CASE WHEN t.submitted_date IS NULL THEN NULL
                                                 ELSE COALESCE(v.submitted, v.done, t.submitted_date) END,
                           done_date = CASE WHEN t.done_date IS NULL THEN NULL ELSE COALESCE(v.done, t.done_date) END
                      FROM (VALUES %s) AS v(id, submitted, done)
                     WHERE t.id = v.id
                    """,
                    SQL(", ").join(SQL("(%s, %s::timestamp, %s::timestamp)", *row) for row in task_rows),
                )
            )
        if stamps.exams:
            cr.execute(
                SQL(
                    """
                    UPDATE survey_user_input i
                       SET create_date = v.taken, write_date = v.taken,
                           start_datetime = v.taken - interval '20 minutes', end_datetime = v.taken
                      FROM (VALUES %s) AS v(id, taken)
                     WHERE i.id = v.id
                    """,
                    SQL(", ").join(SQL("(%s, %s::timestamp)", *row) for row in stamps.exams.items()),
                )
            )
        self._demo_backdate_enrollments(plan, stamps)
        self.env.invalidate_all()
        tasks = self.env["onboarding.task"].browse(list(stamps.tasks))
        self.env.add_to_compute(tasks._fields["confirm_due_date"], tasks)
        tasks.flush_recordset(["confirm_due_date"])

    @api.model
    def _demo_backdate_enrollments(self, plan, stamps):
        """Practical score and conversion on their day; the last day of progress from the dated tasks.

        An enrollment without progress keeps the day HR created the hire, ten days before the start.
        """
        rows = []
        for hire in plan:
            dates = stamps.enrollments.get(hire.enrollment.id, {})
            created = min(hire.start - timedelta(days=10), hire.cutoff.date() - timedelta(days=1))
            rows.append(
                (
                    hire.enrollment.id,
                    dates.get("practical") and fields.Date.context_today(self, dates["practical"]),
                    dates.get("assessed") and fields.Date.context_today(self, dates["assessed"]),
                    created,
                )
            )
        self.env.cr.execute(
            SQL(
                """
                UPDATE onboarding_enrollment e
                   SET practical_score_date = CASE WHEN e.practical_score_date IS NULL THEN NULL
                                                   ELSE COALESCE(v.practical, e.practical_score_date) END,
                       conversion_date = CASE WHEN e.conversion_date IS NULL THEN NULL
                                              ELSE COALESCE(v.assessed, e.conversion_date) END,
                       last_progress_date = GREATEST(
                           v.created,
                           (SELECT MAX(GREATEST(t.submitted_date, t.done_date) AT TIME ZONE 'UTC' AT TIME ZONE %s)::date
                              FROM onboarding_task t WHERE t.enrollment_id = e.id)
                       )
                  FROM (VALUES %s) AS v(id, practical, assessed, created)
                 WHERE e.id = v.id
                """,
                self.env.context.get("tz") or "UTC",
                SQL(", ").join(SQL("(%s, %s::date, %s::date, %s::date)", *row) for row in rows),
            )
        )

    @api.model
    def _demo_replay_jobs(self, shop, plan):
        """The nightly jobs that look at the calendar, as they ran each of the last two weeks' days up to yesterday.

        Today's run comes with the scheduler, like everything of today: stall detection, then the reminders of
        overdue confirmations (the last night's only, each responsible gets one digest).
        """
        Enrollment = self.env["onboarding.enrollment"]
        enrollments = Enrollment.concat(*(hire.enrollment for hire in plan))
        for offset in range(14, 0, -1):
            day = shop.today - timedelta(days=offset)
            candidates = enrollments.filtered(
                lambda e, day=day: (
                    e.state == "running"
                    and any(t.required and t.state in ("todo", "rejected") and t.deadline <= day for t in e.task_ids)
                )
            )
            candidates._detect_stalls(day)
        yesterday = shop.today - timedelta(days=1)
        overdue = self.env["onboarding.task"].search(
            [
                ("enrollment_id", "in", enrollments.ids),
                ("state", "=", "submitted"),
                ("confirm_due_date", "<", yesterday),
                ("responsible_user_id", "!=", False),
            ]
        )
        overdue._remind_confirmations(yesterday)
