from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from odoo.addons.onboarding_training.tools import (
    acting_on_self,
    already_following,
    check_field_policy,
    create_activities,
    run_job,
)

# The job looks this many days back, so a day missed while the scheduler was down is still recorded.
LOOKBACK_DAYS = 7

# Field policy (tools.check_field_policy): every field of a missed check-in is set by the scheduled job or by
# action_justify only, never by hand: they drive payroll deductions.


class OnboardingAttendanceMiss(models.Model):
    _name = "onboarding.attendance.miss"
    _description = "Missed Onboarding Check-in"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_name = "employee_id"

    employee_id = fields.Many2one("hr.employee", required=True, ondelete="cascade", index=True, check_company=True)
    enrollment_id = fields.Many2one("onboarding.enrollment", ondelete="set null", index=True, check_company=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        ondelete="cascade",
        index=True,
        compute="_compute_company_id",
        store=True,
        precompute=True,
        readonly=False,
    )
    date = fields.Date(required=True, index=True, help="Working day without a check-in.")
    justified = fields.Boolean(tracking=True, readonly=True)
    justification = fields.Text(tracking=True, readonly=True)
    justified_by_id = fields.Many2one("res.users", readonly=True, ondelete="set null")

    _sql_constraints = [
        ("employee_date_uniq", "UNIQUE(employee_id, date)", "A missed check-in is recorded once per employee and day."),
    ]

    @api.depends("employee_id")
    def _compute_company_id(self):
        for miss in self:
            miss.company_id = miss.employee_id.company_id or self.env.company

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Missed check-ins are recorded by the daily job, not by hand."))
        return super().create(vals_list)

    def write(self, vals):
        check_field_policy(self, [vals], frozenset())
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_system(self):
        if not self.env.su:
            raise UserError(
                self.env._("Missed check-ins cannot be deleted: justify them instead, so the decision is traced.")
            )

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        if already_following(self, partner_ids, subtype_ids):
            return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def action_justify(self, reason=None):
        """An officer accepts the absence: it no longer counts against the employee."""
        if not self.env.user.has_group("onboarding_training.group_onboarding_officer"):
            raise AccessError(self.env._("Only onboarding officers can justify a missed check-in."))
        if acting_on_self(self.employee_id):
            raise AccessError(
                self.env._("You cannot justify your own missed check-ins: another onboarding officer does.")
            )
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Give the reason that justifies the missed check-in."))
        self.check_access("write")
        # sudo: justification fields are read-only for users; rights were checked above.
        self.sudo().write({"justified": True, "justification": reason, "justified_by_id": self.env.uid})
        self.env["onboarding.audit.log"]._append(
            "justification", self, per_record={m.id: {"reason": reason, "date": m.date} for m in self}
        )
        # sudo: the reminder belongs to the employee; justifying settles it.
        self.sudo().activity_ids.action_feedback(feedback=self.env._("Justified: %(reason)s", reason=reason))
        return True

    def action_open_justify_wizard(self):
        if not self.env.user.has_group("onboarding_training.group_onboarding_officer"):
            raise AccessError(self.env._("Only onboarding officers can justify a missed check-in."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Justify Missed Check-ins"),
            "res_model": "onboarding.attendance.miss.justify.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _record_missed_checkins(self, date_from=None, date_to=None):
        """Record one miss per working day without a check-in during a daily check-in stage.

        A day counts once its working hours are over in the employee's time zone; public holidays and
        the employee's leaves are no working time. Days already recorded are skipped, so running the
        job again, or for a past range, creates nothing new. Returns the new misses.
        """
        now = pytz.utc.localize(fields.Datetime.now())
        date_to = date_to or (now + timedelta(days=1)).date()
        date_from = date_from or now.date() - timedelta(days=LOOKBACK_DAYS)
        windows = self._daily_checkin_windows(date_from, date_to)
        if not windows:
            return self.browse()
        employees = self.env["hr.employee"].browse(sorted(windows)).sudo()
        working = self._ended_working_days(employees, date_from, date_to, now)
        start = datetime.combine(date_from - timedelta(days=1), time.min)
        stop = datetime.combine(date_to + timedelta(days=2), time.min)
        checked_in = self.env["hr.attendance"]._onboarding_check_in_dates(employees, start, stop)
        existing = {
            (miss.employee_id.id, miss.date)
            for miss in self.sudo().search_fetch(
                [("employee_id", "in", employees.ids), ("date", ">=", date_from), ("date", "<=", date_to)],
                ["employee_id", "date"],
            )
        }
        vals_list = []
        for employee in employees:
            for day in sorted(working[employee.id] - checked_in[employee.id]):
                enrollment = next((e for e, first, last in windows[employee.id] if first <= day <= last), None)
                if enrollment and (employee.id, day) not in existing:
                    vals_list.append({"employee_id": employee.id, "enrollment_id": enrollment.id, "date": day})
        # sudo: misses are recorded by the system; nobody may create them on the employee's behalf.
        misses = self.sudo().with_context(mail_create_nolog=True, mail_create_nosubscribe=True).create(vals_list)
        misses._remind_employees()
        return misses.with_env(self.env)

    @api.model
    def _daily_checkin_windows(self, date_from, date_to):
        """{employee id: [(enrollment, first day, last day)]} of daily check-in stages overlapping the range."""
        # sudo: the job covers every company's running enrollments.
        enrollments = (
            self.env["onboarding.enrollment"]
            .sudo()
            .search(
                [
                    ("state", "in", ("running", "paused")),
                    ("program_id.stage_ids.requires_daily_checkin", "=", True),
                ]
            )
        )
        windows = defaultdict(list)
        for enrollment in enrollments:
            for stage in enrollment.program_id.stage_ids.filtered("requires_daily_checkin"):
                first = max(enrollment.start_date + timedelta(days=stage.start_offset_days), date_from)
                last = min(enrollment.start_date + timedelta(days=stage.deadline_offset_days), date_to)
                if first <= last:
                    windows[enrollment.employee_id.id].append((enrollment, first, last))
        return windows

    @api.model
    def _ended_working_days(self, employees, date_from, date_to, now):
        """{employee id: local dates between date_from and date_to whose working time is over at `now`}."""
        result = {employee.id: set() for employee in employees}
        start = pytz.utc.localize(datetime.combine(date_from - timedelta(days=1), time.min))
        stop = pytz.utc.localize(datetime.combine(date_to + timedelta(days=2), time.min))
        by_calendar = employees.grouped(lambda e: e.resource_calendar_id or e.company_id.resource_calendar_id)
        for calendar, group in by_calendar.items():
            if not calendar:
                continue
            intervals = calendar._work_intervals_batch(start, stop, resources=group.resource_id)
            for employee in group:
                last_stop = {}
                for begin, end, _records in intervals[employee.resource_id.id]:
                    day = begin.date()
                    last_stop[day] = max(end, last_stop.get(day, end))
                result[employee.id] = {
                    day for day, end in last_stop.items() if date_from <= day <= date_to and end <= now
                }
        return result

    def _remind_employees(self):
        """Tell each employee the same day: an activity for users, a message for the others."""
        if not self:
            return
        activity_type = self.env.ref("hr_attendance_gate.mail_activity_type_missed_checkin")
        model_id = self.env["ir.model"]._get_id(self._name)
        with_user = self.filtered(lambda m: m.employee_id.user_id and not m.employee_id.user_id.share)
        today = fields.Date.context_today(self)
        # Each hire follows their own misses, so they hear when one is justified.
        create_activities(
            self,
            [
                {
                    "res_model_id": model_id,
                    "res_id": miss.id,
                    "activity_type_id": activity_type.id,
                    "user_id": miss.employee_id.user_id.id,
                    "date_deadline": today,
                    "summary": miss._reminder_text(),
                }
                for miss in with_user
            ],
        )
        # Hires without a login get an email, all of them in one batch rather than one message each.
        # Sender and reply-to are worked out once for the batch: left to mail.message, each email
        # would look up the record's aliases with a query of its own.
        without_user = self - with_user
        if not without_user:
            return
        _author, email_from = self.env["mail.thread"]._message_compute_author(raise_on_email=False)
        reply_to = without_user._notify_get_reply_to(default=email_from)
        mails = []
        for miss in without_user:
            partner = miss.enrollment_id.portal_user_id.partner_id or miss.employee_id.work_contact_id
            if partner:
                text = miss._reminder_text()
                mails.append(
                    {
                        "subject": text,
                        "body_html": Markup("<p>%s</p>") % text,
                        "email_from": email_from,
                        "reply_to": reply_to[miss.id],
                        "recipient_ids": [Command.link(partner.id)],
                        "model": self._name,
                        "res_id": miss.id,
                        "auto_delete": True,
                    }
                )
        # sudo: the reminder is sent by the system to the employee's own address.
        self.env["mail.mail"].sudo().create(mails)

    def _reminder_text(self):
        self.ensure_one()
        return self.env._(
            "No check-in on %(date)s during your onboarding: check in every working day, "
            "or ask HR to justify the absence.",
            date=format_date(self.env, self.date),
        )

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------
    @api.model
    def _cron_record_missed_checkins(self):
        misses = run_job(
            self.env, "hr_attendance_gate.ir_cron_record_missed_checkins", self._record_missed_checkins, self.browse()
        )
        self.env["ir.cron"]._notify_progress(done=len(misses), remaining=0)
        return misses
