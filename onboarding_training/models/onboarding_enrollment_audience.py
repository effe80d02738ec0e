"""What an enrollment is made of: the items whose audience the hire is in, and the prior learning credited."""

from dateutil.relativedelta import relativedelta

from odoo import fields, models


class OnboardingEnrollment(models.Model):
    _inherit = "onboarding.enrollment"

    def _applicable_items(self):
        """{enrollment: the items of its program whose audience its employee is in}, read in one batch."""
        items = self.program_id.stage_ids.item_ids
        items.fetch(
            ["deadline_offset_days", "responsible_role", "stage_id", "required", "prerequisite_ids"]
            + ["audience_restricted", "item_type", "survey_id"]
        )
        if items.filtered("audience_restricted"):
            # The audience is read for every hire at once; the certificate is HR data (the caller is sudo).
            self.employee_id.fetch(["job_id", "department_id", "certificate", "category_ids"])
        return {
            enrollment: enrollment.program_id.stage_ids.item_ids.filtered(
                lambda item, employee=enrollment.employee_id: item._applies_to(employee)
            )
            for enrollment in self
        }

    def _prior_learning_credits(self, items_by_enrollment):
        """{(enrollment id, item id): done task} of what each hire completed recently in another onboarding.

        A done task of the same employee and company, in the window of the company's setting, credits every
        item it shares a prior learning key with (same item, same exam...); the most recent one counts. The
        candidates of every hire are read in one search.
        """
        now = fields.Datetime.now()
        cutoffs = {
            company: now - relativedelta(months=company.onboarding_credit_months)
            for company in self.company_id
            if company.onboarding_credit_months
        }
        enrollments = self.filtered(lambda e: e.company_id in cutoffs)
        if not enrollments:
            return {}
        # sudo: the hire's history is read by the system to credit it; the caller started the enrollments.
        candidates = (
            self.env["onboarding.task"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", enrollments.employee_id.ids),
                    ("state", "=", "done"),
                    ("done_date", ">=", min(cutoffs.values())),
                    ("enrollment_id", "not in", self.ids),
                ],
                order="done_date desc, id desc",
            )
        )
        latest = {}
        for task in candidates.filtered(lambda t: t._is_creditable()):
            for key in task.item_id._prior_learning_keys():
                latest.setdefault((task.employee_id, task.company_id, key), task)
        credits = {}
        for enrollment in enrollments:
            cutoff = cutoffs[enrollment.company_id]
            for item in items_by_enrollment[enrollment]:
                found = [
                    latest[key]
                    for key in (
                        (enrollment.employee_id, enrollment.company_id, item_key)
                        for item_key in item._prior_learning_keys()
                    )
                    if key in latest and latest[key].done_date >= cutoff
                ]
                if found:
                    credits[(enrollment.id, item.id)] = max(found, key=lambda t: (t.done_date, t.id))
        return credits
