from freezegun import freeze_time

from odoo.tests import tagged

from .common import OnboardingCase


@tagged("post_install", "-at_install")
class TestScheduledJobs(OnboardingCase):
    def _follow_ups(self, enrollment):
        activity_type = self.env.ref("onboarding_training.mail_activity_type_follow_up")
        return enrollment.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def test_stall_pauses_once_and_progress_resumes(self):
        with freeze_time(self.day(-10)):
            enrollment = self.enroll()
        # Pre-boarding is due at day -3 (a Thursday); by day 0 (Monday) no progress for the
        # working days of day -9 .. -1: stalled.
        Enrollment = self.env["onboarding.enrollment"]
        with freeze_time(self.day(0)):
            stalled = Enrollment._cron_detect_stalls()
            self.assertIn(enrollment, stalled)
            self.assertEqual(enrollment.state, "paused")
            follow_ups = self._follow_ups(enrollment)
            self.assertEqual(follow_ups.user_id, self.mentor_user | self.manager_user)
            Enrollment._cron_detect_stalls()
            self.assertEqual(len(self._follow_ups(enrollment)), 2, "never twice for the same stall")
            self.finish(self.task(enrollment, "Employee handbook"))
        self.assertEqual(enrollment.state, "running")
        self.assertFalse(enrollment.stalled_since)
        self.assertFalse(self._follow_ups(enrollment), "follow-ups are closed when progress resumes")

    def test_no_stall_within_allowed_working_days(self):
        with freeze_time(self.day(-10)):
            enrollment = self.enroll()
        # Friday day -3 was the deadline; Monday's check sees only Friday as a full working day.
        with freeze_time(self.day(-4)):
            self.finish(self.task(enrollment, "Employee handbook"))
        Enrollment = self.env["onboarding.enrollment"]
        with freeze_time(self.day(-1)):  # Sunday: Friday only, weekend does not count
            self.assertNotIn(enrollment, Enrollment._cron_detect_stalls())
        with freeze_time(self.day(0)):
            self.assertNotIn(enrollment, Enrollment._cron_detect_stalls())
        with freeze_time(self.day(1)):
            self.assertIn(enrollment, Enrollment._cron_detect_stalls())

    def test_no_stall_without_a_due_task(self):
        with freeze_time(self.day(-10)):
            enrollment = self.enroll()
            self.assertNotIn(enrollment, self.env["onboarding.enrollment"]._cron_detect_stalls())

    def test_reminder_digest_once_a_day_then_escalation(self):
        with freeze_time(self.day(1)):
            enrollments = self.enroll(self.hire | self.other)
            enrollments._refresh_locks()
            basics = enrollments.task_ids.filtered(lambda t: t.name == "Basic: back office")
            for task in basics:
                self.attach(task, user=task.employee_id.user_id)
                task.with_user(task.employee_id.user_id).action_submit()
        Task = self.env["onboarding.task"]

        def run():
            reminded, escalated = Task._cron_remind_confirmations()
            return reminded & basics, escalated & basics

        with freeze_time(self.day(2)):
            reminded, escalated = run()
            self.assertFalse(reminded, "one day to confirm")
        with freeze_time(self.day(3)):
            before = self.env["mail.message"].search_count([("partner_ids", "in", self.mentor_user.partner_id.ids)])
            reminded, escalated = run()
            self.assertEqual(reminded, basics)
            self.assertFalse(escalated)
            after = self.env["mail.message"].search_count([("partner_ids", "in", self.mentor_user.partner_id.ids)])
            self.assertEqual(after - before, 1, "one digest for both tasks")
            reminded, escalated = run()
            self.assertFalse(reminded, "never twice the same day")
        with freeze_time(self.day(6)):
            before = self.env["mail.message"].search_count([("partner_ids", "in", self.manager_user.partner_id.ids)])
            reminded, escalated = run()
            self.assertEqual(escalated, basics)
            after = self.env["mail.message"].search_count([("partner_ids", "in", self.manager_user.partner_id.ids)])
            self.assertEqual(after - before, 1, "the mentor's manager hears about it once")
        with freeze_time(self.day(7)):
            reminded, escalated = run()
            self.assertEqual(reminded, basics)
            self.assertFalse(escalated)
