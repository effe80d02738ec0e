from datetime import date, timedelta

from odoo import Command
from odoo.tests import new_test_user

PASSWORD = "Course-2024-secret!"


class CourseWorld:
    """A shop whose pre-boarding links an eLearning course (two lessons and a quiz), its people and a hire.

    Mixin for TransactionCase and HttpCase classes: call ``_build_course_world()`` from ``setUpClass``.
    """

    # Today: the pre-boarding stage is open, its course task can be studied at once.
    START = date.today() + timedelta(days=3)

    @classmethod
    def _build_course_world(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        onboarding = "onboarding_training.group_onboarding_"
        cls.officer_user = new_test_user(
            cls.env, "slides_officer", groups=f"base.group_user,{onboarding}officer", name="Olga Officer"
        )
        cls.manager_user = new_test_user(
            cls.env, "slides_manager", groups=f"base.group_user,{onboarding}manager", name="Morgan Manager"
        )
        cls.mentor_user = new_test_user(
            cls.env, "slides_mentor", groups=f"base.group_user,{onboarding}user", name="Max Mentor"
        )
        cls.hire_user = new_test_user(cls.env, "slides_hire", groups="base.group_user", name="Hannah Hire")
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.mentor = Employee.create({"name": "Max Mentor", "user_id": cls.mentor_user.id})
        cls.hire = Employee.create({"name": "Hannah Hire", "user_id": cls.hire_user.id, "coach_id": cls.mentor.id})
        cls.course = cls._make_course("Customer complaint handling")
        cls.lessons = cls.course.slide_ids.filtered(lambda s: not s.question_ids)
        cls.quiz = cls.course.slide_ids - cls.lessons
        cls.program = cls._make_course_program("Customer service", cls.course)

    @classmethod
    def _make_course(cls, name, lessons=2):
        """A course for its attendees only: `lessons` articles, then a quiz of one question."""
        slides = [
            Command.create(
                {
                    "name": f"{name}: lesson {number}",
                    "sequence": number,
                    "slide_category": "article",
                    "html_content": f"<p>What to know, part {number}.</p>",
                    "is_published": True,
                }
            )
            for number in range(1, lessons + 1)
        ]
        slides.append(
            Command.create(
                {
                    "name": f"{name}: quiz",
                    "sequence": lessons + 1,
                    "slide_category": "quiz",
                    "is_published": True,
                    "question_ids": [
                        Command.create(
                            {
                                "question": "What do you do first when a customer complains?",
                                "answer_ids": [
                                    Command.create(
                                        {"text_value": "Listen to the end", "is_correct": True, "sequence": 1}
                                    ),
                                    Command.create({"text_value": "Offer a refund", "sequence": 2}),
                                ],
                            }
                        )
                    ],
                }
            )
        )
        return cls.env["slide.channel"].create(
            {
                "name": name,
                "channel_type": "training",
                "visibility": "members",
                "enroll": "invite",
                "is_published": True,
                "slide_ids": slides,
            }
        )

    @classmethod
    def _make_course_program(cls, name, course, prerequisite=False):
        """Pre-boarding: the course, and a signed contract HR records; week 1: a practical task."""
        course_item = {
            "name": "Complaint handling course",
            "item_type": "course",
            "sequence": 2,
            "slide_channel_id": course.id,
        }
        program = cls.env["onboarding.program"].create(
            {
                "name": name,
                "auto_enroll": False,
                "hr_responsible_id": cls.officer_user.id,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Pre-boarding",
                            "sequence": 10,
                            "start_offset_days": -7,
                            "deadline_offset_days": -1,
                            "responsible_role": "hr",
                            "blocks_attendance": True,
                            "item_ids": [
                                Command.create({"name": "Signed contract", "item_type": "task", "sequence": 1}),
                                Command.create(course_item),
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "name": "Week 1",
                            "sequence": 20,
                            "start_offset_days": 0,
                            "deadline_offset_days": 7,
                            "responsible_role": "mentor",
                            "item_ids": [Command.create({"name": "Answer ten chats", "item_type": "task"})],
                        }
                    ),
                ],
            }
        )
        if prerequisite:
            # The course opens once HR recorded the signed contract.
            items = program.stage_ids.item_ids
            contract = items.filtered(lambda i: i.name == "Signed contract")
            items.filtered("slide_channel_id").prerequisite_ids = contract
        return program

    @classmethod
    def _enroll(cls, employees, program=None):
        return cls.env["onboarding.enrollment"]._enroll(employees, program or cls.program, start_date=cls.START)

    @staticmethod
    def course_task(enrollment):
        return enrollment.task_ids.filtered("slide_channel_id")

    @staticmethod
    def study(user, slides, right=True):
        """What eLearning's pages do as the user: open each lesson (marked completed), answer each quiz."""
        slides = slides.with_user(user)
        lessons = slides.filtered(lambda s: not s.question_ids)
        if lessons:
            lessons.action_mark_completed()
        for quiz in slides - lessons:
            # The quiz route: count the attempt, and complete the lesson when every answer is right.
            quiz._action_set_viewed(user.partner_id, quiz_attempts_inc=True)
            if right:
                quiz._action_mark_completed()

    def membership(self, partner, course=None):
        return (
            self.env["slide.channel.partner"]
            .sudo()
            .search([("channel_id", "=", (course or self.course).id), ("partner_id", "=", partner.id)])
        )

    def course_with_attendees(self, count, tag):
        """A course linked by `count` running enrollments whose hires are its attendees, and one more hire who
        read its lessons and is about to answer its quiz; returns that hire's user, the quiz and their task."""
        course = self._make_course(f"Course {tag}")
        program = self._make_course_program(f"Program {tag}", course)
        users = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {
                        "name": f"{tag} hire {i}",
                        "login": f"{tag}_hire_{i}",
                        "groups_id": [Command.set(self.env.ref("base.group_user").ids)],
                    }
                    for i in range(count + 1)
                ]
            )
        )
        employees = self.env["hr.employee"].create([{"name": u.name, "user_id": u.id} for u in users])
        enrollments = self._enroll(employees, program)
        last = users[-1]
        lessons = course.slide_ids.filtered(lambda s: not s.question_ids)
        self.study(last, lessons)
        quiz = course.slide_ids - lessons
        quiz.with_user(last)._action_set_viewed(last.partner_id, quiz_attempts_inc=True)
        task = self.course_task(enrollments.filtered(lambda e: e.employee_id.user_id == last))
        return last, quiz, task

    def scenarios(self):
        """A warm-up, then a course linked by 2 enrollments and one linked by 20, each with its hire about to
        complete it; the registry's caches emptied after they are all made (creating users empties them, and
        the last hire's would be warm), so that the warm-up fills them alike for the two measured ones."""
        scenarios = [self.course_with_attendees(count, tag) for count, tag in ((1, "warm"), (2, "two"), (20, "twenty"))]
        self.env.flush_all()
        self.env.registry.clear_all_caches()
        return scenarios

    def hook_queries(self, user, quiz, task):
        """Queries (QueryCounting's count) of the onboarding's hook alone, once eLearning recorded the user's
        completion of the course."""
        membership = self.membership(user.partner_id, quiz.channel_id)
        membership.sudo().write({"member_status": "completed", "completion": 100})
        queries = self.count_queries(self.env["onboarding.task"]._complete_course_tasks, membership)
        self.assertEqual(task.state, "done")
        return queries
