from odoo import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.onboarding_training.tests.query_counting import QueryCounting

from .common import CourseWorld


@tagged("post_install", "-at_install")
class TestCourseQueryCounts(QueryCounting, CourseWorld, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_course_world()

    def test_completion_cost_does_not_grow_with_the_enrollments_linked(self):
        """One hire completing a course costs the same whether 2 or 20 other enrollments link that course."""
        warm, two, twenty = self.scenarios()
        counts = []
        for user, quiz, task in (warm, two, twenty):
            counts.append(self.count_queries(quiz.with_user(user)._action_mark_completed))
            self.assertEqual(task.state, "done")
        self.assertEqual(counts[2], counts[1])

    def test_completion_hook_is_flat(self):
        """The onboarding's share of a completion, for 2 and 20 linked enrollments alike (its exact budget on the
        full product: tests/test_query_budgets.py)."""
        counts = [self.hook_queries(*scenario) for scenario in self.scenarios()]
        self.assertEqual(counts[2], counts[1])

    def test_enrollment_with_courses_is_flat(self):
        """Enrolling 2 or 20 hires in a program with three linked courses costs the same queries."""
        courses = self._make_course("A") | self._make_course("B") | self._make_course("C")
        program = self._make_course_program("Three courses", courses[0])
        pre = program.stage_ids.sorted("sequence")[0]
        self.env["onboarding.program.item"].create(
            [
                {
                    "stage_id": pre.id,
                    "name": f"Course {course.name}",
                    "item_type": "course",
                    "slide_channel_id": course.id,
                }
                for course in courses[1:]
            ]
        )

        def hires(count, tag):
            users = (
                self.env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    [
                        {
                            "name": f"{tag} enrolled {i}",
                            "login": f"{tag}_enrolled_{i}",
                            "groups_id": [Command.set(self.env.ref("base.group_user").ids)],
                        }
                        for i in range(count)
                    ]
                )
            )
            return self.env["hr.employee"].create([{"name": u.name, "user_id": u.id} for u in users])

        warm, two, twenty = hires(1, "w"), hires(2, "t"), hires(20, "x")
        enroll = self.env["onboarding.enrollment"]._enroll
        self.count_queries(enroll, warm, program, start_date=self.START)
        queries_two = self.count_queries(enroll, two, program, start_date=self.START)
        queries_twenty = self.count_queries(enroll, twenty, program, start_date=self.START)
        tasks = 5  # contract, three courses, the week's task
        self.assertEqual(queries_twenty - self.insert_batches(20 * tasks) + self.insert_batches(2 * tasks), queries_two)
        partners = (warm | two | twenty).user_id.partner_id
        members = (
            self.env["slide.channel.partner"]
            .sudo()
            .search([("channel_id", "in", courses.ids), ("partner_id", "in", partners.ids)])
        )
        self.assertEqual(len(members), 3 * 23)
