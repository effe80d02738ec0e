from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .common import OnboardingCase


@tagged("post_install", "-at_install")
class TestActivityPlan(OnboardingCase):
    """A program launches Odoo's employee activity plan (IT, badge...) when an enrollment starts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.env["mail.activity.plan"].create(
            {
                "name": "Equipment",
                "res_model": "hr.employee",
                "template_ids": [
                    Command.create(
                        {
                            "summary": "Prepare the laptop",
                            "responsible_type": "manager",
                            "delay_count": 1,
                            "delay_unit": "days",
                            "delay_from": "before_plan_date",
                        }
                    ),
                    Command.create({"summary": "Badge", "responsible_type": "on_demand"}),
                ],
            }
        )
        cls.program.activity_plan_id = cls.plan

    def employee_activities(self, employee):
        return self.env["mail.activity"].search([("res_model", "=", "hr.employee"), ("res_id", "=", employee.id)])

    def test_plan_is_launched_from_the_start_date(self):
        self.enroll(start=self.START)
        activities = self.employee_activities(self.hire)
        by_summary = {activity.summary: activity for activity in activities}
        self.assertEqual(set(by_summary), {"Prepare the laptop", "Badge"})
        self.assertEqual(by_summary["Prepare the laptop"].user_id, self.manager_user)
        self.assertEqual(by_summary["Prepare the laptop"].date_deadline, self.START - timedelta(days=1))
        self.assertEqual(by_summary["Badge"].user_id, self.officer_user, "on demand: the HR responsible")

    def test_plan_that_cannot_be_launched_does_not_stop_the_onboarding(self):
        Employee = self.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        orphan = Employee.create({"name": "Nadia Nomanager"})
        enrollments = self.enroll(employees=self.hire | orphan, start=self.START)
        self.assertEqual(enrollments.mapped("state"), ["running", "running"])
        self.assertFalse(self.employee_activities(orphan))
        orphan_enrollment = enrollments.filtered(lambda e: e.employee_id == orphan)
        self.assertIn("Equipment", orphan_enrollment.message_ids[:1].body)
        # The hire with a manager in the same batch still gets the plan.
        self.assertEqual(len(self.employee_activities(self.hire)), 2)

    def test_no_plan_no_activity(self):
        self.program.activity_plan_id = False
        self.enroll(start=self.START)
        self.assertFalse(self.employee_activities(self.hire))

    def test_plan_is_launched_once_for_a_batch(self):
        enrollments = self.enroll(employees=self.hire | self.other, start=self.START)
        self.assertEqual(len(enrollments), 2)
        self.assertEqual(len(self.employee_activities(self.hire)), 2)
        self.assertEqual(len(self.employee_activities(self.other)), 2)
