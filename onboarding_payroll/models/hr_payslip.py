from datetime import datetime, time

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, format_amount, formatLang

from odoo.addons.onboarding_training.tools import check_field_policy

RATE_INPUT = "ONB_RATE"
MISSED_INPUT = "ONB_MISSED"
INPUT_CODES = (RATE_INPUT, MISSED_INPUT)
DEDUCTION_RULE = "ONB_RATE_DED"
BONUS_RULE = "ONB_RATE_BONUS"
MISSED_RULE = "ONB_MISSED_DED"
RULE_CODES = (DEDUCTION_RULE, BONUS_RULE, MISSED_RULE)
# Payslip field <- company setting, copied at each computation so that a payslip keeps the values it was computed with.
FROZEN_SETTINGS = {
    "onboarding_lower_threshold": "onboarding_payroll_lower_threshold",
    "onboarding_deduction_rate": "onboarding_payroll_deduction_rate",
    "onboarding_upper_threshold": "onboarding_payroll_upper_threshold",
    "onboarding_bonus_rate": "onboarding_payroll_bonus_rate",
}


class HrPayslip(models.Model):
    _inherit = "hr.payslip"

    onboarding_lower_threshold = fields.Float(
        "Training Lower Threshold (%)", readonly=True, copy=False, help="Company setting when the payslip was computed."
    )
    onboarding_deduction_rate = fields.Float(
        "Training Deduction (% of basic)",
        readonly=True,
        copy=False,
        help="Company setting when the payslip was computed.",
    )
    onboarding_upper_threshold = fields.Float(
        "Training Upper Threshold (%)", readonly=True, copy=False, help="Company setting when the payslip was computed."
    )
    onboarding_bonus_rate = fields.Float(
        "Training Bonus (% of basic)", readonly=True, copy=False, help="Company setting when the payslip was computed."
    )
    onboarding_summary = fields.Html(
        "Training",
        compute="_compute_onboarding_summary",
        sanitize=True,
        help="How training completion and missed check-ins changed this payslip.",
    )

    @api.depends_context("lang")
    @api.depends(
        "input_line_ids.code",
        "input_line_ids.amount",
        "input_line_ids.amount_qty",
        "line_ids.code",
        "line_ids.total",
        *FROZEN_SETTINGS,
    )
    def _compute_onboarding_summary(self):
        for payslip in self:
            rows = payslip._onboarding_summary_rows()
            payslip.onboarding_summary = (
                Markup('<table class="table table-sm o_onboarding_payroll_summary"><tbody>%s</tbody></table>')
                % Markup().join(Markup("<tr><th>%s</th><td>%s</td></tr>") % row for row in rows)
                if rows
                else False
            )

    # Field policy (tools.check_field_policy): the training settings of a payslip are copied from the company's
    # when it is computed, and from the original into a copy (a refund); nobody sets them.
    @api.model_create_multi
    def create(self, vals_list):
        check_field_policy(self, vals_list, frozenset(), create=True)
        return super().create(vals_list)

    def write(self, vals):
        check_field_policy(self, [vals], frozenset())
        return super().write(vals)

    def copy(self, default=None):
        copies = super().copy(default=default)
        for payslip, copied in zip(self, copies, strict=True):
            # sudo: the settings are the system's to set; the copy keeps those its original was computed with.
            copied.sudo().write({field: payslip[field] for field in FROZEN_SETTINGS})
        return copies

    def compute_sheet(self):
        inputs = self._onboarding_fill_inputs()
        if inputs:
            inputs._onboarding_audit()
        result = super().compute_sheet()
        self._onboarding_translate_lines()
        return result

    # ------------------------------------------------------------------
    # Inputs
    # ------------------------------------------------------------------
    def _onboarding_fill_inputs(self):
        """Refresh the training inputs of all payslips at once: two grouped queries, one unlink, one create."""
        payslips = self.filtered(lambda p: p.state in ("draft", "verify"))
        if not payslips:
            return self.env["hr.payslip.input"]
        payslips.check_access("write")
        task_counts = payslips._onboarding_task_counts()
        missed_days = payslips._onboarding_missed_days()
        working_days = payslips.filtered(lambda p: p.id in missed_days)._onboarding_working_days()
        vals_list = []
        for payslip in payslips:
            contract = payslip.contract_id or payslip.employee_id.contract_id
            if not contract:
                continue
            if payslip.id in task_counts:
                due, done = task_counts[payslip.id]
                # Not rounded: the thresholds are strict and must compare against the exact rate.
                vals_list.append(payslip._onboarding_input_vals(contract, RATE_INPUT, 100.0 * done / due, due))
            if payslip.id in missed_days:
                vals_list.append(
                    payslip._onboarding_input_vals(
                        contract, MISSED_INPUT, missed_days[payslip.id], working_days[payslip.id]
                    )
                )
        # sudo: training inputs and settings copies are the system's to set; write access was checked above.
        payslips = payslips.sudo()
        payslips.input_line_ids.filtered(lambda line: line.code in INPUT_CODES).unlink()
        inputs = self.env["hr.payslip.input"].sudo().create(vals_list)
        inputs.payslip_id._onboarding_freeze_settings()
        return inputs

    def _onboarding_input_vals(self, contract, code, amount, quantity):
        return {
            "payslip_id": self.id,
            "contract_id": contract.id,
            "code": code,
            "name": self._onboarding_input_names(self.employee_id)[code],
            "amount": amount,
            "amount_qty": quantity,
            "sequence": 50,
        }

    @api.model
    def _onboarding_input_names(self, employee):
        """{code: name} in the employee's language when they have one, else the user's: the input names are
        plain text, stored in one language, and the payslip is the employee's."""
        # sudo: only the employee's language is read, which HR fields hide from payroll users.
        lang = employee.sudo().lang
        if lang and (lang == "en_US" or self.env["res.lang"]._get_data(code=lang)):
            env = self.with_context(lang=lang).env
        else:
            env = self.env
        return {
            RATE_INPUT: env._("Training completion rate (%)"),
            MISSED_INPUT: env._("Unjustified missed check-in days"),
        }

    def _onboarding_translate_lines(self):
        """Lines named after their salary rule read in every language the rule has.

        Payroll evaluates each rule in a context without language: a line gets the rule's English
        name, stored even under the language the payslip was computed in. A line whose name is one
        of its rule's names takes all of them; a name a rule computed itself is left as it is.
        """
        lines = self.line_ids
        if not lines:
            return
        lines.flush_recordset(["name", "salary_rule_id"])
        self.env["hr.salary.rule"].flush_model(["name"])
        # SQL: one statement for every line; the lines were just written by this computation.
        self.env.cr.execute(
            SQL(
                """
                UPDATE hr_payslip_line line
                   SET name = rule.name
                  FROM hr_salary_rule rule
                 WHERE rule.id = line.salary_rule_id
                   AND line.id IN %s
                   AND line.name IS DISTINCT FROM rule.name
                   AND line.name->>'en_US' IN (SELECT value FROM jsonb_each_text(rule.name))
                """,
                tuple(lines.ids),
            )
        )
        lines.invalidate_recordset(["name"])

    def _onboarding_freeze_settings(self):
        for company, payslips in self.grouped("company_id").items():
            company = company or self.env.company
            payslips.write({field: company[setting] for field, setting in FROZEN_SETTINGS.items()})

    def _onboarding_task_counts(self):
        """{payslip id: (required tasks due in the period, those done by the period's end)} for payslips with any."""
        self.env["onboarding.task"].flush_model(
            ["employee_id", "enrollment_id", "required", "deadline", "state", "done_date"]
        )
        self.env["onboarding.enrollment"].flush_model(["state"])
        self.flush_recordset(["employee_id", "date_from", "date_to"])
        # SQL: payroll officers need these counts without access to onboarding records; only counts come out.
        rows = self.env.execute_query(
            SQL(
                """
                SELECT slip.id,
                       COUNT(task.id),
                       COUNT(task.id) FILTER (
                           WHERE task.state = 'done'
                             AND task.done_date < ((slip.date_to + 1)::timestamp
                                 AT TIME ZONE COALESCE(resource.tz, 'UTC')) AT TIME ZONE 'UTC'
                       )
                  FROM hr_payslip slip
                  JOIN hr_employee employee ON employee.id = slip.employee_id
                  JOIN resource_resource resource ON resource.id = employee.resource_id
                  JOIN onboarding_task task
                    ON task.employee_id = slip.employee_id
                   AND task.required
                   AND task.deadline BETWEEN slip.date_from AND slip.date_to
                  JOIN onboarding_enrollment enrollment
                    ON enrollment.id = task.enrollment_id
                   AND enrollment.state != 'cancelled'
                 WHERE slip.id IN %s
              GROUP BY slip.id
                """,
                tuple(self.ids),
            )
        )
        return {slip_id: (due, done) for slip_id, due, done in rows}

    def _onboarding_missed_days(self):
        """{payslip id: unjustified missed check-in days in the period} for payslips with any."""
        self.env["onboarding.attendance.miss"].flush_model(["employee_id", "date", "justified"])
        self.flush_recordset(["employee_id", "date_from", "date_to"])
        # SQL: payroll officers need these counts without access to attendance records; only counts come out.
        rows = self.env.execute_query(
            SQL(
                """
                SELECT slip.id, COUNT(miss.id)
                  FROM hr_payslip slip
                  JOIN onboarding_attendance_miss miss
                    ON miss.employee_id = slip.employee_id
                   AND miss.date BETWEEN slip.date_from AND slip.date_to
                   AND miss.justified IS NOT TRUE
                 WHERE slip.id IN %s
              GROUP BY slip.id
                """,
                tuple(self.ids),
            )
        )
        return dict(rows)

    def _onboarding_working_days(self):
        """{payslip id: working days of its period on the employee's calendar}, computed once per calendar and period.

        Public holidays of the calendar are not working days; the employee's own time off is.
        """
        by_period = {}
        result = {}
        for payslip in self:
            calendar = (
                payslip.contract_id.resource_calendar_id
                or payslip.employee_id.resource_calendar_id
                or payslip.company_id.resource_calendar_id
            )
            key = (calendar, payslip.date_from, payslip.date_to)
            if key not in by_period:
                by_period[key] = self._onboarding_calendar_days(*key)
            result[payslip.id] = by_period[key]
        return result

    @api.model
    def _onboarding_calendar_days(self, calendar, date_from, date_to):
        if not calendar:
            return 0.0
        tz = pytz.timezone(calendar.tz or "UTC")
        start = tz.localize(datetime.combine(date_from, time.min))
        stop = tz.localize(datetime.combine(date_to, time.max))
        return calendar.get_work_duration_data(start, stop, compute_leaves=True)["days"]

    # ------------------------------------------------------------------
    # Explanation
    # ------------------------------------------------------------------
    def _onboarding_summary_rows(self):
        """(label, sentence) pairs explaining the training inputs and what the salary rules made of them."""
        self.ensure_one()
        inputs = {line.code: line for line in self.input_line_ids if line.code in INPUT_CODES}
        if not inputs:
            return []
        totals = {}
        for line in self.line_ids:
            if line.code in RULE_CODES:
                totals[line.code] = totals.get(line.code, 0.0) + line.total
        currency = self.company_id.currency_id or self.env.company.currency_id
        rows = self._onboarding_rate_rows(inputs.get(RATE_INPUT), totals, currency)
        rows += self._onboarding_missed_rows(inputs.get(MISSED_INPUT), totals, currency)
        rows.append((self.env._("Training adjustment"), format_amount(self.env, sum(totals.values()), currency)))
        return rows

    def _onboarding_rate_rows(self, rate_input, totals, currency):
        label = self.env._("Completion rate")
        if not rate_input or rate_input.amount_qty <= 0:
            return [(label, self.env._("No required training task was due in this period: no adjustment."))]
        rate, due = rate_input.amount, round(rate_input.amount_qty)
        rows = [
            (
                label,
                self.env._(
                    "%(rate)s %%: %(done)s of %(due)s required tasks due in the period were done by its end.",
                    rate=self._onboarding_number(rate),
                    done=round(rate * due / 100.0),
                    due=due,
                ),
            )
        ]
        rule_label = self.env._("Completion rule")
        if rate < self.onboarding_lower_threshold:
            code = DEDUCTION_RULE
            sentence = self.env._(
                "Below the lower threshold of %(threshold)s %%: %(percent)s %% of the basic wage is deducted.",
                threshold=self._onboarding_number(self.onboarding_lower_threshold),
                percent=self._onboarding_number(self.onboarding_deduction_rate),
            )
        elif rate > self.onboarding_upper_threshold:
            code = BONUS_RULE
            sentence = self.env._(
                "Above the upper threshold of %(threshold)s %%: a bonus of %(percent)s %% of the basic wage.",
                threshold=self._onboarding_number(self.onboarding_upper_threshold),
                percent=self._onboarding_number(self.onboarding_bonus_rate),
            )
        else:
            sentence = self.env._(
                "Between the thresholds of %(lower)s %% and %(upper)s %%: no adjustment.",
                lower=self._onboarding_number(self.onboarding_lower_threshold),
                upper=self._onboarding_number(self.onboarding_upper_threshold),
            )
            return [*rows, (rule_label, sentence)]
        return [*rows, (rule_label, self._onboarding_applied(sentence, totals, code, currency))]

    def _onboarding_missed_rows(self, missed_input, totals, currency):
        label = self.env._("Missed check-ins")
        if not missed_input or missed_input.amount <= 0:
            return [(label, self.env._("No unjustified missed check-in in this period."))]
        days, working_days = missed_input.amount, missed_input.amount_qty
        rows = [
            (
                label,
                self.env._(
                    "%(days)s unjustified missed check-in days out of %(working_days)s working days.",
                    days=self._onboarding_number(days),
                    working_days=self._onboarding_number(working_days),
                ),
            )
        ]
        rule_label = self.env._("Missed check-in rule")
        if working_days <= 0:
            return [
                *rows,
                (rule_label, self.env._("The working schedule has no working day in this period: no deduction.")),
            ]
        sentence = self.env._(
            "One day's wage (basic wage ÷ %(working_days)s working days) is deducted per missed day.",
            working_days=self._onboarding_number(working_days),
        )
        return [*rows, (rule_label, self._onboarding_applied(sentence, totals, MISSED_RULE, currency))]

    def _onboarding_applied(self, sentence, totals, code, currency):
        if code not in totals:
            return self.env._(
                "%(rule)s Not applied: the salary structure has no rule %(code)s.", rule=sentence, code=code
            )
        return self.env._(
            "%(rule)s Amount: %(amount)s.", rule=sentence, amount=format_amount(self.env, totals[code], currency)
        )

    def _onboarding_number(self, value):
        return formatLang(self.env, value, digits=0 if float(value).is_integer() else 2)
