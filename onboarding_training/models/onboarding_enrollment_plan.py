"""Launching the program's Odoo activity plan on the employee when the enrollment starts."""

from markupsafe import Markup

from odoo import models
from odoo.exceptions import ValidationError
from odoo.tools import split_every


class OnboardingEnrollment(models.Model):
    _inherit = "onboarding.enrollment"

    def _start(self):
        result = super()._start()
        self._launch_activity_plans()
        return result

    def _launch_activity_plans(self):
        with_plan = self.filtered(lambda e: e.program_id.activity_plan_id)
        groups = with_plan.grouped(
            lambda e: (e.program_id.activity_plan_id, e.start_date, e.hr_responsible_id, e.company_id)
        )
        batch_size = self.env["mail.activity.schedule"]._batch_size
        for (plan, start_date, hr_user, company), enrollments in groups.items():
            # The plan wizard takes so many records at most.
            for batch in split_every(batch_size, enrollments.ids, self.browse):
                batch._launch_activity_plan(plan, start_date, hr_user, company)

    def _launch_activity_plan(self, plan, start_date, hr_user, company):
        """Schedule the plan through Odoo's own plan wizard; a plan that cannot be launched is noted, not fatal."""
        try:
            with self.env.cr.savepoint():
                # sudo: the plan is launched by the system for whoever started the enrollments (checked by the
                # caller); the wizard refuses a plan with an activity nobody can do (a coach or manager missing).
                scheduler = (
                    self.env["mail.activity.schedule"]
                    .sudo()
                    .with_company(company)
                    .with_context(active_model="hr.employee", active_ids=self.employee_id.ids)
                    .create({"plan_id": plan.id, "plan_date": start_date, "plan_on_demand_user_id": hr_user.id})
                )
        except ValidationError as error:
            if len(self) > 1:
                # One hire without a manager must not keep the plan from the others: retry one by one.
                for enrollment in self:
                    enrollment._launch_activity_plan(plan, start_date, hr_user, company)
                return
            note = self.env._(
                "The activity plan %(plan)s was not launched; launch it from the employee once this is fixed:",
                plan=plan.name,
            )
            body = Markup("<p>%s</p><p>%s</p>") % (note, error.args[0])
            for enrollment in self.sudo():
                enrollment.message_post(body=body)
            return
        scheduler.action_schedule_plan()
