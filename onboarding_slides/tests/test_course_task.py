import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CourseWorld


@tagged("post_install", "-at_install")
class TestCourseTask(CourseWorld, TransactionCase):
    """A course item's task follows the hire's completion of the linked eLearning course, and nothing else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_course_world()
        cls.enrollment = cls._enroll(cls.hire)
        cls.task = cls.course_task(cls.enrollment)

    def test_start_enrolls_the_hire_in_the_course(self):
        membership = self.membership(self.hire_user.partner_id)
        self.assertEqual(membership.member_status, "joined")
        self.assertEqual(self.task.state, "todo")
        self.assertEqual(self.task.course_completion, 0)
        self.assertEqual(self.task.course_url, f"/slides/{self.env['ir.http']._slug(self.course)}")
        # eLearning's own rules now let the hire see the course and its lessons.
        self.assertTrue(self.course.with_user(self.hire_user).is_member)
        self.assertEqual(
            self.course.slide_ids.with_user(self.hire_user).search([("channel_id", "=", self.course.id)]),
            self.course.slide_ids,
        )

    def test_progress_follows_elearning_and_only_completion_counts(self):
        self.study(self.hire_user, self.lessons[:1])
        self.task.invalidate_recordset(["course_completion"])
        self.assertEqual(self.task.course_completion, 33)
        self.assertEqual(self.task.state, "todo")
        self.study(self.hire_user, self.lessons[1:])
        self.task.invalidate_recordset(["course_completion"])
        self.assertEqual(self.task.course_completion, 67)
        self.assertEqual(self.task.state, "todo", "lessons without the quiz do not complete the course")
        # A wrong answer counts an attempt, not a completion.
        self.study(self.hire_user, self.quiz, right=False)
        self.assertEqual(self.task.state, "todo")
        self.study(self.hire_user, self.quiz)
        self.task.invalidate_recordset(["course_completion"])
        self.assertEqual(self.membership(self.hire_user.partner_id).member_status, "completed")
        self.assertEqual(self.task.state, "done")
        self.assertEqual(self.task.course_completion, 100)
        self.assertTrue(self.task.done_date)
        self.assertEqual(self.enrollment.last_progress_date, self.task.done_date.date())
        # The pre-boarding's last required task is the contract: it stays HR's.
        self.assertEqual(self.enrollment.task_ids.filtered(lambda t: t.name == "Signed contract").state, "todo")

    def test_the_course_cannot_be_handed_in_or_marked_done(self):
        reason = "completes by itself once the eLearning course Customer complaint handling is completed"
        with self.assertRaisesRegex(UserError, reason):
            self.task.with_user(self.hire_user).action_submit()
        # The portal acts as superuser on the hire's behalf: the rule holds all the same.
        with self.assertRaisesRegex(UserError, reason):
            self.task.sudo().action_submit()
        # HR owns the pre-boarding stage, yet cannot tick the course off for the hire.
        self.assertFalse(self.task.with_user(self.officer_user).can_mark_done)
        with self.assertRaisesRegex(UserError, reason):
            self.task.with_user(self.officer_user).action_mark_done()
        with self.assertRaises(AccessError):
            self.task.with_user(self.hire_user).write({"state": "done"})
        with self.assertRaises(AccessError):
            self.task.with_user(self.officer_user).write({"state": "done"})
        self.assertEqual(self.task.state, "todo")
        # Other items of the stage still work as before.
        contract = self.enrollment.task_ids.filtered(lambda t: t.name == "Signed contract")
        self.assertTrue(contract.with_user(self.officer_user).can_mark_done)

    def test_the_hire_cannot_record_progress_in_elearning_by_hand(self):
        partner = self.hire_user.partner_id
        membership = self.membership(partner)
        with self.assertRaises(AccessError):
            membership.with_user(self.hire_user).write({"member_status": "completed", "completion": 100})
        with self.assertRaises(AccessError):
            self.env["slide.slide.partner"].with_user(self.hire_user).create(
                {"slide_id": self.quiz.id, "partner_id": partner.id, "completed": True}
            )
        # A quiz is completed by answering it right, never by the "mark as done" button.
        with self.assertRaises(UserError):
            self.quiz.with_user(self.hire_user).action_mark_completed()
        self.assertEqual(self.membership(partner).member_status, "joined")
        self.assertEqual(self.task.state, "todo")

    def test_karma_stays_elearning_s(self):
        karma = self.hire_user.karma
        self.study(self.hire_user, self.course.slide_ids)
        self.assertEqual(self.task.state, "done")
        expected = self.quiz.quiz_first_attempt_reward + self.course.karma_gen_channel_finish
        self.assertEqual(self.hire_user.karma - karma, expected)

    def test_a_course_completed_once_counts_for_every_program(self):
        """The same course in a second program, and a third enrollment after completion: done once, for all."""
        second = self._make_course_program("Customer service, night shift", self.course)
        other = self._enroll(self.hire, second)
        self.assertEqual(len(self.membership(self.hire_user.partner_id)), 1)
        karma = self.hire_user.karma
        self.study(self.hire_user, self.course.slide_ids)
        self.assertEqual((self.task | self.course_task(other)).mapped("state"), ["done", "done"])
        # A program started after the completion: done at its start, and no karma is earned again.
        third = self._enroll(self.hire, self._make_course_program("Livestream", self.course))
        self.assertEqual(self.course_task(third).state, "done")
        self.assertEqual(self.hire_user.karma - karma, self.quiz.quiz_first_attempt_reward + 10)

    def test_a_completed_course_is_prior_learning_for_another_item(self):
        """Credit for prior learning: another item linking the same course is credited from the done task."""
        if "credit_source_task_id" not in self.task._fields:
            self.skipTest("no credit for prior learning in this version of onboarding_training")
        self.study(self.hire_user, self.course.slide_ids)
        later = self._enroll(self.hire, self._make_course_program("Livestream", self.course))
        self.assertEqual(self.course_task(later).state, "done")
        self.assertEqual(self.course_task(later).credit_source_task_id, self.task)

    def test_a_locked_course_waits_for_its_prerequisites(self):
        program = self._make_course_program("Warehouse", self.course, prerequisite=True)
        other_user = new_test_user(self.env, "slides_other", groups="base.group_user", name="Oscar Other")
        employee = self.env["hr.employee"].create({"name": "Oscar Other", "user_id": other_user.id})
        enrollment = self._enroll(employee, program)
        task = self.course_task(enrollment)
        self.assertEqual(task.state, "locked")
        self.study(other_user, self.course.slide_ids)
        self.assertEqual(self.membership(other_user.partner_id).member_status, "completed")
        self.assertEqual(task.state, "locked", "prerequisites are never skipped")
        contract = enrollment.task_ids.filtered(lambda t: t.name == "Signed contract")
        contract.with_user(self.officer_user).action_mark_done()
        self.assertEqual(task.state, "done", "the course completed earlier counts as soon as the task opens")

    def test_a_portal_hire_gets_the_course_with_the_invitation(self):
        # No private email: no portal login at the start, HR invites the hire on their work email later.
        employee = self.env["hr.employee"].create({"name": "Paula Portal", "work_email": "paula@example.com"})
        enrollment = self._enroll(employee)
        self.assertFalse(enrollment.portal_user_id)
        enrollment.with_user(self.officer_user).action_invite_portal()
        portal_user = enrollment.portal_user_id
        self.assertEqual(self.membership(portal_user.partner_id).member_status, "joined")
        self.study(portal_user, self.course.slide_ids)
        self.assertEqual(self.course_task(enrollment).state, "done")

    def test_a_hire_who_gets_a_user_later_studies_with_it(self):
        employee = self.env["hr.employee"].create({"name": "Late Login"})
        enrollment = self._enroll(employee)
        user = new_test_user(self.env, "slides_late", groups="base.group_user", name="Late Login")
        employee.user_id = user
        self.assertEqual(self.membership(user.partner_id).member_status, "joined")
        self.study(user, self.course.slide_ids)
        self.assertEqual(self.course_task(enrollment).state, "done")

    def test_cancelled_onboarding_is_left_alone(self):
        self.enrollment.with_user(self.officer_user).action_cancel()
        self.study(self.hire_user, self.course.slide_ids)
        self.assertEqual(self.task.state, "todo")

    def test_only_course_items_link_a_course(self):
        item = self.program.stage_ids.item_ids.filtered(lambda i: i.name == "Answer ten chats")
        with self.assertRaisesRegex(ValidationError, "Only online course items can link an eLearning course"):
            item.slide_channel_id = self.course
        course_item = self.task.item_id
        with self.assertRaisesRegex(ValidationError, "Only online course items"):
            course_item.item_type = "task"

    def test_a_manager_in_onboarding_cannot_change_the_course_of_their_program(self):
        employee = self.env["hr.employee"].create({"name": "Morgan Manager", "user_id": self.manager_user.id})
        self._enroll(employee)
        item = self.task.item_id.with_user(self.manager_user)
        other_course = self._make_course("Returns")
        with self.assertRaisesRegex(AccessError, "your own onboarding"):
            item.write({"slide_channel_id": other_course.id})
        # Another program's item: the manager configures it.
        program = self._make_course_program("Returns desk", other_course)
        program.stage_ids.item_ids.filtered("slide_channel_id").with_user(self.manager_user).write(
            {"slide_channel_id": self.course.id}
        )

    def test_a_linked_course_cannot_be_deleted(self):
        with (
            self.assertRaises(psycopg2.errors.ForeignKeyViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.course.unlink()
        self.assertTrue(self.task.item_id.slide_channel_id.exists())

    def test_onboarding_tab_lists_the_course_tasks(self):
        self.study(self.hire_user, self.lessons)
        employee = self.hire.with_user(self.officer_user)
        self.assertEqual(employee.onboarding_course_task_ids, self.task)
        self.assertEqual(employee.onboarding_course_task_ids.course_completion, 67)
        # Without onboarding rights, nothing (and no error).
        outsider = new_test_user(self.env, "slides_outsider", groups="base.group_user,hr.group_hr_user")
        self.assertFalse(self.hire.with_user(outsider).onboarding_course_task_ids)

    def test_open_course_action(self):
        action = self.task.with_user(self.hire_user).action_open_course()
        self.assertEqual(action["url"], self.task.course_url)
        stranger = new_test_user(self.env, "slides_stranger", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.task.with_user(stranger).action_open_course()

    def test_program_copy_keeps_the_course(self):
        copy = self.program.copy({"name": "Customer service (copy)"})
        self.assertEqual(copy.stage_ids.item_ids.slide_channel_id, self.course)
