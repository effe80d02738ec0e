from freezegun import freeze_time

from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL

from .common import OnboardingCase


@tagged("post_install", "-at_install")
class TestOverdue(OnboardingCase):
    """Only open onboardings have overdue tasks; enrollments show how many."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Enrollment = cls.env["onboarding.enrollment"]
        cls.running = Enrollment._enroll(cls.hire, cls.program, start_date=cls.START)
        cls.cancelled = Enrollment._enroll(cls.other, cls.program, start_date=cls.START)
        cls.cancelled.with_user(cls.officer_user).action_cancel()

    def overdue_tasks(self):
        ours = (self.running | self.cancelled).task_ids
        return self.env["onboarding.task"].search([("id", "in", ours.ids), ("is_overdue", "=", True)])

    def test_closed_onboardings_have_no_overdue_tasks(self):
        with freeze_time(self.day(10)):
            overdue = self.overdue_tasks()
            self.assertEqual(overdue.enrollment_id, self.running)
            self.assertEqual(len(overdue), 6, "every task of the running enrollment is past its deadline")
            self.assertTrue(all(self.running.task_ids.mapped("is_overdue")))
            self.assertFalse(any(self.cancelled.task_ids.mapped("is_overdue")))
            not_overdue = self.env["onboarding.task"].search(
                [("id", "in", self.cancelled.task_ids.ids), ("is_overdue", "=", False)]
            )
            self.assertTrue(self.cancelled.task_ids <= not_overdue)
            # Passed and failed onboardings are over too.
            self.running.sudo().write({"state": "failed", "failure_reason": "Left."})
            self.running.task_ids.invalidate_recordset(["is_overdue"])
            self.assertFalse(self.overdue_tasks())
            self.assertFalse(any(self.running.task_ids.mapped("is_overdue")))

    def test_enrollment_overdue_flag_and_count(self):
        Enrollment = self.env["onboarding.enrollment"].with_user(self.officer_user)
        ours = [("id", "in", (self.running | self.cancelled).ids)]
        with freeze_time(self.day(-3)):
            self.finish(self.task(self.running, "Employee handbook"))
        with freeze_time(self.day(1)):
            self.assertEqual(self.running.overdue_task_count, 2, "the culture handbook and the orientation")
            self.assertTrue(self.running.is_overdue)
            self.assertFalse(self.cancelled.is_overdue)
            self.assertEqual(Enrollment.search([*ours, ("is_overdue", "=", True)]), self.running)
            self.assertEqual(Enrollment.search([*ours, ("is_overdue", "=", False)]), self.cancelled)
        with freeze_time(self.day(-10)):
            self.running.invalidate_recordset(["overdue_task_count", "is_overdue"])
            self.assertEqual(self.running.overdue_task_count, 0)
            self.assertFalse(Enrollment.search([*ours, ("is_overdue", "=", True)]))


@tagged("post_install", "-at_install")
class TestFinalScoreUntilAssessed(OnboardingCase):
    """An unassessed enrollment has no final score, and averages skip it."""

    def stored_scores(self, enrollments):
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT id, final_score FROM onboarding_enrollment WHERE id IN %s", tuple(enrollments.ids))
        )
        return dict(self.env.cr.fetchall())

    def test_no_score_then_score_then_none_again(self):
        Enrollment = self.env["onboarding.enrollment"]
        assessed = Enrollment._enroll(self.hire, self.program, start_date=self.START)
        unassessed = Enrollment._enroll(self.other, self.program, start_date=self.START)
        assessed.with_user(self.mentor_user).practical_score = 50
        assessed.with_user(self.officer_user).action_assess()
        self.assertEqual(assessed.state, "failed", "50 is below the pass score of 70")
        self.assertEqual(self.stored_scores(assessed | unassessed), {assessed.id: 50.0, unassessed.id: None})
        groups = Enrollment._read_group([("id", "in", (assessed | unassessed).ids)], [], ["final_score:avg"])
        self.assertEqual(groups[0][0], 50.0, "the unassessed enrollment does not pull the mean down")
        assessed.with_user(self.officer_user).action_reassess()
        self.assertEqual(self.stored_scores(assessed), {assessed.id: None}, "a new round starts without a score")


@tagged("post_install", "-at_install")
class TestPortalAccessAtStart(OnboardingCase):
    """A hire without any user gets a portal login as the enrollment starts, or HR sees what to do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.future_hire = Employee.create({"name": "Fay Future", "private_email": "Fay.Future@Example.com"})
        cls.no_email = Employee.create({"name": "Ned Nomail"})

    def test_portal_access_given_at_the_start(self):
        enrollment = self.enroll(self.future_hire)
        user = enrollment.portal_user_id
        self.assertTrue(user._is_portal())
        self.assertEqual(user.login, "fay.future@example.com")
        self.assertFalse(enrollment.portal_access_warning)
        self.assertTrue(any("fay.future@example.com" in (m.body or "") for m in enrollment.message_ids))

    def test_setting_off_shows_the_warning_instead(self):
        self.company.onboarding_auto_portal_access = False
        enrollment = self.enroll(self.future_hire)
        self.assertFalse(enrollment.portal_user_id)
        self.assertEqual(enrollment.with_user(self.officer_user).portal_access_warning, "invite")
        enrollment.with_user(self.officer_user).action_invite_portal()
        self.assertTrue(enrollment.portal_user_id)
        self.assertFalse(enrollment.portal_access_warning)

    def test_no_email_no_user(self):
        enrollment = self.enroll(self.no_email)
        self.assertFalse(enrollment.portal_user_id)
        self.assertEqual(enrollment.with_user(self.officer_user).portal_access_warning, "no_email")
        self.assertFalse(self.enroll(self.hire).portal_access_warning, "a hire with a user needs nothing")

    def test_a_failed_invitation_does_not_stop_the_start(self):
        insider = new_test_user(self.env, "insider.fay@example.com", context={"no_reset_password": True})
        self.future_hire.private_email = insider.login
        enrollment = self.enroll(self.future_hire)
        self.assertEqual(enrollment.state, "running")
        self.assertEqual(len(enrollment.task_ids), 6)
        self.assertFalse(enrollment.portal_user_id)
        self.assertEqual(enrollment.portal_access_warning, "invite")
        self.assertTrue(
            any("could not be given automatically" in (m.body or "") for m in enrollment.message_ids),
            "HR reads why on the enrollment",
        )

    def test_settings_show_the_switch(self):
        admin = self.env.ref("base.user_admin")
        settings = Form(self.env["res.config.settings"].with_user(admin))
        self.assertTrue(settings.onboarding_auto_portal_access, "on by default")
        settings.onboarding_auto_portal_access = False
        settings.onboarding_start_lead_days = 10
        settings.save().execute()
        self.assertFalse(self.company.onboarding_auto_portal_access)
        self.assertEqual(self.company.onboarding_start_lead_days, 10)
