from odoo.tests import TransactionCase, tagged

from .common import GateFixtures

REPORT = "onboarding_training.onboarding_enrollment_report_action"


@tagged("post_install", "-at_install")
class TestEnrollmentReportAttendance(GateFixtures, TransactionCase):
    """The printed onboarding record lists the exemptions granted and the missed check-ins of the onboarding."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gate()

    def render(self):
        report = self.env["ir.actions.report"].with_user(self.officer_user)
        html, _kind = report._render_qweb_html(REPORT, self.enrollment.ids)
        return html.decode()

    def test_exemptions_and_missed_checkins_are_printed(self):
        Exemption = self.env["onboarding.attendance.exemption"]
        Exemption.with_user(self.officer_user).create(
            {"employee_id": self.hire.id, "date_from": self.day(0), "date_to": self.day(1), "reason": "Badge lost"}
        )
        # Another employee's exemption and one long before the onboarding stay off the record.
        Exemption.create({"employee_id": self.other.id, "date_to": self.day(1), "reason": "Not this hire"})
        Exemption.create(
            {"employee_id": self.hire.id, "date_from": self.day(-90), "date_to": self.day(-80), "reason": "Old one"}
        )
        Miss = self.env["onboarding.attendance.miss"].sudo()
        Miss.create({"employee_id": self.hire.id, "enrollment_id": self.enrollment.id, "date": self.day(2)})
        justified = Miss.create({"employee_id": self.hire.id, "enrollment_id": self.enrollment.id, "date": self.day(3)})
        justified.write({"justified": True, "justification": "Train strike"})
        html = self.render()
        self.assertIn('id="attendance"', html)
        self.assertIn("Badge lost", html)
        self.assertNotIn("Not this hire", html)
        self.assertNotIn("Old one", html)
        self.assertIn("Train strike", html)
        self.assertEqual(html.count("o_onboarding_record_misses"), 1)

    def test_nothing_to_report_prints_the_counts_only(self):
        html = self.render()
        self.assertIn('id="attendance"', html)
        self.assertNotIn("o_onboarding_record_misses", html)
        self.assertNotIn("o_onboarding_record_exemptions", html)
