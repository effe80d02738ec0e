from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    """HR opens the analytics: cohorts as pivot and graph, then the early warnings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.officer_user = new_test_user(
            cls.env, "tour_analytics", groups="base.group_user,onboarding_training.group_onboarding_officer"
        )
        program = cls.env["onboarding.program"].create(
            {
                "name": "Analytics tour program",
                "auto_enroll": False,
                "hr_responsible_id": cls.officer_user.id,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Week 1",
                            "deadline_offset_days": 5,
                            "item_ids": [
                                Command.create({"name": f"Task {number}", "item_type": "task"})
                                for number in range(1, 4)
                            ],
                        }
                    )
                ],
            }
        )
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        hires = Employee.create([{"name": "Omar Overdue"}, {"name": "Olga On-time"}])
        today = fields.Date.today()
        cls.late, cls.on_time = cls.env["onboarding.enrollment"]._enroll(
            hires, program, start_date=today - timedelta(days=20)
        )
        cls.on_time.task_ids.with_user(cls.officer_user).action_submit()
        (cls.late | cls.on_time)._update_risk()

    def test_dashboard_opens(self):
        self.assertEqual(self.late.risk_level, "high")
        self.assertEqual(self.on_time.state, "running")
        self.start_tour("/odoo", "training_analytics_dashboard", login=self.officer_user.login)
