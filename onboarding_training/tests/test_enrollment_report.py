from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import OnboardingCase
from .today_world import skip_unless_pot_has

REPORT = "onboarding_training.onboarding_enrollment_report_action"
OUR_ADDONS = ["onboarding_training", "hr_attendance_gate", "training_analytics", "onboarding_payroll"]


@tagged("post_install", "-at_install")
class TestEnrollmentReport(OnboardingCase):
    """One hire's onboarding, printed for their file: tasks, dates, who confirmed, scores, outcome."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enrollment = cls.env["onboarding.enrollment"]._enroll(cls.hire, cls.program, start_date=cls.START)

    def render(self, user=None, enrollment=None):
        report = self.env["ir.actions.report"].with_user(user or self.officer_user)
        html, _kind = report._render_qweb_html(REPORT, (enrollment or self.enrollment).ids)
        return html.decode()

    def test_record_lists_every_task_with_dates_and_reviewer(self):
        with freeze_time(self.day(2)):
            self.finish(self.enrollment.task_ids.filtered(lambda t: t.stage_id.sequence < 30))
            self.finish(self.task(self.enrollment, "Basic: back office"))
        html = self.render()
        for task in self.enrollment.task_ids:
            self.assertIn(task.name, html)
        self.assertIn("Olivia Officer", html, "who confirmed the back office task")
        self.assertEqual(html.count("o_onboarding_record_task"), len(self.enrollment.task_ids))
        self.assertIn("Henry Hire", html)
        self.assertIn("CS – 30 days", html)
        self.assertIn("In progress: no outcome yet.", html)

    def test_outcome_shows_the_conversion_date_or_the_failure_reason(self):
        self.enrollment.with_user(self.officer_user).action_fail("Left for another job.")
        html = self.render()
        self.assertIn("Left for another job.", html)

    def test_peer_reviews_stay_anonymous_below_the_minimum(self):
        html = self.render()
        self.assertIn("too few reviews to stay anonymous", html)

    def test_prints_in_the_hire_language(self):
        skip_unless_pot_has(self, "onboarding_training", "Onboarding record")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(OUR_ADDONS, ["zh_CN"])
        self.hire_user.lang = "zh_CN"
        html = self.render()
        self.assertIn("入职培训记录", html)
        self.assertNotIn("Onboarding record", html)
        # A hire without a login of their own is printed in the language of the user printing it.
        self.hire_user.lang = "en_US"
        self.assertIn("Onboarding record", self.render())

    def test_a_hire_cannot_print_another_hire_record(self):
        other = self.env["onboarding.enrollment"]._enroll(self.other, self.program, start_date=self.START)
        with self.assertRaises(Exception) as refused:
            self.render(user=self.hire_user, enrollment=other)
        # The report engine wraps the refusal of the record rules.
        self.assertIsInstance(refused.exception.__cause__ or refused.exception, AccessError)

    def test_pdf_is_produced(self):
        report = self.env["ir.actions.report"].with_user(self.officer_user).with_context(force_report_rendering=True)
        pdf, kind = report._render_qweb_pdf(REPORT, self.enrollment.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
