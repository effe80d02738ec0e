from datetime import date, datetime, time, timedelta

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


def at(day, hour=9):
    return datetime.combine(day, time(hour))


class AnalyticsCase(TransactionCase):
    """A shop with HR, a manager, a mentor and a 30-day program of four required items.

    Orientation (session, day 0, HR), Back office (task to confirm, day 7, mentor),
    Chat etiquette (task, day 7, mentor), Theory exam (exam, opens day 8, due day 30, manager).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.company = cls.env.company
        cls.officer_user = new_test_user(
            cls.env, "ta_officer", groups="onboarding_training.group_onboarding_officer", name="Olga Officer"
        )
        cls.admin_user = new_test_user(
            cls.env,
            "ta_admin",
            groups="onboarding_training.group_onboarding_manager",
            name="Adam Admin",
            email="adam.admin@example.com",
        )
        cls.manager_user = new_test_user(
            cls.env, "ta_manager", groups="onboarding_training.group_onboarding_user", name="Max Manager"
        )
        cls.mentor_user = new_test_user(
            cls.env, "ta_mentor", groups="onboarding_training.group_onboarding_user", name="Mei Mentor"
        )
        cls.hire_user = new_test_user(cls.env, "ta_hire", groups="base.group_user", name="Hugo Hire")
        cls.Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.manager = cls.Employee.create({"name": "Max Manager", "user_id": cls.manager_user.id})
        cls.mentor = cls.Employee.create(
            {"name": "Mei Mentor", "user_id": cls.mentor_user.id, "parent_id": cls.manager.id}
        )
        cls.dept_cs = cls.env["hr.department"].create({"name": "Customer Service"})
        cls.dept_ops = cls.env["hr.department"].create({"name": "Operations"})
        cls.program = cls.env["onboarding.program"].create(
            {
                "name": "CS – 30 days",
                "auto_enroll": False,
                "hr_responsible_id": cls.officer_user.id,
                "pass_score": 60,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Day 1",
                            "sequence": 10,
                            "start_offset_days": 0,
                            "deadline_offset_days": 0,
                            "responsible_role": "hr",
                            "item_ids": [Command.create({"name": "Orientation", "item_type": "session"})],
                        }
                    ),
                    Command.create(
                        {
                            "name": "Week 1",
                            "sequence": 20,
                            "start_offset_days": 1,
                            "deadline_offset_days": 7,
                            "responsible_role": "mentor",
                            "item_ids": [
                                Command.create(
                                    {
                                        "name": "Back office",
                                        "item_type": "task",
                                        "sequence": 1,
                                        "confirmation_required": True,
                                    }
                                ),
                                Command.create({"name": "Chat etiquette", "item_type": "task", "sequence": 2}),
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "name": "Month 1",
                            "sequence": 30,
                            "start_offset_days": 8,
                            "deadline_offset_days": 30,
                            "responsible_role": "manager",
                            "item_ids": [Command.create({"name": "Theory exam", "item_type": "exam"})],
                        }
                    ),
                ],
            }
        )
        items = cls.program.stage_ids.item_ids
        cls.item_o, cls.item_b, cls.item_c, cls.item_e = (
            items.filtered(lambda i, n=name: i.name == n)
            for name in ("Orientation", "Back office", "Chat etiquette", "Theory exam")
        )

    @classmethod
    def _hire(cls, count, prefix, start, department=None, **values):
        employees = cls.Employee.create(
            [
                {
                    "name": f"{prefix}{index}",
                    "department_id": department and department.id,
                    "parent_id": cls.manager.id,
                    "coach_id": cls.mentor.id,
                    **values,
                }
                for index in range(count)
            ]
        )
        enrollments = cls.env["onboarding.enrollment"]._enroll(employees, cls.program, start_date=start)
        return enrollments.sorted(lambda e: e.employee_id.name)

    @classmethod
    def _tasks(cls, enrollments, item):
        return enrollments.task_ids.filtered(lambda t: t.item_id in item)

    @classmethod
    def _done(cls, tasks, when, **values):
        tasks.sudo().write({"state": "done", "submitted_date": when, "done_date": when, **values})


class SeededCohortCase(AnalyticsCase):
    """Two cohorts with answers worked out by hand.

    Cohort A starts 200 days ago in Customer Service: 10 hires a0..a9.
      a0-a6 did everything and passed, converted after 30, 32, 35, 40, 41, 45, 60 days;
      a5 and a6 took the exam 3 days late; a0 left after 91 days (not attrition).
      a7 did Orientation, Back office and the exam (score 40) and failed.
      a8, a9 did Orientation and Back office and failed; they left after 20 and 90 days.
      Everyone but a9 signed in to Orientation.
    Cohort B starts 150 days ago in Operations: 4 hires b0..b3.
      b0, b1 did everything and passed, converted after 20 and 25 days;
      b2, b3 did Orientation and Back office and failed. All signed in.
    Back office confirmations took 1..10, 20, 30, 40 and 50 hours (a0..a9, b0..b3).
    """

    START_A = date.today() - timedelta(days=200)
    START_B = date.today() - timedelta(days=150)
    CONVERSION_DAYS_A = (30, 32, 35, 40, 41, 45, 60)
    CONVERSION_DAYS_B = (20, 25)
    EXAM_SCORES = (80, 85, 90, 70, 75, 95, 60, 40)  # a0..a7
    EXAM_SCORES_B = (88, 92)  # b0, b1
    LATENCY_HOURS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cohort_a = cls._hire(10, "a", cls.START_A, cls.dept_cs)
        cls.cohort_b = cls._hire(4, "b", cls.START_B, cls.dept_ops)
        cls._seed_cohort(cls.cohort_a, cls.START_A, passed=7, exam_takers=8, late_exams=cls.cohort_a[5:7])
        cls._seed_cohort(cls.cohort_b, cls.START_B, passed=2, exam_takers=2, late_exams=cls.cohort_b.browse())
        cls._tasks(cls.cohort_a[:9] | cls.cohort_b, cls.item_o).sudo().write({"signed_in": True})
        for enrollment, score in zip(
            cls.cohort_a[:8] | cls.cohort_b[:2], cls.EXAM_SCORES + cls.EXAM_SCORES_B, strict=True
        ):
            cls._tasks(enrollment, cls.item_e).sudo().write({"score": score})
        for enrollment, days in zip(
            cls.cohort_a[:7] | cls.cohort_b[:2], cls.CONVERSION_DAYS_A + cls.CONVERSION_DAYS_B, strict=True
        ):
            enrollment.sudo().write({"conversion_date": enrollment.start_date + timedelta(days=days)})
        for enrollment, hours in zip(cls.cohort_a | cls.cohort_b, cls.LATENCY_HOURS, strict=True):
            submitted = at(enrollment.start_date + timedelta(days=5), hour=8)
            cls._tasks(enrollment, cls.item_b).sudo().write(
                {"submitted_date": submitted, "done_date": submitted + timedelta(hours=hours)}
            )
        for enrollment, days in zip(cls.cohort_a[0] | cls.cohort_a[8] | cls.cohort_a[9], (91, 20, 90), strict=True):
            enrollment.employee_id.departure_date = enrollment.start_date + timedelta(days=days)
        cls.env.flush_all()

    @classmethod
    def _seed_cohort(cls, enrollments, start, passed, exam_takers, late_exams):
        cls._done(cls._tasks(enrollments, cls.item_o), at(start))
        cls._done(cls._tasks(enrollments, cls.item_b), at(start + timedelta(days=5)))
        cls._done(cls._tasks(enrollments[:passed], cls.item_c), at(start + timedelta(days=6)))
        on_time = enrollments[:exam_takers] - late_exams
        cls._done(cls._tasks(on_time, cls.item_e), at(start + timedelta(days=30)))
        cls._done(cls._tasks(late_exams, cls.item_e), at(start + timedelta(days=33)))
        enrollments[:passed].sudo().write({"state": "passed"})
        enrollments[passed:].sudo().write({"state": "failed"})
