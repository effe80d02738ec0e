from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from odoo.addons.onboarding_training.tests.query_counting import QueryCounting

from .common import GateFixtures


@tagged("post_install", "-at_install")
class TestMissedCheckins(GateFixtures, QueryCounting, TransactionCase):
    """Week 1 (start + 1 .. start + 7) requires a daily check-in; employees work 8-17 in Shanghai (UTC+8)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gate()
        cls.other_enrollment = cls.enroll(cls.other)
        cls.finish_preboarding(cls.enrollment)
        cls.finish_preboarding(cls.other_enrollment)
        cls.Miss = cls.env["onboarding.attendance.miss"]
        # Oscar is on leave on Tuesday (start + 1), local time.
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Oscar's leave",
                "resource_id": cls.other.resource_id.id,
                "calendar_id": cls.other.resource_calendar_id.id,
                "date_from": cls.utc(1, -8),
                "date_to": cls.utc(1, 15, 59),
            }
        )

    def misses(self, employee):
        return self.Miss.search([("employee_id", "=", employee.id)])

    def record(self, job=None, **kwargs):
        """Run the job; keep what it recorded for this test's employees (demo data may have others)."""
        misses = (job or self.Miss._record_missed_checkins)(**kwargs)
        return misses.filtered(lambda m: m.employee_id in self.hire | self.other)

    def test_job_across_time_zone_and_idempotent(self):
        # Tuesday 23:30 UTC is Wednesday 07:30 in Shanghai: the check-in counts for Wednesday.
        with freeze_time(self.utc(2, 0)):
            self.env["hr.attendance"].create(
                {"employee_id": self.hire.id, "check_in": self.utc(1, 23, 30), "check_out": self.utc(2, 0)}
            )
        # Wednesday 10:00 in Shanghai: Wednesday's working day is not over yet.
        with freeze_time(self.utc(2, 2)):
            created = self.record()
        self.assertEqual(created.mapped("date"), [self.day(1)])
        self.assertEqual(created.employee_id, self.hire, "Oscar was on leave on Tuesday")
        self.assertEqual(created.enrollment_id, self.enrollment)
        # Wednesday 20:00 in Shanghai: the day is over; Henry checked in, Oscar did not.
        with freeze_time(self.utc(2, 12)):
            created = self.record(self.Miss._cron_record_missed_checkins)
            self.assertEqual(created.employee_id, self.other)
            self.assertEqual(created.mapped("date"), [self.day(2)])
            # Twice, or again over a past range: nothing new.
            self.assertFalse(self.record(self.Miss._cron_record_missed_checkins))
            self.assertFalse(self.record(date_from=self.day(-10), date_to=self.day(3)))
        self.assertEqual(self.misses(self.hire).mapped("date"), [self.day(1)])
        self.assertEqual(self.misses(self.other).mapped("date"), [self.day(2)])

    def test_no_miss_outside_daily_stage(self):
        # Monday (start day) belongs to Day 1, which has no daily check-in duty.
        with freeze_time(self.utc(0, 12)):
            self.assertFalse(self.record())

    def test_hire_without_login_is_reminded_by_email(self):
        employee = self.env["hr.employee"].create({"name": "No Login", "work_email": "no.login@example.com"})
        miss = self.env["onboarding.attendance.miss"].sudo().create({"employee_id": employee.id, "date": self.day(1)})
        miss._remind_employees()
        mail = self.env["mail.mail"].sudo().search([("model", "=", miss._name), ("res_id", "=", miss.id)])
        self.assertEqual(mail.recipient_ids, employee.work_contact_id)
        self.assertIn("No check-in on", mail.subject)
        self.assertFalse(miss.activity_ids)

    def test_reminder_and_justification(self):
        with freeze_time(self.utc(1, 12)):
            miss = self.record().filtered(lambda m: m.employee_id == self.hire)
        self.assertEqual(len(miss), 1)
        activity = miss.activity_ids
        self.assertEqual(activity.user_id, self.hire_user, "the employee is reminded the same day")
        self.assertEqual(activity.date_deadline, self.day(1))
        # The employee sees their own miss, not Oscar's; Oscar sees nothing of Henry's.
        self.assertEqual(self.Miss.with_user(self.hire_user).search([]), miss)
        self.assertFalse(self.Miss.with_user(self.other_user).search([("employee_id", "=", self.hire.id)]))
        self.assertEqual(self.Miss.with_user(self.manager_user).search([]), miss)
        with self.assertRaises(AccessError):
            miss.with_user(self.hire_user).action_justify("I was there")
        with self.assertRaises(AccessError):
            miss.with_user(self.manager_user).action_open_justify_wizard()
        with self.assertRaises(UserError):
            miss.with_user(self.officer_user).action_justify("  ")
        action = miss.with_user(self.officer_user).action_open_justify_wizard()
        wizard_form = Form(self.env[action["res_model"]].with_user(self.officer_user).with_context(**action["context"]))
        wizard_form.reason = "Badge reader broken, confirmed by the manager"
        wizard_form.save().action_justify()
        self.assertTrue(miss.justified)
        self.assertEqual(miss.justified_by_id, self.officer_user)
        self.assertFalse(miss.activity_ids, "justifying settles the reminder")
        trail = (
            self.env["onboarding.audit.log"].sudo().search([("res_model", "=", miss._name), ("res_id", "=", miss.id)])
        )
        self.assertEqual(trail.event, "justification")
        # Employees cannot make or change misses themselves.
        with self.assertRaises(AccessError):
            miss.with_user(self.hire_user).write({"date": self.day(3)})
        with self.assertRaises(AccessError):
            self.Miss.with_user(self.hire_user).create({"employee_id": self.hire.id, "date": self.day(4)})

    def test_second_run_cost_is_flat(self):
        with freeze_time(self.utc(2, 12)):
            self.Miss._record_missed_checkins()
            # Measured against itself rather than a fixed number: whatever else the database holds
            # (demo hires on other schedules) costs the same in both runs.
            small = self.count_queries(self.Miss._record_missed_checkins)
            Employee = self.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
            crowd = Employee.create([{"name": f"Crowd {n}", "tz": "Asia/Shanghai"} for n in range(18)])
            self.enroll(crowd)
            self.Miss._record_missed_checkins()
            self.assertEqual(self.count_queries(self.Miss._record_missed_checkins), small)

    def test_recording_and_reminding_cost_is_flat(self):
        """Recording misses and reminding the hires costs the same for 2 hires as for 20.

        Half of each crowd has a login (reminded by an activity), half only an email address.
        """
        Employee = self.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)

        def crowd(size, tag):
            users = {
                n: new_test_user(self.env, f"{tag.lower()}_{n}", groups="base.group_user").id for n in range(1, size, 2)
            }
            employees = Employee.create(
                [
                    {
                        "name": f"{tag} {n}",
                        "tz": "Asia/Shanghai",
                        "work_email": f"{tag.lower()}.{n}@example.com",
                        "user_id": users.get(n, False),
                    }
                    for n in range(size)
                ]
            )
            self.enroll(employees)
            return employees

        with freeze_time(self.utc(2, 12)):
            # A first run fills the registry's caches, which a live server has warm.
            crowd(2, "Warm")
            self.Miss._record_missed_checkins()
            crowd(2, "Small")
            small_count = self.count_queries(self.Miss._record_missed_checkins)
            crowd(20, "Large")
            recorded = []
            large_count = self.count_queries(lambda: recorded.append(self.Miss._record_missed_checkins()))
        misses = recorded[0]
        self.assertEqual(len(misses), 40, "two working days each for the 20 newcomers")
        self.assertEqual(len(misses.activity_ids), 20, "the ten with a login get an activity per day")
        mails = self.env["mail.mail"].sudo().search([("model", "=", self.Miss._name), ("res_id", "in", misses.ids)])
        self.assertEqual(len(mails), 20, "the ten without a login get an email per day")
        self.assertTrue(all(mail.reply_to for mail in mails))
        for miss in misses.activity_ids.mapped(lambda activity: self.Miss.browse(activity.res_id)):
            self.assertEqual(
                miss.message_partner_ids, miss.employee_id.user_id.partner_id, "they follow their own misses"
            )
        self.assertEqual(large_count, small_count)
