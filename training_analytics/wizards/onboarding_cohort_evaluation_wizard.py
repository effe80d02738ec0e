from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.onboarding_cohort_evaluation import _month_start


class OnboardingCohortEvaluationWizard(models.TransientModel):
    """Print the three-month evaluation of any cohort of a program, on demand (provisional before its day)."""

    _name = "onboarding.cohort.evaluation.wizard"
    _description = "Print a Three-Month Evaluation"
    _check_company_auto = True

    program_id = fields.Many2one("onboarding.program", required=True, ondelete="cascade", check_company=True)
    company_id = fields.Many2one(
        "res.company", required=True, ondelete="cascade", default=lambda self: self.env.company
    )
    month = fields.Date(
        "Cohort Month",
        compute="_compute_month",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="Any day of the start month of the cohort; the program's latest cohort is proposed.",
    )
    cohorts = fields.Text(
        "Cohorts", compute="_compute_cohorts", help="The program's cohorts in this company: start month and hires."
    )

    @api.depends("program_id", "month")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._(
                "%(program)s, cohort %(month)s",
                program=wizard.program_id.display_name,
                month=wizard.month and wizard.month.strftime("%Y-%m"),
            )

    @api.depends("program_id", "company_id")
    def _compute_month(self):
        Evaluation = self.env["onboarding.cohort.evaluation"]
        this_month = fields.Date.context_today(self).replace(day=1)
        for wizard in self:
            # The latest cohort that has started: the last one before next month.
            latest = wizard.program_id and Evaluation._previous_cohort_month(
                wizard.program_id, wizard.company_id, this_month + relativedelta(months=1)
            )
            wizard.month = latest or wizard.month or this_month

    @api.depends("program_id", "company_id")
    def _compute_cohorts(self):
        Monthly = self.env["onboarding.monthly.report"]
        for wizard in self:
            if not wizard.program_id or not wizard.company_id:
                wizard.cohorts = False
                continue
            groups = self.env["onboarding.cohort.report"]._read_group(
                [("program_id", "=", wizard.program_id.id), ("company_id", "=", wizard.company_id.id)],
                ["start_date:month"],
                ["headcount:sum"],
                order="start_date:month desc",
                limit=12,
            )
            wizard.cohorts = "\n".join(
                self.env._("%(month)s: %(count)s hires", month=Monthly._month_label(month, "yMMMM"), count=count)
                for month, count in groups
            ) or self.env._("No hire has started in this program yet.")

    def action_print(self):
        self.ensure_one()
        if not self.env.user.has_group("onboarding_training.group_onboarding_officer"):
            raise AccessError(self.env._("Only onboarding officers can print three-month evaluations."))
        if self.company_id not in self.env.companies:
            raise AccessError(self.env._("Select the company %(company)s first.", company=self.company_id.name))
        self.program_id.check_access("read")
        month = _month_start(self.month)
        Evaluation = self.env["onboarding.cohort.evaluation"]
        if not Evaluation._cohort_numbers(self.program_id, self.company_id, month)["headcount"]:
            raise UserError(
                self.env._(
                    "No hire of %(program)s started in %(month)s.",
                    program=self.program_id.display_name,
                    month=self.env["onboarding.monthly.report"]._month_label(month, "yMMMM"),
                )
            )
        self.month = month
        action = self.env.ref("training_analytics.action_report_cohort_evaluation_wizard").report_action(self)
        return dict(action, close_on_report_download=True)

    def _evaluation_values(self):
        self.ensure_one()
        Evaluation = self.env["onboarding.cohort.evaluation"]
        return Evaluation._cohort_values(self.program_id, self.company_id, _month_start(self.month))
