from datetime import date, datetime, time, timedelta

from freezegun import freeze_time
from pytz import timezone

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import OnboardingCase

WEDNESDAY = date(2030, 1, 2)
SATURDAY = date(2030, 1, 5)
MONDAY = date(2030, 1, 7)


@tagged("post_install", "-at_install")
class TestFirstWorkingDay(OnboardingCase):
    """Enrollments start on the employee's first working day after the company's delay, not on a Sunday."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.onboarding_start_lead_days = 7
        cls.calendar = cls.company.resource_calendar_id
        cls.newcomer = (
            cls.env["hr.employee"]
            .with_context(onboarding_no_auto_enroll=True)
            .create({"name": "Nadia Newcomer", "resource_calendar_id": cls.calendar.id})
        )

    def first_day(self, employee=None):
        employee = employee or self.newcomer
        return employee._onboarding_first_working_days()[employee]

    def public_holiday(self, day):
        tz = timezone(self.calendar.tz or "UTC")
        start = tz.localize(datetime.combine(day, time.min)).astimezone(timezone("UTC")).replace(tzinfo=None)
        return self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "company_id": self.company.id,
                "date_from": start,
                "date_to": start + timedelta(hours=23, minutes=59),
            }
        )

    def test_delay_then_next_working_day(self):
        with freeze_time(WEDNESDAY):
            self.assertEqual(self.first_day(), WEDNESDAY + timedelta(days=7))
        with freeze_time(SATURDAY):
            self.assertEqual(self.first_day(), date(2030, 1, 14), "a week after Saturday is a Saturday: Monday")

    def test_public_holidays_are_skipped(self):
        self.public_holiday(date(2030, 1, 14))
        with freeze_time(MONDAY):
            self.assertEqual(self.first_day(), date(2030, 1, 15))

    def test_the_employee_s_own_schedule(self):
        weekend_shop = self.env["resource.calendar"].create(
            {
                "name": "Tuesday to Saturday",
                "tz": self.calendar.tz,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 17,
                            "day_period": "morning",
                        }
                    )
                    for day in range(1, 6)
                ],
            }
        )
        self.newcomer.resource_calendar_id = weekend_shop
        with freeze_time(SATURDAY):
            self.assertEqual(self.first_day(), date(2030, 1, 12), "Saturday is a working day of this shop")
        with freeze_time(date(2030, 1, 6)):
            self.assertEqual(self.first_day(), date(2030, 1, 15), "Sunday and Monday are not")

    def test_the_company_s_delay(self):
        self.company.onboarding_start_lead_days = 0
        with freeze_time(date(2030, 1, 6)):
            self.assertEqual(self.first_day(), MONDAY)

    def test_auto_enrollment_starts_on_the_first_working_day(self):
        with freeze_time(SATURDAY):
            employee = self.env["hr.employee"].create({"name": "Auto Agent", "job_id": self.job_cs.id})
        self.assertEqual(employee.onboarding_enrollment_ids.start_date, date(2030, 1, 14))

    def test_wizard_shows_the_computed_date_and_lets_hr_change_it(self):
        with freeze_time(SATURDAY):
            wizard = Form(
                self.env["onboarding.enroll.wizard"]
                .with_user(self.officer_user)
                .with_context(active_model="hr.employee", active_ids=self.newcomer.ids)
            )
            self.assertEqual(wizard.start_date, date(2030, 1, 14))
            wizard.program_id = self.program
            wizard.start_date = date(2030, 1, 16)
            wizard.save().action_enroll()
        self.assertEqual(self.newcomer.onboarding_enrollment_ids.start_date, date(2030, 1, 16))


@tagged("post_install", "-at_install")
class TestMoveStartDate(OnboardingCase):
    """HR can move the start date until it comes; the open tasks' deadlines follow."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(cls.day(-10)):
            cls.enrollment = cls.env["onboarding.enrollment"]._enroll(cls.hire, cls.program, start_date=cls.START)

    def deadlines(self):
        return {task.name: (task.deadline, task.available_date) for task in self.enrollment.task_ids}

    def test_officer_moves_the_start_and_deadlines_follow(self):
        with freeze_time(self.day(-10)):
            self.finish(self.task(self.enrollment, "Employee handbook"))
            before = self.deadlines()
            self.assertTrue(self.enrollment.with_user(self.officer_user).can_change_start)
            form = Form(self.enrollment.with_user(self.officer_user))
            form.start_date = self.day(7)
            form.save()
        self.assertEqual(self.enrollment.start_date, self.day(7))
        after = self.deadlines()
        week = timedelta(days=7)
        for name, (deadline, available) in before.items():
            with self.subTest(name):
                if name == "Employee handbook":
                    self.assertEqual(after[name], (deadline, available), "a done task keeps its deadline")
                else:
                    self.assertEqual(after[name], (deadline + week, available + week))
        self.assertTrue(any("Start date moved to" in (m.body or "") for m in self.enrollment.message_ids))

    def test_the_start_cannot_move_once_it_came(self):
        with freeze_time(self.day(0)):
            self.assertFalse(self.enrollment.with_user(self.officer_user).can_change_start)
            before = self.deadlines()
            with self.assertRaisesRegex(UserError, "can no longer change"):
                self.enrollment.with_user(self.officer_user).write({"start_date": self.day(3)})
        self.assertEqual(self.enrollment.start_date, self.START)
        self.assertEqual(self.deadlines(), before)

    def test_the_start_cannot_move_into_the_past(self):
        # assertRaises rolls back what the refused write did before its check.
        with freeze_time(self.day(-5)), self.assertRaises(UserError) as refused:
            self.enrollment.with_user(self.officer_user).write({"start_date": self.day(-6)})
        self.assertIn("cannot move into the past", str(refused.exception))
        self.assertEqual(self.enrollment.start_date, self.START)

    def test_who_may_move_it(self):
        with freeze_time(self.day(-10)):
            for user in (self.mentor_user, self.manager_user, self.hire_user):
                with self.subTest(user=user.name), self.assertRaises(AccessError):
                    self.enrollment.with_user(user).write({"start_date": self.day(7)})
            officers = self.env.ref("onboarding_training.group_onboarding_officer")
            self.hire_user.groups_id = [Command.link(officers.id)]
            with self.assertRaisesRegex(AccessError, "your own onboarding"):
                self.enrollment.with_user(self.hire_user).write({"start_date": self.day(7)})
        self.assertEqual(self.enrollment.start_date, self.START)

    def test_finished_enrollments_keep_their_dates(self):
        self.enrollment.with_user(self.officer_user).action_cancel()
        with freeze_time(self.day(-10)), self.assertRaisesRegex(UserError, "is finished or cancelled"):
            self.enrollment.with_user(self.officer_user).write({"start_date": self.day(7)})
        self.assertEqual(self.enrollment.start_date, self.START)
