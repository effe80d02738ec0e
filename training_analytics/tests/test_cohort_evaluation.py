import shutil
import subprocess
import tempfile
from datetime import timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from ..models.onboarding_cohort_evaluation import evaluation_due_date
from .common import AnalyticsCase, at


@tagged("post_install", "-at_install")
class TestCohortEvaluation(AnalyticsCase, HttpCase):
    """Two cohorts of the 30-day program, a month apart, with answers worked out by hand.

    Previous cohort P (4 hires p0..p3): p0, p1 do all four items, pass and are converted after 30 and 40 days;
      p2, p3 do Orientation and Back office only and fail; p3 leaves after 20 days.
      Completion 12/16 = 75 %, conversion 2/4 = 50 %, attrition 1/4 = 25 %, median days to conversion 35.
    Cohort C (5 hires c0..c4): c0..c3 do everything, pass and are converted after 20, 26, 30 and 50 days;
      c4 does Orientation and Back office and fails; nobody leaves.
      Completion 18/20 = 90 %, conversion 4/5 = 80 %, attrition 0 %, median days 28.
    Everything is done on time and everyone signs in to the orientation.
    An HttpCase: wkhtmltopdf fetches the report's assets from the test server, inside the test transaction.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Evaluation = cls.env["onboarding.cohort.evaluation"]
        cls.month_c = fields.Date.today().replace(day=1) - relativedelta(months=7)
        cls.month_p = cls.month_c - relativedelta(months=1)
        cls.cohort_p = cls._seed(cls.month_p, "p", done_all=2, conversion_days=(30, 40))
        cls.cohort_c = cls._seed(cls.month_c, "c", done_all=4, conversion_days=(20, 26, 30, 50))
        cls.cohort_p[3].employee_id.departure_date = cls.cohort_p[3].start_date + timedelta(days=20)
        cls.env.flush_all()

    @classmethod
    def _seed(cls, month, prefix, done_all, conversion_days):
        start = month + timedelta(days=4)
        count = done_all + (2 if prefix == "p" else 1)
        enrollments = cls._hire(count, prefix, start, cls.dept_cs)
        cls._done(cls._tasks(enrollments, cls.item_o), at(start), signed_in=True)
        cls._done(cls._tasks(enrollments, cls.item_b), at(start + timedelta(days=5)))
        cls._done(cls._tasks(enrollments[:done_all], cls.item_c), at(start + timedelta(days=6)))
        cls._done(cls._tasks(enrollments[:done_all], cls.item_e), at(start + timedelta(days=20)), score=80)
        enrollments[:done_all].sudo().write({"state": "passed"})
        enrollments[done_all:].sudo().write({"state": "failed"})
        for enrollment, days in zip(enrollments[:done_all], conversion_days, strict=True):
            enrollment.sudo().conversion_date = start + timedelta(days=days)
        return enrollments

    def _run_job(self):
        """The job as the cron runner calls it: again while it reports work left; what it made."""
        made = self.Evaluation
        for __ in range(10):
            batch = self.Evaluation._cron_evaluate_cohorts()
            if not batch:
                break
            made |= batch
        return made.filtered(lambda e: e.program_id == self.program)

    def _mails(self, evaluations):
        return self.env["mail.mail"].search([("model", "=", self.Evaluation._name), ("res_id", "in", evaluations.ids)])

    # ------------------------------------------------------------------
    # The scheduled job
    # ------------------------------------------------------------------
    def test_job_evaluates_each_cohort_once_at_day_90(self):
        due = evaluation_due_date(self.month_c)
        self.assertEqual(due, self.month_c + relativedelta(months=1, days=-1) + timedelta(days=90))
        with freeze_time(due - timedelta(days=1)):
            made = self._run_job()
        self.assertEqual(made.mapped("month"), [self.month_p], "the day before, only the previous cohort is due")
        with freeze_time(due):
            made = self._run_job()
            self.assertEqual(len(made), 1)
            self.assertEqual((made.program_id, made.company_id, made.month), (self.program, self.company, self.month_c))
            self.assertEqual(made.headcount, 5)
            self.assertFalse(self._run_job(), "a rerun makes and sends nothing")
        with freeze_time(due + timedelta(days=30)):
            self.assertFalse(self._run_job(), "nor a later run")
        self.assertEqual(self.Evaluation.search_count([("program_id", "=", self.program.id)]), 2)

        pdfs = self.env["ir.attachment"].search([("res_model", "=", made._name), ("res_id", "=", made.id)])
        self.assertEqual(len(pdfs), 1, "one PDF: the company and its managers read English")
        mails = self._mails(made)
        self.assertIn(self.admin_user.partner_id, mails.recipient_ids)
        self.assertNotIn(self.officer_user.partner_id, mails.recipient_ids)
        self.assertEqual(mails.attachment_ids, pdfs)
        self.assertTrue(made.sent_date)
        self.assertIn("Adam Admin", made.message_ids[:1].body)

    def test_job_skips_cohorts_long_past_and_a_crash_sends_nothing(self):
        due = evaluation_due_date(self.month_c)
        with freeze_time(due + timedelta(days=61)):
            self.assertFalse(self._run_job(), "cohorts due more than 60 days ago are printed on demand instead")
        Evaluation = self.registry["onboarding.cohort.evaluation"]
        crash = patch.object(Evaluation, "_render_pdfs", side_effect=RuntimeError("wkhtmltopdf died"))
        with freeze_time(due), crash, self.assertRaises(RuntimeError), self.env.cr.savepoint():
            self.Evaluation._cron_evaluate_cohorts()
        self.env.invalidate_all()
        self.assertFalse(self.Evaluation.search([("program_id", "=", self.program.id)]), "nothing is left half-made")
        self.assertFalse(self.env["mail.mail"].search([("model", "=", self.Evaluation._name)]))
        with freeze_time(due):
            made = self._run_job()
        self.assertEqual(sorted(made.mapped("month")), [self.month_p, self.month_c], "the oldest cohort first")
        self.assertEqual(len(self._mails(made)), 2, "one email per cohort, each sent once")

    def test_one_pdf_per_language_of_the_managers(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["training_analytics"], ["zh_CN"])
        chinese = new_test_user(
            self.env,
            "ta_admin_zh",
            groups="onboarding_training.group_onboarding_manager",
            name="Zhou Manager",
            email="zhou@example.com",
            lang="zh_CN",
        )
        with freeze_time(evaluation_due_date(self.month_c)):
            made = self._run_job().filtered(lambda e: e.month == self.month_c)
        pdfs = self.env["ir.attachment"].search([("res_model", "=", made._name), ("res_id", "=", made.id)])
        self.assertEqual(len(pdfs), 2)
        zh_pdf = pdfs.filtered(lambda a: "zh_CN" in a.name)
        zh_mail = self._mails(made).filtered(lambda m: chinese.partner_id in m.recipient_ids)
        self.assertEqual(zh_mail.attachment_ids, zh_pdf)
        self.assertNotIn(self.admin_user.partner_id, zh_mail.recipient_ids)

    # ------------------------------------------------------------------
    # What the evaluation shows
    # ------------------------------------------------------------------
    def test_known_answers_against_previous_cohort(self):
        values = self.Evaluation._cohort_values(self.program, self.company, self.month_c)
        rows = {row["key"]: row for row in values["measures"]}
        self.assertEqual(
            {key: (row["value"], row["previous"], row["change"], row["trend"]) for key, row in rows.items()},
            {
                "headcount": ("5", "4", "▲ +1", "neutral"),
                "session": ("100 %", "100 %", "=", "same"),
                "completion": ("90 %", "75 %", "▲ +15 pts", "better"),
                "on_time": ("90 %", "75 %", "▲ +15 pts", "better"),
                "pass": ("80 %", "50 %", "▲ +30 pts", "better"),
                "conversion": ("80 %", "50 %", "▲ +30 pts", "better"),
                "attrition": ("0 %", "25 %", "▼ −25 pts", "better"),
                "median_days": ("28 days", "35 days", "▼ −7 days", "better"),
            },
        )
        self.assertFalse(values["provisional"], "the cohort's 90 days are over")
        self.assertIn(self.program.name, values["subtitle"])

        first = self.Evaluation._cohort_values(self.program, self.company, self.month_p)
        self.assertEqual(
            [(row["previous"], row["change"]) for row in first["measures"]], [("–", "–")] * len(first["measures"])
        )
        self.assertIn("first cohort", first["previous_note"])

    def test_effectiveness_over_the_cohort_only(self):
        """Ten hires of one month, five passed Chat etiquette and five did not; the other cohorts stay out."""
        metric_type = self.env.ref("training_analytics.onboarding_performance_metric_type_sales_per_day")
        month = self.month_c + relativedelta(months=2)
        start = month + timedelta(days=2)
        cohort = self._hire(10, "e", start, self.dept_cs)
        self._done(self._tasks(cohort[:5], self.item_c), at(start + timedelta(days=6)))
        cohort.sudo().write({"state": "failed"})
        people = cohort | self.cohort_c
        values = (10, 12, 14, 16, 18, 5, 6, 7, 8, 9, 99, 99, 99, 99, 99)
        self.env["onboarding.performance.metric"].create(
            [
                {
                    "employee_id": enrollment.employee_id.id,
                    "metric_type_id": metric_type.id,
                    "date": start + timedelta(days=40),
                    "value": value,
                }
                for enrollment, value in zip(people, values, strict=True)
            ]
        )
        values = self.Evaluation._cohort_values(self.program, self.company, month)
        [row] = values["effectiveness"]
        self.assertEqual(
            (row["item"], row["metric"], row["passed"], row["not_passed"]), ("Chat etiquette", metric_type.name, 5, 5)
        )
        self.assertEqual((row["mean_passed"], row["mean_not_passed"], row["relative"]), ("14.00", "7.00", "+100 %"))
        self.assertEqual(row["trend"], "better")
        # Item health over these ten hires only: half of them passed Chat etiquette.
        chat = next(item for item in values["items"] if item["item"] == "Chat etiquette")
        self.assertEqual(chat["flag"], "too_hard")
        self.assertIn("(5 of 10)", chat["reasons"][0])
        self.assertNotIn("Orientation", [item["item"] for item in values["items"]], "sessions are not too hard")

        other = self.Evaluation._cohort_values(self.program, self.company, self.month_c)
        self.assertFalse(other["effectiveness"], "five hires cannot be split into two groups of five")
        self.assertFalse(other["items"], "every item of cohort C passed by 4 or 5 of 5")

    # ------------------------------------------------------------------
    # Printing on demand, rights
    # ------------------------------------------------------------------
    def test_officer_prints_any_cohort_provisional_before_its_day(self):
        Wizard = self.env["onboarding.cohort.evaluation.wizard"].with_user(self.officer_user)
        wizard = Wizard.with_context(default_program_id=self.program.id).create({})
        self.assertEqual(wizard.month, self.month_c, "the latest cohort is proposed")
        self.assertIn("5", wizard.cohorts)
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "training_analytics.report_cohort_evaluation_wizard")
        # By the report's name, as the download URL asks for it.
        html = (
            self.env["ir.actions.report"]
            .with_user(self.officer_user)
            ._render_qweb_html(action["report_name"], wizard.ids)[0]
        )
        self.assertIn("Training Evaluation Report", html.decode())
        self.assertNotIn("Provisional", html.decode())
        self.authenticate("ta_officer", "ta_officer")
        response = self.url_open(f"/report/html/{action['report_name']}/{wizard.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("cohort of", response.text)
        with freeze_time(evaluation_due_date(self.month_c) - timedelta(days=1)):
            self.assertTrue(wizard._evaluation_values()["provisional"])
        wizard.month = self.month_c - relativedelta(months=3)
        with self.assertRaisesRegex(UserError, "No hire of"):
            wizard.action_print()

    def test_rights(self):
        evaluation = self.Evaluation.sudo().create(
            {"program_id": self.program.id, "company_id": self.company.id, "month": self.month_c}
        )
        pdf = self.env["ir.attachment"].create(
            {"name": "e.pdf", "raw": b"%PDF", "res_model": evaluation._name, "res_id": evaluation.id}
        )
        for user in (self.mentor_user, self.hire_user):
            with self.assertRaises(AccessError):
                evaluation.with_user(user).read(["month"])
            with self.assertRaises(AccessError):
                evaluation.with_user(user).action_print()
            with self.assertRaises(AccessError):
                pdf.with_user(user).read(["raw"])
            with self.assertRaises(AccessError):
                self.env["onboarding.cohort.evaluation.wizard"].with_user(user).create(
                    {"program_id": self.program.id, "month": self.month_c}
                ).action_print()
        officer = evaluation.with_user(self.officer_user)
        self.assertEqual(officer.action_print()["report_name"], "training_analytics.report_cohort_evaluation")
        self.assertTrue(pdf.with_user(self.officer_user).raw)
        with self.assertRaises(AccessError):
            officer.write({"month": self.month_p})
        with self.assertRaises(AccessError):
            self.Evaluation.with_user(self.officer_user).create(
                {"program_id": self.program.id, "company_id": self.company.id, "month": self.month_p}
            )

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Other Shop"})
        program_b = self.program.copy({"company_id": other.id})
        evaluation_b = self.Evaluation.sudo().create(
            {"program_id": program_b.id, "company_id": other.id, "month": self.month_c}
        )
        self.officer_user.write({"company_ids": [Command.link(other.id)]})
        Officer = self.Evaluation.with_user(self.officer_user).with_context(allowed_company_ids=self.company.ids)
        self.assertFalse(Officer.search([("id", "=", evaluation_b.id)]))
        with self.assertRaises(AccessError):
            Officer.browse(evaluation_b.id).read(["month"])
        both = self.Evaluation.with_user(self.officer_user).with_context(allowed_company_ids=(self.company | other).ids)
        self.assertEqual(both.search([("id", "=", evaluation_b.id)]), evaluation_b, "there with both selected")
        self.officer_user.write({"company_ids": [Command.unlink(other.id)]})
        # A wizard on the other company's cohort, as a forged RPC call would leave it.
        wizard = (
            self.env["onboarding.cohort.evaluation.wizard"]
            .with_user(self.officer_user)
            .sudo()
            .create({"program_id": program_b.id, "company_id": other.id, "month": self.month_c})
            .sudo(False)
        )
        with self.assertRaises(AccessError):
            wizard.action_print()

    def test_pdf_in_chinese(self):
        """The PDF itself, as wkhtmltopdf prints it in Simplified Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["training_analytics"], ["zh_CN"])
        evaluation = self.Evaluation.sudo().create(
            {"program_id": self.program.id, "company_id": self.company.id, "month": self.month_c}
        )
        pdfs = evaluation.with_context(force_report_rendering=True)._render_pdfs(["zh_CN"])
        raw = pdfs["zh_CN"].raw
        self.assertTrue(raw.startswith(b"%PDF"))
        html = (
            self.env["ir.actions.report"]
            .with_context(lang="zh_CN")
            ._render_qweb_html("training_analytics.action_report_cohort_evaluation", evaluation.ids)[0]
            .decode()
        )
        self.assertIn("培训效果评估报告", html)
        self.assertNotIn("Training Evaluation Report", html)
        if not shutil.which("pdftotext"):
            return
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(raw)
            file.flush()
            text = subprocess.run(["pdftotext", file.name, "-"], capture_output=True, check=True, text=True).stdout
        self.assertIn("培训效果评估报告", text.replace(" ", ""))
