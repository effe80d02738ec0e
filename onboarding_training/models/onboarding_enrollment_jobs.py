"""Scheduled jobs of enrollments: opening stages and pausing stalled onboardings (F5)."""

from datetime import timedelta

from odoo import api, fields, models

from ..tools import claim_rows, create_activities, run_job
from .onboarding_program_stage import MAX_OFFSET_DAYS


class OnboardingEnrollment(models.Model):
    _inherit = "onboarding.enrollment"

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------
    def _cron_open_stages(self, batch_size=500):
        enrollments = self.search([("state", "=", "running")], order="id")
        for start in range(0, len(enrollments), batch_size):
            enrollments[start : start + batch_size]._refresh_locks()
            self.env["ir.cron"]._notify_progress(
                done=min(start + batch_size, len(enrollments)), remaining=max(len(enrollments) - start - batch_size, 0)
            )

    def _cron_detect_stalls(self):
        """Pause running enrollments without progress for N working days while a task is due (F5)."""
        today = fields.Date.context_today(self)
        candidates = self.search(
            [
                ("state", "=", "running"),
                (
                    "task_ids",
                    "any",
                    [("state", "in", ("todo", "rejected")), ("required", "=", True), ("deadline", "<=", today)],
                ),
            ]
        )
        return run_job(
            self.env,
            "onboarding_training.ir_cron_onboarding_detect_stalls",
            lambda: candidates._detect_stalls(today),
            self.browse(),
        )

    def _detect_stalls(self, today):
        thresholds = {}
        stalled = self.browse()
        for enrollment in self:
            calendar = enrollment.employee_id.resource_calendar_id or enrollment.company_id.resource_calendar_id
            key = (calendar, enrollment.company_id)
            if key not in thresholds:
                thresholds[key] = self._working_days_before(
                    calendar, today, enrollment.company_id.onboarding_stall_days
                )
            if (enrollment.last_progress_date or enrollment.start_date) < thresholds[key]:
                stalled |= enrollment
        # Another worker may be handling some of them: claim, then re-check under the lock.
        stalled = claim_rows(stalled).filtered(lambda e: e.state == "running")
        stalled._pause_for_stall(today)
        return stalled

    @api.model
    def _working_days_before(self, calendar, today, count):
        """The day such that `count` full working days lie between it and today."""
        workdays = {int(d) for d in calendar.attendance_ids.mapped("dayofweek")} or {0, 1, 2, 3, 4}
        holidays = {
            leave.date_from.date()
            for leave in calendar.global_leave_ids
            if leave.date_from.date() == leave.date_to.date()
        }
        day, found = today, 0
        for _step in range(MAX_OFFSET_DAYS):
            if found >= count:
                break
            day -= timedelta(days=1)
            if day.weekday() in workdays and day not in holidays:
                found += 1
        return day

    def _pause_for_stall(self, today):
        if not self:
            return
        # sudo: scheduled job acting for the company.
        # No tracking message per enrollment: the follow-up activity below tells the story, in one batch.
        self.sudo().with_context(tracking_disable=True).write({"state": "paused", "stalled_since": today})
        activity_type = self.env.ref("onboarding_training.mail_activity_type_follow_up")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        # Read for every mentor at once: a union of two users would fetch each of them on its own.
        internal_mentors = self.mentor_id.user_id.filtered(lambda u: not u.share)
        for enrollment in self:
            mentor = enrollment.mentor_id.user_id & internal_mentors
            users = (mentor | enrollment._first_user_up(enrollment.manager_id)) or enrollment.hr_responsible_id
            for user in users:
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": enrollment.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "date_deadline": today,
                        "summary": self.env._(
                            "Follow up: %(employee)s is stalled", employee=enrollment.employee_id.name
                        ),
                    }
                )
        # The follow-ups show in each user's activities, in one batch however many mentors and managers.
        create_activities(self, vals_list)
