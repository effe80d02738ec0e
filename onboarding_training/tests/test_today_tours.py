from odoo.tests import HttpCase, new_test_user, tagged

from .today_world import TodayWorld, skip_unless_pot_has

OUR_ADDONS = ["onboarding_training", "hr_attendance_gate", "training_analytics", "onboarding_payroll"]


@tagged("post_install", "-at_install")
class TestTodayTours(TodayWorld, HttpCase):
    """HR opens the app on Today and reads the counts of a known shop, in English and in Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls._build_today_world()

    def test_hr_lands_on_today(self):
        self.start_tour("/odoo", "onboarding_training_today_hr", login=self.today_users["officer"].login)

    def test_hr_lands_on_today_in_chinese(self):
        skip_unless_pot_has(self, "onboarding_training", "Starting this week, pre-boarding open")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(OUR_ADDONS, ["zh_CN"])
        self.today_users["officer"].lang = "zh_CN"
        self.start_tour("/odoo", "onboarding_training_today_hr_zh", login=self.today_users["officer"].login)


@tagged("post_install", "-at_install")
class TestProgramPrerequisitesTour(HttpCase):
    """A new program's items can require each other before HR saves it: the stage dialog saves it."""

    def test_prerequisite_chosen_in_a_new_program(self):
        manager = new_test_user(
            self.env,
            "prereq_manager",
            # Programs list their job positions, which Odoo shows to HR officers only.
            groups="base.group_user,hr.group_hr_user,onboarding_training.group_onboarding_manager",
            name="Petra Programs",
        )
        self.start_tour("/odoo", "onboarding_training_program_prerequisites", login=manager.login)
        program = self.env["onboarding.program"].search([("name", "=", "Livestream – 14 days")])
        self.assertEqual(program.stage_ids.mapped("name"), ["Basics", "Week 1"])
        refunds = program.stage_ids.item_ids.filtered(lambda i: i.name == "Refunds")
        self.assertEqual(refunds.prerequisite_ids.mapped("name"), ["Shop back office"])
