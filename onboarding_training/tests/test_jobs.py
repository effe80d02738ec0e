from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import OnboardingCase
from .query_counting import QueryCounting

# Odoo's own inserts for one message to one person, and the lookup of their preferences.
QUERIES_PER_DIGEST = 8


@tagged("post_install", "-at_install")
class TestScheduledJobs(QueryCounting, OnboardingCase):
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

    def _crowd(self, size, tag, start=None):
        """`size` hires enrolled from `start`, each with a login and a mentor of their own."""
        Employee = self.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        groups = "base.group_user,onboarding_training.group_onboarding_user"
        mentors = Employee.create(
            [
                {
                    "name": f"{tag} mentor {n}",
                    "parent_id": self.manager.id,
                    "user_id": new_test_user(self.env, f"{tag}_mentor_{n}", groups=groups).id,
                }
                for n in range(size)
            ]
        )
        hires = Employee.create(
            [
                {
                    "name": f"{tag} hire {n}",
                    "coach_id": mentor.id,
                    "parent_id": self.manager.id,
                    "user_id": new_test_user(self.env, f"{tag}_hire_{n}", groups="base.group_user").id,
                }
                for n, mentor in enumerate(mentors)
            ]
        )
        return self.enroll(hires, start=start)

    def test_stall_cost_is_flat(self):
        """Pausing 2 stalled enrollments or 20 costs the same, each hire with a mentor of their own."""
        Enrollment = self.env["onboarding.enrollment"]
        with freeze_time(self.day(-10)):
            warm, two, twenty = self._crowd(1, "warm"), self._crowd(2, "two"), self._crowd(20, "twenty")
        with freeze_time(self.day(0)):
            # A first run fills the registry's caches, which a live server has warm.
            (two | twenty).write({"state": "draft"})
            Enrollment._cron_detect_stalls()
            two.write({"state": "running"})
            cost_two = self.count_queries(Enrollment._cron_detect_stalls)
            twenty.write({"state": "running"})
            self.assertEqual(self.count_queries(Enrollment._cron_detect_stalls), cost_two)
        self.assertEqual(set((warm | two | twenty).mapped("state")), {"paused"})
        for enrollment in twenty:
            follow_ups = self._follow_ups(enrollment)
            self.assertEqual(follow_ups.user_id, enrollment.mentor_id.user_id | self.manager_user)
            self.assertLessEqual(follow_ups.user_id.partner_id, enrollment.message_partner_ids, "they follow it")

    def test_reminder_cost_per_digest(self):
        """Reminding mentors costs a fixed number of queries per digest, whatever else is overdue.

        Each digest is one message to one person: Odoo inserts the message, its recipient, its
        notification and the queued email, and looks up the recipient's preferences. Everything
        else (sender, reply-to, the tasks, their people) is read once for the batch.
        """
        Task = self.env["onboarding.task"]
        with freeze_time(self.day(1)):
            crowds = self._crowd(1, "warm"), self._crowd(2, "two"), self._crowd(20, "twenty")
            for enrollments in crowds:
                enrollments._refresh_locks()
                for task in enrollments.task_ids.filtered(lambda t: t.name == "Basic: back office"):
                    self.attach(task, user=task.employee_id.user_id)
                    task.with_user(task.employee_id.user_id).action_submit()
        _warm, two, twenty = (crowd.task_ids.filtered(lambda t: t.state == "submitted") for crowd in crowds)
        with freeze_time(self.day(3)):
            # A first run fills the registry's caches, which a live server has warm.
            (two | twenty).write({"last_reminder_date": self.day(3)})
            Task._cron_remind_confirmations()
            two.write({"last_reminder_date": False})
            cost_two = self.count_queries(Task._cron_remind_confirmations)
            twenty.write({"last_reminder_date": False})
            cost_twenty = self.count_queries(Task._cron_remind_confirmations)
        self.assertEqual(len(twenty.responsible_user_id), 20)
        self.assertEqual(cost_twenty - cost_two, (20 - 2) * QUERIES_PER_DIGEST)
        mentors = twenty.responsible_user_id.partner_id
        mails = self.env["mail.mail"].sudo().search([("recipient_ids", "in", mentors.ids)])
        self.assertEqual(len(mails), 20, "one digest each")
        self.assertEqual(set(mails.mapped("state")), {"outgoing"}, "queued for the mail server, not sent by the job")
