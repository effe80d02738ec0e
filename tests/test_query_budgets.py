"""Exact query budgets of the hot paths, measured on the full product (all four addons installed)."""

from datetime import date, timedelta

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.onboarding_slides.tests.common import CourseWorld
from odoo.addons.onboarding_training.tests.query_counting import QueryCounting


@tagged("post_install", "-at_install")
class TestQueryBudgets(QueryCounting, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job = cls.env["hr.job"].create({"name": "Budget agent"})
        cls.department = cls.env["hr.department"].create({"name": "Budget department"})
        cls.program = cls.env["onboarding.program"].create(
            {
                "name": "Budget program",
                "job_ids": [Command.set(cls.job.ids)],
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Stage",
                            "start_offset_days": -7,
                            "deadline_offset_days": 7,
                            "item_ids": [Command.create({"name": f"Item {i}"}) for i in range(6)],
                        }
                    )
                ],
            }
        )
        cls.env["onboarding.program"].create(
            {"name": "Department program", "department_ids": [Command.set(cls.department.ids)]}
        )
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.batches = {n: Employee.create([{"name": f"Budget {n}-{i}"} for i in range(n)]) for n in (1, 2, 50)}
        cls.start = date.today() + timedelta(days=7)
        cls.hand_in_program = cls.env["onboarding.program"].create(
            {
                "name": "Hand-in program",
                "auto_enroll": False,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Stage",
                            "deadline_offset_days": 7,
                            "responsible_role": "mentor",
                            "item_ids": [Command.create({"name": "Hand in", "confirmation_required": True})],
                        }
                    )
                ],
            }
        )
        cls.officer = new_test_user(
            cls.env, "budget_officer", groups="base.group_user,onboarding_training.group_onboarding_officer"
        )

    def _hand_in_tasks(self, count, tag):
        """Open tasks waiting for confirmation, each of another hire with another mentor."""
        mentors = [new_test_user(self.env, f"{tag}_budget_mentor_{i}", groups="base.group_user") for i in range(count)]
        Employee = self.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        coaches = Employee.create([{"name": user.name, "user_id": user.id} for user in mentors])
        hires = Employee.create([{"name": f"{tag} hire {i}", "coach_id": coach.id} for i, coach in enumerate(coaches)])
        enrollments = self.env["onboarding.enrollment"]._enroll(hires, self.hand_in_program, start_date=self.start)
        # By their ids, as an RPC call gets them: the enrollments' cache is gone when the count starts.
        return self.env["onboarding.task"].with_user(self.officer).browse(enrollments.task_ids.ids)

    def test_enrollment_budget(self):
        enroll = self.env["onboarding.enrollment"]._enroll
        self.count_queries(enroll, self.batches[1], self.program, start_date=self.start)
        two = self.count_queries(enroll, self.batches[2], self.program, start_date=self.start)
        fifty = self.count_queries(enroll, self.batches[50], self.program, start_date=self.start)
        self.assertEqual(two, ENROLL_QUERIES)
        self.assertEqual(fifty - self.insert_batches(300) + self.insert_batches(12), ENROLL_QUERIES)

    def test_auto_enrollment_budget(self):
        self.auto_enroll_extra(self.job, 1, "w")
        self.assertEqual(self.auto_enroll_extra(self.job, 2, "a"), AUTO_ENROLL_EXTRA_QUERIES)
        fifty = self.auto_enroll_extra(self.job, 50, "b")
        self.assertEqual(fifty - self.insert_batches(300) + self.insert_batches(12), AUTO_ENROLL_EXTRA_QUERIES)

    def test_hand_in_budget(self):
        """Handing in, with one confirmation activity per task for its mentor, whatever their number."""
        warm, two, fifty = (self._hand_in_tasks(n, tag) for n, tag in ((1, "w"), (2, "a"), (50, "b")))
        # A first hand-in fills the registry's caches (which creating users empties), as a live server has them.
        self.count_queries(warm.action_submit)
        self.assertEqual(self.count_queries(two.action_submit), HAND_IN_QUERIES)
        self.assertEqual(self.count_queries(fifty.action_submit), HAND_IN_QUERIES)


# 19, + 1 for the prior learning to credit: the hires' recent done tasks, all in one search. A program
# without audience rules reads nothing more; one with them reads the hires' audience fields once.
ENROLL_QUERIES = 20
# 17 + 3 for the start date on the employee's first working day, once per schedule and day whatever the
# number of employees: the schedule's attendances in the window (search, then read) and its public holidays.
AUTO_ENROLL_EXTRA_QUERIES = 20
# 20 for the lock, the checks, the state write and the progress bookkeeping, + 10 for the reviewers'
# confirmation activities in one batch: the open ones looked up, the followers and their subtypes inserted
# at once, the activities created; the same for 2 tasks and mentors as for 50.
HAND_IN_QUERIES = 30


@tagged("post_install", "-at_install")
class TestCourseCompletionBudget(QueryCounting, CourseWorld, TransactionCase):
    """onboarding_slides: a course completion in eLearning moves the hire's open tasks of that course."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_course_world()

    def test_completion_hook_budget(self):
        warm, two, twenty = self.scenarios()
        self.hook_queries(*warm)
        self.assertEqual(self.hook_queries(*two), COURSE_COMPLETION_QUERIES)
        self.assertEqual(self.hook_queries(*twenty), COURSE_COMPLETION_QUERIES)


# The open tasks of those courses and people found in one search; 4 reads to match them (tasks, items,
# enrollments, the hires' logins); the state written; then the enrollment's own progress bookkeeping (its day
# of progress, the locks of its tasks).
COURSE_COMPLETION_QUERIES = 22
