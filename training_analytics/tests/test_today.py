from odoo.tests import TransactionCase, tagged

from odoo.addons.onboarding_training.tests.today_world import EXPECTED, TodayWorld


@tagged("post_install", "-at_install")
class TestTodayAtRisk(TodayWorld, TransactionCase):
    """HR's landing page counts the hires the early warning flags, and opens the early-warning list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls._build_today_world()

    def at_risk_block(self, user):
        page = self.env["onboarding.today"].with_user(user).get_today()
        blocks = {block["key"]: block for section in page["sections"] for block in section["blocks"]}
        return blocks.get("at_risk"), blocks

    def test_hr_sees_the_hires_at_risk(self):
        officer = self.today_users["officer"]
        block, blocks = self.at_risk_block(officer)
        # The base blocks are still there, with the same counts.
        self.assertEqual({key: blocks[key]["count"] for key in EXPECTED["officer"]}, EXPECTED["officer"])
        Enrollment = self.env["onboarding.enrollment"].with_user(officer)
        at_risk = Enrollment.search(block["action"]["domain"])
        self.assertEqual(block["count"], len(at_risk))
        # Eve is stalled with every task overdue: high risk.
        self.assertIn(self.today_enrollments["eve"], at_risk)
        self.assertEqual(set(at_risk.mapped("risk_level")) - {"medium", "high"}, set())
        self.assertNotIn(self.today_enrollments["olaf"], at_risk, "starts in 20 days: nothing can be late yet")
        risk_view = self.env.ref("training_analytics.onboarding_enrollment_view_list_risk")
        self.assertEqual(block["action"]["views"][0], [risk_view.id, "list"])

    def test_mentors_and_hires_get_no_risk_block(self):
        for key in ("mentor", "hire"):
            block, _blocks = self.at_risk_block(self.today_users[key])
            self.assertIsNone(block, key)
