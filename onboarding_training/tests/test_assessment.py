from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .exam import answer_exam


class AssessmentSetup:
    """A one-stage program (exam, practical task, peer review) and a running enrollment, shared by the tests."""

    @classmethod
    def _setup_assessment(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        onboarding = "onboarding_training.group_onboarding_"

        def user(login, groups="base.group_user", **kwargs):
            return new_test_user(cls.env, login, groups=groups, context={"no_reset_password": True}, **kwargs)

        cls.officer_user = user("asm_officer", f"base.group_user,{onboarding}officer")
        cls.manager_user = user("asm_manager", f"base.group_user,{onboarding}user")
        cls.mentor_user = user("asm_mentor", f"base.group_user,{onboarding}user")
        cls.hire_user = user("asm_hire", name="Henry Hire")
        cls.reviewer_users = [user(f"asm_reviewer{n}", name=f"Rita Reviewer{n}") for n in range(1, 5)]
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.manager = Employee.create({"name": "Mark Manager", "user_id": cls.manager_user.id})
        cls.mentor = Employee.create({"name": "Mia Mentor", "user_id": cls.mentor_user.id, "parent_id": cls.manager.id})
        cls.hire = Employee.create(
            {
                "name": "Henry Hire",
                "user_id": cls.hire_user.id,
                "parent_id": cls.manager.id,
                "coach_id": cls.mentor.id,
            }
        )
        cls.reviewers = Employee.create(
            [{"name": user.name, "user_id": user.id, "parent_id": cls.manager.id} for user in cls.reviewer_users]
        )
        cls.survey = cls._make_survey()
        cls.program = cls.env["onboarding.program"].create(
            {
                "name": "CS assessment",
                "auto_enroll": False,
                "pass_score": 70,
                "hr_responsible_id": cls.officer_user.id,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Month 1",
                            "start_offset_days": 0,
                            "deadline_offset_days": 30,
                            "responsible_role": "manager",
                            "item_ids": [
                                Command.create(
                                    {"name": "Theory exam", "item_type": "exam", "survey_id": cls.survey.id}
                                ),
                                Command.create({"name": "Peer reviews", "item_type": "review"}),
                                Command.create({"name": "Handle ten chats", "item_type": "task"}),
                            ],
                        }
                    )
                ],
            }
        )
        cls.enrollment = cls.env["onboarding.enrollment"]._enroll(cls.hire, cls.program, start_date=fields.Date.today())
        cls.exam_task = cls.enrollment.task_ids.filtered(lambda t: t.item_type == "exam")
        cls.review_task = cls.enrollment.task_ids.filtered(lambda t: t.item_type == "review")

    @classmethod
    def _make_survey(cls):
        def question(title):
            return Command.create(
                {
                    "title": title,
                    "question_type": "simple_choice",
                    "suggested_answer_ids": [
                        Command.create({"value": "Right", "is_correct": True, "answer_score": 1}),
                        Command.create({"value": "Wrong", "answer_score": 0}),
                    ],
                }
            )

        return cls.env["survey.survey"].create(
            {
                "title": "Customer service theory",
                "access_mode": "token",
                "users_login_required": True,
                "scoring_type": "scoring_with_answers",
                "certification": True,
                "scoring_success_min": 75,
                "is_attempts_limited": True,
                "attempts_limit": 2,
                "question_and_page_ids": [question("Refund window?"), question("First reply delay?")],
            }
        )

    def take_exam(self, task, user, right_answers):
        """Answer the exam as `user`: `right_answers` of the two questions right (0 %, 50 % or 100 %)."""
        return answer_exam(self.env, task, user, right_answers)

    def invite_reviewers(self, enrollment, reviewers, user=None):
        wizard = (
            self.env["onboarding.peer.review.invite.wizard"]
            .with_user(user or self.officer_user)
            .create({"enrollment_id": enrollment.id, "reviewer_ids": [Command.set(reviewers.ids)]})
        )
        wizard.action_invite()

    def submit_review(self, user, score, comment="Helpful with customers."):
        """Hand in the pending review of `user` from the backend, the way the reviewer would."""
        Line = self.env["onboarding.peer.reviewer"].with_user(user)
        line = Line.search([("state", "=", "pending")], limit=1)
        line.write({"score": score, "comment": comment})
        line.action_submit_review()
        return line

    def give_reviews(self, enrollment, scores):
        """Invite one reviewer per score, then let each hand in their review."""
        reviewers = self.reviewers[: len(scores)]
        self.invite_reviewers(enrollment, reviewers)
        for user, score in zip(reviewers.user_id, scores, strict=True):
            self.submit_review(user, score)


@tagged("post_install", "-at_install")
class TestAssessment(AssessmentSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_assessment()

    def test_weights_must_sum_to_100(self):
        with self.assertRaises(ValidationError):
            self.program.write({"weight_exam": 40, "weight_practical": 40, "weight_peer": 30})
        with self.assertRaises(ValidationError):
            self.program.write({"weight_exam": 120, "weight_practical": -20, "weight_peer": 0})
        self.program.write({"weight_exam": 33.33, "weight_practical": 33.33, "weight_peer": 33.34})
        self.assertAlmostEqual(self.program.weight_peer, 33.34)

    def test_exam_pass_completes_task_with_score(self):
        answer = self.take_exam(self.exam_task, self.hire_user, right_answers=2)
        self.assertEqual(answer.onboarding_task_id, self.exam_task)
        self.assertTrue(answer.scoring_success)
        self.assertEqual(self.exam_task.state, "done")
        self.assertEqual(self.exam_task.score, 100)
        self.assertTrue(self.enrollment.exam_complete)
        self.assertEqual(self.enrollment.exam_score, 100)

    def test_exam_retries_as_the_survey_allows(self):
        first = self.take_exam(self.exam_task, self.hire_user, right_answers=1)
        self.assertFalse(first.scoring_success)
        self.assertEqual(self.exam_task.state, "todo", "one attempt is left: the task stays open")
        self.assertEqual(self.exam_task.score, 50)
        # The survey's own Retry button reuses the invite token: the new attempt belongs to the same task.
        retry = self.survey.sudo()._create_answer(user=self.hire_user, invite_token=first.invite_token)
        self.assertEqual(retry.onboarding_task_id, self.exam_task)
        retry.unlink()
        second = self.take_exam(self.exam_task, self.hire_user, right_answers=0)
        self.assertEqual(second.invite_token, first.invite_token)
        self.assertEqual(self.exam_task.state, "done", "no attempt left: the exam ends failed")
        self.assertEqual(self.exam_task.score, 50, "the best attempt counts")
        with self.assertRaises(UserError):
            self.env["survey.user_input"]._onboarding_exam_answer(self.exam_task, self.hire_user)

    def test_exam_link_is_the_system_s_only(self):
        with self.assertRaises(AccessError):
            self.env["survey.user_input"].with_user(self.hire_user).create(
                {"survey_id": self.survey.id, "onboarding_task_id": self.exam_task.id}
            )
        # Someone else's attempt never completes the hire's task.
        intruder = self.survey.sudo()._create_answer(user=self.reviewer_users[0])
        intruder.sudo().write({"onboarding_task_id": self.exam_task.id, "onboarding_round": 1})
        intruder._mark_done()
        self.assertEqual(self.exam_task.state, "todo")

    def test_practical_score_by_manager_or_mentor_only(self):
        self.enrollment.with_user(self.mentor_user).write({"practical_score": 80, "practical_comment": "Solid."})
        self.assertEqual(self.enrollment.practical_scored_by_id, self.mentor_user)
        self.enrollment.with_user(self.manager_user).write({"practical_score": 85})
        self.assertEqual(self.enrollment.practical_score, 85)
        with self.assertRaises(ValidationError):
            self.enrollment.with_user(self.manager_user).write({"practical_score": 100.5})
        with self.assertRaises(AccessError):
            self.enrollment.with_user(self.hire_user).write({"practical_score": 100})
        with self.assertRaises(AccessError):
            self.enrollment.with_user(self.reviewer_users[0]).write({"practical_score": 100})

    def test_peer_mean_needs_the_minimum_number_of_reviews(self):
        self.program.write({"weight_exam": 0, "weight_practical": 50, "weight_peer": 50})
        self.enrollment.with_user(self.manager_user).practical_score = 90
        self.give_reviews(self.enrollment, [80, 70])
        self.assertEqual(self.enrollment.peer_review_done_count, 2)
        self.assertFalse(self.enrollment.peer_score_available)
        self.assertEqual(self.enrollment.peer_score, 0)
        self.assertEqual(self.review_task.state, "todo")
        with self.assertRaises(UserError):
            self.enrollment.with_user(self.officer_user).action_assess()
        self.program.peer_review_min_count = 2
        # Everybody invited answered: the daily job publishes the round now that the minimum is met.
        self.env["onboarding.peer.reviewer"]._cron_publish_due_rounds()
        self.assertTrue(self.enrollment.peer_score_available)
        self.assertEqual(self.enrollment.peer_score, 75)

    def test_pass_at_exactly_the_pass_score_converts(self):
        self.program.write({"weight_exam": 40, "weight_practical": 40, "weight_peer": 20, "pass_score": 70})
        self.take_exam(self.exam_task, self.hire_user, right_answers=1)  # 50 %
        self.take_exam(self.exam_task, self.hire_user, right_answers=1)  # last attempt: 50 %
        self.enrollment.with_user(self.mentor_user).practical_score = 85
        self.give_reviews(self.enrollment, [85, 75, 80])
        self.assertEqual(self.review_task.state, "done", "three reviews complete the review task")
        # 0.4 * 50 + 0.4 * 85 + 0.2 * 80 = 70 exactly
        self.assertEqual(self.enrollment.projected_score, 70)
        self.enrollment.with_user(self.officer_user).action_assess()
        self.assertEqual(self.enrollment.state, "passed")
        self.assertEqual(self.enrollment.final_score, 70)
        self.assertEqual(self.enrollment.conversion_date, fields.Date.today())
        self.assertEqual(self.hire.onboarding_state, "regular")
        for record in (self.enrollment, self.hire):
            self.assertTrue(any("Converted to regular" in message.body for message in record.message_ids))
        trail = self.env["onboarding.audit.log"].search(
            [
                ("event", "=", "conversion"),
                ("res_model", "=", "onboarding.enrollment"),
                ("res_id", "=", self.enrollment.id),
            ]
        )
        self.assertIn('"outcome": "passed"', trail.details)

    def test_fail_just_below_the_pass_score_then_reassess(self):
        self.program.write({"weight_exam": 50, "weight_practical": 50, "weight_peer": 0, "pass_score": 70})
        self.take_exam(self.exam_task, self.hire_user, right_answers=1)
        self.take_exam(self.exam_task, self.hire_user, right_answers=1)
        self.enrollment.with_user(self.manager_user).practical_score = 89.98  # 0.5 * 50 + 0.5 * 89.98 = 69.99
        self.enrollment.with_user(self.officer_user).action_assess()
        self.assertEqual(self.enrollment.state, "failed")
        self.assertEqual(self.enrollment.final_score, 69.99)
        self.assertIn("69.99", self.enrollment.failure_reason)
        self.assertEqual(self.hire.onboarding_state, "failed")

        with self.assertRaises(AccessError):
            self.enrollment.with_user(self.manager_user).action_reassess()
        self.enrollment.with_user(self.officer_user).action_reassess()
        self.assertEqual(self.enrollment.state, "running")
        self.assertEqual(self.enrollment.assessment_round, 2)
        self.assertFalse(self.enrollment.failure_reason)
        self.assertFalse(self.enrollment.practical_score_date)
        self.assertTrue(any("Assessment round 1 closed" in m.body for m in self.enrollment.message_ids))
        self.assertEqual(self.exam_task.state, "todo", "the failed exam gets fresh attempts")
        answer = self.take_exam(self.exam_task, self.hire_user, right_answers=2)
        self.assertEqual(answer.onboarding_round, 2)
        self.assertEqual(self.exam_task.state, "done")
        self.assertEqual(self.exam_task.score, 100)

    def test_assessment_rights_and_reasons(self):
        with self.assertRaises(AccessError):
            self.enrollment.with_user(self.manager_user).action_assess()
        with self.assertRaises(UserError):
            self.enrollment.with_user(self.officer_user).action_fail("  ")
        with self.assertRaises(UserError):
            self.enrollment.with_user(self.officer_user).action_assess()  # nothing scored yet
        wizard = (
            self.env["onboarding.enrollment.fail.wizard"]
            .with_user(self.officer_user)
            .create({"enrollment_id": self.enrollment.id, "reason": "Left after two weeks."})
        )
        wizard.action_fail()
        self.assertEqual(self.enrollment.state, "failed")
        self.assertEqual(self.enrollment.failure_reason, "Left after two weeks.")
        with self.assertRaises(UserError):
            self.enrollment.with_user(self.officer_user).action_assess()

    def test_nobody_decides_on_their_own_onboarding(self):
        """An officer who is onboarding themself is assessed, failed, cancelled and reviewed by another officer."""
        officers = self.env.ref("onboarding_training.group_onboarding_officer")
        self.hire_user.write({"groups_id": [Command.link(officers.id)]})
        self.program.write({"weight_exam": 0, "weight_practical": 100, "weight_peer": 0})
        self.enrollment.with_user(self.mentor_user).practical_score = 90
        own = self.enrollment.with_user(self.hire_user)
        for name, call in (
            ("assess", own.action_assess),
            ("fail", lambda: own.action_fail("Changed my mind.")),
            ("cancel", own.action_cancel),
            ("invite reviewers", lambda: self.invite_reviewers(self.enrollment, self.reviewers[:3], self.hire_user)),
        ):
            with self.subTest(name), self.assertRaises(AccessError) as refused:
                call()
            self.assertIn("is your own onboarding: another onboarding officer decides on it", str(refused.exception))
        self.assertEqual(self.enrollment.state, "running", "nothing was decided")
        self.assertFalse(self.enrollment.peer_review_ids)
        # Another officer decides.
        self.enrollment.with_user(self.officer_user).action_assess()
        self.assertEqual(self.enrollment.state, "passed")
