from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import OnboardingCase


@tagged("post_install", "-at_install")
class TestEnrollment(OnboardingCase):
    def test_auto_enroll_on_create_with_matching_job(self):
        with freeze_time(self.START):
            employee = self.env["hr.employee"].create({"name": "New Agent", "job_id": self.job_cs.id})
        enrollment = employee.onboarding_enrollment_ids
        self.assertEqual(enrollment.program_id, self.program)
        self.assertEqual(enrollment.state, "running")
        self.assertEqual(enrollment.start_date, self.START + timedelta(days=7), "default start is a week later")
        self.assertEqual(len(enrollment.task_ids), 6)
        self.assertEqual(employee.onboarding_state, "pending")

    def test_most_specific_program_wins(self):
        dept_only = self._make_program("CS department", departments=self.dept_cs)
        both = self._make_program("CS agent in CS department", jobs=self.job_cs, departments=self.dept_cs)
        employee = self.env["hr.employee"].create(
            {"name": "Agent", "job_id": self.job_cs.id, "department_id": self.dept_cs.id}
        )
        self.assertEqual(employee.onboarding_enrollment_ids.program_id, both)
        elsewhere = self.env["hr.employee"].create({"name": "Clerk", "department_id": self.dept_cs.id})
        self.assertEqual(elsewhere.onboarding_enrollment_ids.program_id, dept_only)

    def test_job_change_enrolls_once(self):
        employee = self.env["hr.employee"].create({"name": "Mover"})
        self.assertFalse(employee.onboarding_enrollment_ids)
        employee.job_id = self.job_cs
        employee.write({"job_id": self.job_cs.id, "department_id": self.dept_cs.id})
        self.assertEqual(len(employee.onboarding_enrollment_ids), 1)

    def test_no_auto_enroll_when_program_says_no(self):
        self.program.auto_enroll = False
        employee = self.env["hr.employee"].create({"name": "Agent", "job_id": self.job_cs.id})
        self.assertFalse(employee.onboarding_enrollment_ids)

    def test_duplicate_open_enrollment_refused(self):
        self.enroll()
        with self.assertRaisesRegex(ValidationError, "already has an open enrollment"):
            self.enroll()

    def test_tasks_have_absolute_deadlines_and_responsibles(self):
        enrollment = self.enroll()
        handbook = self.task(enrollment, "Employee handbook")
        self.assertEqual(handbook.deadline, self.START - timedelta(days=3))
        self.assertEqual(handbook.responsible_user_id, self.officer_user, "HR items go to the HR responsible")
        basic = self.task(enrollment, "Basic: back office")
        self.assertEqual(basic.deadline, self.START + timedelta(days=7))
        self.assertEqual(basic.responsible_user_id, self.mentor_user, "mentor items go to the coach")

    def test_responsible_falls_back_up_the_hierarchy_then_to_hr(self):
        orphan_boss = self.env["hr.employee"].create({"name": "No User Boss", "parent_id": self.manager.id})
        employee = self.env["hr.employee"].create({"name": "Deep", "parent_id": orphan_boss.id})
        enrollment = self.enroll(employee)
        basic = self.task(enrollment, "Basic: back office")
        self.assertEqual(basic.responsible_user_id, self.manager_user, "no coach: first manager up with a user")
        lonely = self.env["hr.employee"].create({"name": "Lonely"})
        basic = self.task(self.enroll(lonely), "Basic: back office")
        self.assertEqual(basic.responsible_user_id, self.officer_user, "nobody up the chain: HR responsible")

    def test_bulk_wizard_enrolls_selected_employees(self):
        employees = (
            self.env["hr.employee"]
            .with_context(onboarding_no_auto_enroll=True)
            .create([{"name": f"Bulk {i}", "job_id": self.job_cs.id} for i in range(3)])
        )
        wizard = Form(
            self.env["onboarding.enroll.wizard"]
            .with_user(self.officer_user)
            .with_context(active_model="hr.employee", active_ids=employees.ids)
        )
        wizard.start_date = self.START
        wizard.save().action_enroll()
        self.assertEqual(len(employees.onboarding_enrollment_ids), 3)
        self.assertEqual(set(employees.onboarding_enrollment_ids.mapped("start_date")), {self.START})

    def test_bulk_wizard_refused_to_plain_employee(self):
        with self.assertRaises(AccessError):
            self.env["onboarding.enroll.wizard"].with_user(self.hire_user).create(
                {"employee_ids": [Command.set(self.hire.ids)], "start_date": self.START}
            )

    def test_start_date_far_away_refused(self):
        with self.assertRaisesRegex(ValidationError, "more than a year"):
            self.enroll(start=self.START + timedelta(days=800))

    def test_employee_without_calendar_refused(self):
        self.hire.resource_calendar_id = False
        self.company.resource_calendar_id = False
        with self.assertRaisesRegex(ValidationError, "working schedule"):
            self.enroll()

    def test_locks_follow_prerequisites_and_stage_opening(self):
        with freeze_time(self.day(-10)):
            enrollment = self.enroll()
        states = {t.name: t.state for t in enrollment.task_ids}
        self.assertEqual(states["Employee handbook"], "todo", "pre-boarding is open a week before start")
        self.assertEqual(states["Orientation"], "locked")
        self.assertEqual(states["Basic: back office"], "locked")
        with freeze_time(self.day(-10)):
            self.finish(enrollment.task_ids.filtered(lambda t: t.stage_id.name == "Pre-boarding"))
        # F4: finishing early opens the next stage early.
        self.assertEqual(self.task(enrollment, "Orientation").state, "todo")
        self.assertEqual(self.task(enrollment, "Basic: back office").state, "locked")
        self.assertFalse(enrollment.preboarding_pending)
        self.assertEqual(self.hire.onboarding_state, "training")

    def test_planned_start_opens_stage_without_early_finish(self):
        with freeze_time(self.day(-10)):
            enrollment = self.enroll()
        with freeze_time(self.day(1)):
            self.env["onboarding.enrollment"]._cron_open_stages()
        self.assertEqual(self.task(enrollment, "Orientation").state, "todo")
        self.assertEqual(self.task(enrollment, "Basic: back office").state, "todo")
        self.assertEqual(self.task(enrollment, "Advanced: refunds").state, "locked", "prerequisite still missing")
        self.assertEqual(self.task(enrollment, "Optional: complaints").state, "locked")
        with freeze_time(self.day(1)):
            self.finish(self.task(enrollment, "Basic: back office"))
        self.assertEqual(self.task(enrollment, "Advanced: refunds").state, "todo")
        self.assertEqual(self.task(enrollment, "Optional: complaints").state, "todo", "optional items unlock too")

    def test_completion_rate_counts_required_tasks(self):
        with freeze_time(self.day(1)):
            enrollment = self.enroll()
            self.finish(self.task(enrollment, "Employee handbook"))
        self.assertAlmostEqual(enrollment.completion_rate, 20.0)

    def test_cancel_and_reset(self):
        enrollment = self.enroll()
        with self.assertRaises(AccessError):
            enrollment.with_user(self.manager_user).action_cancel()
        enrollment.with_user(self.officer_user).action_cancel()
        self.assertEqual(enrollment.state, "cancelled")
        self.assertEqual(self.hire.onboarding_state, "none")
        enrollment.with_user(self.officer_user).action_reset_to_draft()
        self.assertEqual(enrollment.state, "draft")
        self.assertFalse(enrollment.task_ids)
        enrollment.with_user(self.officer_user).action_start()
        self.assertEqual(len(enrollment.task_ids), 6)
