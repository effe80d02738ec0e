from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import SeededCohortCase


@tagged("post_install", "-at_install")
class TestMonthlyReport(SeededCohortCase, HttpCase):
    """An HttpCase: wkhtmltopdf fetches the report's assets from the test server, inside the test transaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["onboarding.monthly.report"]
        cls.exam_month = (cls.START_A + timedelta(days=30)).replace(day=1)

    def test_values(self):
        report = self.Report.with_user(self.officer_user).create({"month": self.START_A + timedelta(days=30)})
        self.assertEqual(report.month, self.exam_month, "the month is stored as its first day")
        values = report._report_values()
        [cohort_a] = [row for row in values["cohorts"]["rows"] if row["headcount"] == 10]
        self.assertEqual((cohort_a["conversion"], cohort_a["attrition"], cohort_a["median_days"]), (70.0, 20.0, 40.0))
        exam = next(row for row in values["items"] if row["item"] == "Theory exam")
        self.assertEqual(exam["due"], 10)
        self.assertAlmostEqual(exam["overdue"], 40.0)  # a5, a6 late, a8, a9 never
        self.assertIn("Max Manager", [row["user"] for row in values["people"]])
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("training_analytics.action_report_training_effect", report.ids)[0]
            .decode()
        )
        self.assertIn("Cohorts by Start Month", html)
        self.assertIn("70 %", html)

    def test_cron_sends_last_month_once(self):
        """On the 1st the previous month's PDF is attached and emailed to the onboarding managers, once."""
        with freeze_time(date.today().replace(day=1)):
            Report = self.Report.with_context(force_report_rendering=True)
            report = Report._cron_send_previous_month()
            self.assertEqual(len(report), 1)
            self.assertEqual(report.month, (date.today().replace(day=1) - timedelta(days=1)).replace(day=1))
            self.assertTrue(report.attachment_id.raw.startswith(b"%PDF"))
            mails = self.env["mail.mail"].search([("model", "=", report._name), ("res_id", "=", report.id)])
            self.assertIn(self.admin_user.partner_id, mails.recipient_ids)
            self.assertNotIn(self.officer_user.partner_id, mails.recipient_ids)
            self.assertEqual(mails.attachment_ids, report.attachment_id)
            self.assertFalse(Report._cron_send_previous_month(), "sent once, never twice")

    def test_rights(self):
        report = self.Report.create({"month": self.exam_month})
        with self.assertRaises(AccessError):
            report.with_user(self.mentor_user).action_send()
        with self.assertRaises(AccessError):
            report.with_user(self.mentor_user).action_print()
        report.with_user(self.officer_user).action_send()
        self.assertTrue(report.sent_date)
        self.assertEqual(report.attachment_id.res_id, report.id)
