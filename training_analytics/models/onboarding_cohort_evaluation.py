import logging
import zlib

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# A cohort is evaluated this many days after the last day of its start month: by then every hire of the cohort
# has been with the company for at least this long, so the 90-day attrition is final.
EVALUATION_DAYS = 90
# The job catches up on evaluations that came due this many days ago at most (a stopped server, a failed run);
# older cohorts, for instance those before the addon was installed, are printed on demand instead.
CATCH_UP_DAYS = 60
# Held by the transaction that makes evaluations, so that two runs of the job at once do not race for a cohort.
JOB_LOCK = zlib.crc32(b"onboarding.cohort.evaluation")


def _month_start(day):
    return fields.Date.to_date(day).replace(day=1)


def evaluation_due_date(month):
    """The day a cohort that started in `month` is evaluated: the month's last day plus 90 days."""
    return _month_start(month) + relativedelta(months=1, days=-1) + relativedelta(days=EVALUATION_DAYS)


class OnboardingCohortEvaluation(models.Model):
    """The three-month evaluation 《培训效果评估报告》 of a cohort: a program's hires of one start month in a company.

    Made by the scheduled job once the cohort is 90 days past its start month: the PDF in the company's language
    and in each onboarding manager's, attached to this record and emailed to the managers, once.
    """

    _name = "onboarding.cohort.evaluation"
    _description = "Three-Month Training Evaluation"
    _inherit = ["mail.thread"]
    _order = "month desc, program_id, id desc"
    _check_company_auto = True
    # Officers, who may only read evaluations, discuss them in the chatter.
    _mail_post_access = "read"

    program_id = fields.Many2one(
        "onboarding.program", required=True, readonly=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade", index=True)
    month = fields.Date(
        "Cohort Month", required=True, readonly=True, help="The start month of the cohort's hires (its first day)."
    )
    due_date = fields.Date(
        "Evaluated On",
        compute="_compute_due_date",
        help="The cohort month's last day plus 90 days: every hire of the cohort has then been there 90 days.",
    )
    headcount = fields.Integer("Hires", readonly=True, help="Hires of the cohort when the evaluation was made.")
    generated_date = fields.Datetime("Generated On", readonly=True, copy=False)
    sent_date = fields.Datetime("Sent On", readonly=True, copy=False)
    pdf_count = fields.Integer("PDFs", compute="_compute_pdf_count")

    _sql_constraints = [
        (
            "program_company_month_uniq",
            "UNIQUE(program_id, company_id, month)",
            "A cohort has one three-month evaluation.",
        ),
    ]

    @api.depends("month")
    def _compute_due_date(self):
        for evaluation in self:
            evaluation.due_date = evaluation.month and evaluation_due_date(evaluation.month)

    def _compute_pdf_count(self):
        counts = dict(
            self.env["ir.attachment"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids), ("mimetype", "=", "application/pdf")],
                ["res_id"],
                ["__count"],
            )
        )
        for evaluation in self:
            evaluation.pdf_count = counts.get(evaluation.id, 0)

    @api.depends("program_id", "month")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for evaluation in self:
            evaluation.display_name = self.env._(
                "%(program)s, cohort %(month)s",
                program=evaluation.program_id.display_name,
                month=evaluation.month and evaluation.month.strftime("%Y-%m"),
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_print(self):
        """The evaluation as it reads today (the PDFs sent are in the chatter)."""
        self.check_access("read")
        return self.env.ref("training_analytics.action_report_cohort_evaluation").report_action(self)

    def action_view_pdfs(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("PDFs"),
            "res_model": "ir.attachment",
            "view_mode": "kanban,list,form",
            "domain": [("res_model", "=", self._name), ("res_id", "=", self.id)],
            "context": {"create": False},
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _evaluation_values(self):
        self.ensure_one()
        return self._cohort_values(self.program_id, self.company_id, self.month)

    def _manager_users(self):
        """The company's onboarding managers with an email address: they receive the evaluation."""
        self.ensure_one()
        group = self.env.ref("onboarding_training.group_onboarding_manager")
        return group.users.filtered(
            lambda u: u.id != SUPERUSER_ID and not u.share and u.email and self.company_id in u.company_ids
        )

    def _languages(self, users):
        """The company's language, for the copy kept, and each recipient's."""
        self.ensure_one()
        installed = {code for code, __ in self.env["res.lang"].get_installed()}
        company_lang = self.company_id.partner_id.lang or self.env.lang or "en_US"
        langs = [company_lang] + sorted({user.lang or "en_US" for user in users} - {company_lang})
        return [lang for lang in langs if lang in installed] or ["en_US"]

    def _render_pdfs(self, langs):
        """{lang: attachment} of the evaluation in each language, attached to the evaluation."""
        self.ensure_one()
        report = self.env.ref("training_analytics.action_report_cohort_evaluation")
        vals_list = []
        for lang in langs:
            pdf, __ = self.env["ir.actions.report"].with_context(lang=lang)._render_qweb_pdf(report, self.ids)
            name = self.with_context(lang=lang).display_name
            vals_list.append(
                {
                    "name": f"{name} ({lang}).pdf",
                    "raw": pdf,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                }
            )
        # sudo: the files belong to the evaluation, which only the system writes.
        return dict(zip(langs, self.env["ir.attachment"].sudo().create(vals_list), strict=True))

    def _generate_and_send(self):
        """Render, attach and email each evaluation to its company's onboarding managers.

        The emails are queued in the same transaction as the evaluation and its files: a run that fails half-way
        leaves none of them, and the next run starts again from nothing.
        """
        template = self.env.ref("training_analytics.mail_template_onboarding_cohort_evaluation")
        for evaluation in self:
            users = evaluation._manager_users()
            pdfs = evaluation._render_pdfs(evaluation._languages(users))
            company_pdf = next(iter(pdfs.values()))
            for lang, lang_users in users.grouped(lambda u: u.lang or "en_US").items():
                # sudo: the evaluation goes out on behalf of the company to its managers.
                template.sudo().with_context(lang=lang).send_mail(
                    evaluation.id,
                    email_values={
                        "recipient_ids": [Command.set(lang_users.partner_id.ids)],
                        "attachment_ids": [Command.set(pdfs.get(lang, company_pdf).ids)],
                    },
                )
            body = (
                self.env._("Sent to %(names)s.", names=", ".join(users.mapped("name")))
                if users
                else self.env._("No onboarding manager with an email address to send it to.")
            )
            evaluation.message_post(body=body, attachment_ids=[pdf.id for pdf in pdfs.values()])
        now = fields.Datetime.now()
        self.write({"generated_date": now, "sent_date": now})

    @api.model
    def _due_cohorts(self, today):
        """[(program, company, month)] of the cohorts whose evaluation is due and not made, oldest first."""
        due_from = _month_start(today - relativedelta(days=EVALUATION_DAYS + CATCH_UP_DAYS))
        due_until = _month_start(today - relativedelta(days=EVALUATION_DAYS - 1))
        groups = self.env["onboarding.enrollment"]._read_group(
            [
                ("state", "not in", ("draft", "cancelled")),
                ("start_date", ">=", due_from),
                ("start_date", "<", due_until),
            ],
            ["program_id", "company_id", "start_date:month"],
        )
        done = {
            (evaluation.program_id, evaluation.company_id, evaluation.month)
            for evaluation in self.search([("month", ">=", due_from), ("month", "<", due_until)])
        }
        cohorts = [
            (program, company, month)
            for program, company, month in groups
            if (program, company, month) not in done and evaluation_due_date(month) <= today
        ]
        return sorted(cohorts, key=lambda c: (c[2], c[0].id, c[1].id))

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------
    @api.model
    def _cron_evaluate_cohorts(self, batch_size=1):
        """Daily: the evaluation of each cohort 90 days past its start month, made and sent once.

        One cohort per call: the cron runner commits after each call and calls again while cohorts remain,
        so each evaluation and its emails are committed together, and a failure costs one cohort's work.
        """
        # Another process is making evaluations (the job started twice): the cohorts are left to it. Should both
        # get here anyway, the unique key lets one evaluation of a cohort be saved, with its emails.
        self.env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", JOB_LOCK))
        if not self.env.cr.fetchone()[0]:
            return self.browse()
        # sudo: the scheduled job evaluates the cohorts of every company, and only the system writes evaluations.
        Evaluation = self.sudo()
        cohorts = Evaluation._due_cohorts(fields.Date.context_today(self))
        todo, left = cohorts[:batch_size], cohorts[batch_size:]
        # The unique key refuses a second evaluation of a cohort, whoever would make it.
        evaluations = Evaluation.create(
            [
                {
                    "program_id": program.id,
                    "company_id": company.id,
                    "month": month,
                    "headcount": Evaluation._cohort_numbers(program, company, month)["headcount"],
                }
                for program, company, month in todo
            ]
        )
        evaluations._generate_and_send()
        for evaluation in evaluations:
            _logger.info("Three-month evaluation made and sent: %s (%s)", evaluation.display_name, evaluation.id)
        self.env["ir.cron"]._notify_progress(done=len(evaluations), remaining=len(left))
        return evaluations
