from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import OnboardingCase
from .query_counting import QueryCounting


@tagged("post_install", "-at_install")
class TestQueryCounts(QueryCounting, OnboardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A department-based program too, so that matching reads the same tables with or without demo data.
        cls._make_program("Customer service department", departments=cls.dept_cs)
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.batch_2 = Employee.create(
            [{"name": f"Two {i}", "parent_id": cls.manager.id, "coach_id": cls.mentor.id} for i in range(2)]
        )
        cls.warm_up = Employee.create([{"name": "Warm-up", "parent_id": cls.manager.id, "coach_id": cls.mentor.id}])
        cls.batch_50 = Employee.create(
            [{"name": f"Fifty {i}", "parent_id": cls.manager.id, "coach_id": cls.mentor.id} for i in range(50)]
        )

    def test_enrollment_cost_is_flat(self):
        """Enrolling 2 or 50 employees costs the same queries: one batch per model, never one per person."""
        Enrollment = self.env["onboarding.enrollment"]
        self.count_queries(Enrollment._enroll, self.warm_up, self.program, start_date=self.START)
        two = self.count_queries(Enrollment._enroll, self.batch_2, self.program, start_date=self.START)
        fifty = self.count_queries(Enrollment._enroll, self.batch_50, self.program, start_date=self.START)
        # The only difference allowed is the ORM's own split of big INSERTs into rows of 100.
        # The exact budget of the full product is checked by the cross-addon tests.
        self.assertEqual(fifty - self.insert_batches(50 * 6) + self.insert_batches(2 * 6), two)

    def test_auto_enroll_on_employee_create_is_flat(self):
        """What auto-enrollment adds to creating employees does not grow with their number."""
        self.auto_enroll_extra(self.job_cs, 1, "warm-up")
        two = self.auto_enroll_extra(self.job_cs, 2, "a")
        fifty = self.auto_enroll_extra(self.job_cs, 50, "b")
        self.assertEqual(fifty - self.insert_batches(50 * 6) + self.insert_batches(2 * 6), two)

    def _hand_in_batch(self, count, tag):
        """`count` open tasks that wait for confirmation, each of another hire with another mentor."""
        program = self.env["onboarding.program"].search([("name", "=", "Hand-in week")])
        if not program:
            program = self.env["onboarding.program"].create(
                {
                    "name": "Hand-in week",
                    "auto_enroll": False,
                    "hr_responsible_id": self.officer_user.id,
                    "stage_ids": [
                        Command.create(
                            {
                                "name": "Week 1",
                                "deadline_offset_days": 7,
                                "responsible_role": "mentor",
                                "item_ids": [
                                    Command.create(
                                        {"name": "Chat etiquette", "item_type": "task", "confirmation_required": True}
                                    )
                                ],
                            }
                        )
                    ],
                }
            )
        mentors = [new_test_user(self.env, f"{tag}_mentor_{i}", groups="base.group_user") for i in range(count)]
        Employee = self.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        coaches = Employee.create([{"name": user.name, "user_id": user.id} for user in mentors])
        hires = Employee.create([{"name": f"{tag} hire {i}", "coach_id": coach.id} for i, coach in enumerate(coaches)])
        enrollments = self.env["onboarding.enrollment"]._enroll(hires, program, start_date=self.START)
        # By their ids, as an RPC call gets them: the enrollments' cache is gone when the count starts.
        return self.env["onboarding.task"].with_user(self.officer_user).browse(enrollments.task_ids.ids)

    def test_hand_in_cost_is_flat(self):
        """Handing in 2 or 20 tasks for 2 or 20 mentors costs the same: one activity each, created in one batch."""
        warm, two_tasks, twenty_tasks = (
            self._hand_in_batch(n, tag) for n, tag in ((1, "warm"), (2, "two"), (20, "twenty"))
        )
        # A first hand-in fills the registry's caches (which creating users empties), as a live server has them.
        self.count_queries(warm.action_submit)
        two = self.count_queries(two_tasks.action_submit)
        twenty = self.count_queries(twenty_tasks.action_submit)
        self.assertEqual(twenty, two)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "onboarding.task"), ("res_id", "in", twenty_tasks.ids)]
        )
        self.assertEqual(len(activities.user_id), 20)
