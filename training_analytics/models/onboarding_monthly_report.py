from babel.dates import format_skeleton
from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import babel_locale_parse, format_date

from odoo.addons.onboarding_training.tools import check_field_policy

# Field policy (tools.check_field_policy): what officers set on a report; when it was sent is the system's.
USER_FIELDS = frozenset({"month", "company_id", "attachment_id"})
# How many start months of cohorts the report shows, ending with the report's month.
COHORT_MONTHS = 6
REPORT_ROWS = 15


def _month_start(day):
    return fields.Date.to_date(day).replace(day=1)


def _format_percent(value):
    return "–" if value is False or value is None else f"{value:.0f} %"


def _format_number(value, digits=1):
    return "–" if value is False or value is None else f"{value:.{digits}f}"


class OnboardingMonthlyReport(models.Model):
    """The training-effect report of one company and month: generated on the 1st, or on demand."""

    _name = "onboarding.monthly.report"
    _description = "Monthly Training-Effect Report"
    _inherit = ["mail.thread"]
    _order = "month desc, id desc"
    _check_company_auto = True

    month = fields.Date(
        required=True,
        tracking=True,
        default=lambda self: self._default_month(),
        help="Any day of the month; the report keeps its first day.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, ondelete="cascade", index=True, default=lambda self: self.env.company
    )
    attachment_id = fields.Many2one("ir.attachment", "PDF", readonly=True, ondelete="set null", copy=False)
    sent_date = fields.Datetime("Sent On", readonly=True, copy=False)

    _sql_constraints = [
        ("company_month_uniq", "UNIQUE(company_id, month)", "There is already a report for this company and month."),
    ]

    @api.model
    def _default_month(self):
        return _month_start(fields.Date.context_today(self)) - relativedelta(months=1)

    @api.depends("month", "company_id")
    def _compute_display_name(self):
        for report in self:
            report.display_name = self.env._(
                "Training effect %(month)s", month=report.month and report.month.strftime("%Y-%m")
            )

    @api.model_create_multi
    def create(self, vals_list):
        check_field_policy(self, vals_list, USER_FIELDS, create=True)
        pdfs = [self._pdf_upload(vals.get("attachment_id")) for vals in vals_list]
        pdf_ids = [pdf.id for pdf in pdfs if pdf]
        if len(pdf_ids) != len(set(pdf_ids)):
            raise UserError(self.env._("A file can be the PDF of one report only."))
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = _month_start(vals["month"])
        reports = super().create(vals_list)
        for report, pdf in zip(reports, pdfs, strict=True):
            report._home_pdf(pdf)
        return reports

    def write(self, vals):
        check_field_policy(self, [vals], USER_FIELDS)
        pdf = self.env["ir.attachment"]
        if vals.get("attachment_id"):
            if len(self) > 1:
                raise UserError(self.env._("A file can be the PDF of one report only."))
            pdf = self._pdf_upload(vals["attachment_id"])
        if vals.get("month"):
            vals = dict(vals, month=_month_start(vals["month"]))
        result = super().write(vals)
        self._home_pdf(pdf)
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_print(self):
        self.check_access("read")
        return self.env.ref("training_analytics.action_report_training_effect").report_action(self)

    def action_send(self):
        """Generate the PDF again and email it to the company's onboarding managers."""
        if not self.env.user.has_group("onboarding_training.group_onboarding_officer"):
            raise AccessError(self.env._("Only onboarding officers can send the training-effect report."))
        self.check_access("write")
        if not all(report._manager_users() for report in self):
            raise UserError(self.env._("No onboarding manager with an email address can receive this report."))
        self._send()
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _report_values(self):
        """Everything the PDF shows, already aggregated; rates are ratios of sums (see the report mixin)."""
        self.ensure_one()
        month_end = self.month + relativedelta(months=1)
        lang = self.env.lang or "en_US"
        return {
            "month_label": self._month_label(self.month, "yMMMM"),
            "scope": self.env._(
                "Cohorts of the %(count)s start months up to this month; items and responsibilities with a deadline "
                "in this month; risks as of %(date)s.",
                count=COHORT_MONTHS,
                date=format_date(self.env, fields.Date.context_today(self), lang_code=lang),
            ),
            "cohorts": self._report_cohorts(self.month - relativedelta(months=COHORT_MONTHS - 1), month_end),
            "items": self._report_items(month_end),
            "people": self._report_people(month_end),
            "risks": self._report_risks(),
            "pct": _format_percent,
            "num": _format_number,
        }

    def _report_cohorts(self, date_from, date_to):
        domain = [
            ("company_id", "=", self.company_id.id),
            ("start_date", ">=", date_from),
            ("start_date", "<", date_to),
        ]
        measures = [
            "headcount:sum",
            "session_attendance_rate:avg",
            "completion_rate:avg",
            "on_time_rate:avg",
            "pass_rate:avg",
            "conversion_rate:avg",
            "median_days_to_conversion:avg",
            "attrition_rate:avg",
        ]
        keys = ["headcount", "session", "completion", "on_time", "pass", "conversion", "median_days", "attrition"]
        Cohort = self.env["onboarding.cohort.report"]
        rows = Cohort._read_group(domain, ["start_date:month", "program_id"], measures)
        months = Cohort._read_group(domain, ["start_date:month"], measures)
        total = Cohort._read_group(domain, [], measures)[0]

        def label(day):
            return self._month_label(day, "yMMM")

        return {
            "total": dict(zip(keys, total, strict=True)),
            "rows": [
                {"month": label(month), "program": program.display_name, **dict(zip(keys, values, strict=True))}
                for month, program, *values in sorted(rows, key=lambda r: (r[0], r[1].display_name or ""))
            ],
            "months": [
                {"month": label(month), **dict(zip(keys, values, strict=True))}
                for month, *values in sorted(months, key=lambda r: r[0])
            ],
        }

    def _report_items(self, month_end):
        domain = [("company_id", "=", self.company_id.id), ("deadline", ">=", self.month), ("deadline", "<", month_end)]
        rows = self.env["onboarding.item.report"]._read_group(
            domain,
            ["item_id"],
            ["due_count:sum", "pass_rate:avg", "score:avg", "days_to_complete:avg", "overdue_rate:avg"],
        )
        rows = sorted(rows, key=lambda r: (-(r[5] or 0.0), r[0].display_name or ""))[:REPORT_ROWS]
        keys = ["due", "pass", "score", "days", "overdue"]
        return [
            {"item": item.name, "program": item.program_id.display_name, **dict(zip(keys, values, strict=True))}
            for item, *values in rows
        ]

    def _report_people(self, month_end):
        domain = [("company_id", "=", self.company_id.id), ("deadline", ">=", self.month), ("deadline", "<", month_end)]
        Report = self.env["onboarding.responsibility.report"]
        rows = Report._read_group(
            domain,
            ["user_id", "role"],
            [
                "owned_count:sum",
                "on_time_rate:avg",
                "confirmed_count:sum",
                "median_latency_hours:avg",
                "p90_latency_hours:avg",
                "overdue_confirmation_count:sum",
            ],
        )
        roles = dict(Report._fields["role"]._description_selection(self.env))
        keys = ["owned", "on_time", "confirmed", "median", "p90", "overdue"]
        rows = sorted(rows, key=lambda r: (r[0].name or "", r[1] or ""))
        return [
            {"user": user.name, "role": roles.get(role, ""), **dict(zip(keys, values, strict=True))}
            for user, role, *values in rows
        ]

    def _report_risks(self):
        Enrollment = self.env["onboarding.enrollment"]
        domain = [("company_id", "=", self.company_id.id), ("state", "in", ("running", "paused"))]
        counts = dict(Enrollment._read_group(domain, ["risk_level"], ["__count"]))
        at_risk = Enrollment.search(
            domain + [("risk_level", "in", ("medium", "high"))], order="risk_score desc, id", limit=REPORT_ROWS
        )
        levels = dict(Enrollment._fields["risk_level"]._description_selection(self.env))
        return {
            **{level: counts.get(level, 0) for level in ("high", "medium", "low")},
            "total": sum(counts.values()),
            "rows": [
                {
                    "employee": e.employee_id.name,
                    "program": e.program_id.display_name,
                    "end_date": format_date(self.env, e.end_date),
                    "score": e.risk_score,
                    "level": e.risk_level,
                    "level_label": levels.get(e.risk_level, ""),
                    "reasons": e.risk_reasons.splitlines(),
                }
                for e in at_risk
            ],
        }

    def _month_label(self, day, skeleton):
        """A month in the reader's words: "October 2026", "2026年10月"."""
        return format_skeleton(skeleton, day, locale=babel_locale_parse(self.env.lang or "en_US"))

    def _manager_users(self):
        self.ensure_one()
        group = self.env.ref("onboarding_training.group_onboarding_manager")
        return group.users.filtered(
            lambda u: u.id != SUPERUSER_ID and not u.share and u.email and self.company_id in u.company_ids
        )

    def _pdf_upload(self, value):
        """The file a create or write sets as the PDF: only the caller's fresh upload for this report."""
        if not value:
            return self.env["ir.attachment"]
        if not self.env.su:
            # Rights on the report first: what is said about the file is only for those who may change it.
            self.check_access("write" if self else "create")
        pdf = self.env["ir.attachment"].browse(value.ids if isinstance(value, models.BaseModel) else value)
        pdf._check_onboarding_upload(self)
        return pdf

    def _home_pdf(self, pdf):
        """A fresh upload becomes the report's own file, so that access to it follows access to the report."""
        # sudo: only a file checked by _pdf_upload, which belongs to no record yet.
        loose = pdf.sudo().filtered(lambda a: not a.res_id)
        if loose:
            self.ensure_one()
            loose.write({"res_model": self._name, "res_id": self.id})

    def _render_pdf(self):
        """The PDF in the company's language, attached to the report as its current PDF."""
        self.ensure_one()
        lang = self.company_id.partner_id.lang or self.env.lang
        report = self.env.ref("training_analytics.action_report_training_effect")
        pdf, __ = self.env["ir.actions.report"].with_context(lang=lang)._render_qweb_pdf(report, self.ids)
        name = self.with_context(lang=lang).display_name
        # sudo: the attachment belongs to the report; officers may not create attachments on every model.
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{name}.pdf",
                    "raw": pdf,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                }
            )
        )
        # sudo: the PDF field is read-only for users. An older PDF stays in the chatter of the mail it went with.
        self.sudo().attachment_id = attachment
        return attachment

    def _send(self):
        template = self.env.ref("training_analytics.mail_template_onboarding_monthly_report")
        for report in self:
            attachment = report._render_pdf()
            users = report._manager_users()
            for lang, lang_users in users.grouped(lambda u: u.lang or "en_US").items():
                # sudo: the report goes out on behalf of the company to its managers.
                template.sudo().with_context(lang=lang).send_mail(
                    report.id,
                    email_values={
                        "recipient_ids": [Command.set(lang_users.partner_id.ids)],
                        "attachment_ids": [Command.set(attachment.ids)],
                    },
                )
            report.message_post(
                body=self.env._("Sent to %(names)s.", names=", ".join(users.mapped("name"))),
                attachment_ids=attachment.ids,
            )
        # sudo: sending bookkeeping is read-only for users.
        self.sudo().write({"sent_date": fields.Datetime.now()})

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------
    @api.model
    def _cron_send_previous_month(self):
        """On the 1st: last month's report for every company running onboarding, sent once."""
        month = self._default_month()
        # sudo: the scheduled job reports on every company that ran onboarding.
        companies = (
            self.env["onboarding.enrollment"]
            .sudo()
            ._read_group(
                [("state", "not in", ("draft", "cancelled")), ("start_date", "<", month + relativedelta(months=1))],
                ["company_id"],
            )
        )
        companies = self.env["res.company"].union(*(company for (company,) in companies))
        existing = self.sudo().search([("month", "=", month), ("company_id", "in", companies.ids)])
        missing = companies - existing.company_id
        reports = existing | self.sudo().create([{"month": month, "company_id": c.id} for c in missing])
        to_send = reports.filtered(lambda r: not r.sent_date and r._manager_users())
        to_send._send()
        return to_send
