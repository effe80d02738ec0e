from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAudienceTour(HttpCase):
    def test_program_audience_tab(self):
        manager = new_test_user(
            self.env,
            "tour_audience_manager",
            groups="base.group_user,onboarding_training.group_onboarding_manager",
            name="Hana HR",
        )
        program = self.env["onboarding.program"].create(
            {
                "name": "Data desk",
                "auto_enroll": False,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Week 1",
                            "deadline_offset_days": 7,
                            "item_ids": [
                                Command.create({"name": "Employee handbook", "sequence": 1}),
                                Command.create({"name": "Data analysis", "sequence": 2}),
                            ],
                        }
                    )
                ],
            }
        )
        self.start_tour(
            f"/odoo/action-onboarding_training.onboarding_program_action/{program.id}",
            "onboarding_training_program_audience",
            login=manager.login,
        )
        item = program.item_ids.filtered(lambda i: i.name == "Data analysis")
        self.assertEqual(item.audience_level_ids, self.env.ref("onboarding_training.education_level_master"))
