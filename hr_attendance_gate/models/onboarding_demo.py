"""The attendance side of the demo's history: check-ins, the orientation's sign-in, an exemption, missed days.

When this addon is installed together with onboarding_training, the core's demo leaves the history to this
one (see onboarding_training/models/onboarding_demo.py), so that attendance takes its place in it: after
pre-boarding the hires check in at the kiosk, which signs them in to the orientation when the check-in
falls inside its window (HR fills in the sign-in sheet for those who came after it); after week 1 the daily
job records the working days of the daily check-in stage without a check-in, and HR justifies some; the
month-1 steps and the assessments follow. Check-ins are recorded for each hire's first day, for the working
days of their daily check-in stage and, while they are still in onboarding, for the last working week.
"""

import random
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.tools import SQL

from odoo.addons.onboarding_training.models.onboarding_demo import local_dt
from odoo.addons.onboarding_training.models.onboarding_demo_history import workdays
from odoo.addons.onboarding_training.models.onboarding_demo_steps import EXEMPTION, JUSTIFICATION

# Besides the daily check-in stage, the check-ins of this many last working days of the hires in onboarding.
RECENT_WORKDAYS = 5


class OnboardingDemo(models.AbstractModel):
    _inherit = "onboarding.demo"

    @api.model
    def _load_gate_demo(self):
        if not self.env.su:
            return False
        shop = self._demo_shop(staff=False)
        shop.users["hr_officer"].groups_id = [
            Command.link(self.env.ref("hr_attendance.group_hr_attendance_officer").id)
        ]
        sessions = self.env["onboarding.program"].concat(*shop.programs.values()).stage_ids.item_ids
        sessions.filtered(lambda item: item.item_type == "session").write(
            {"session_start_hour": 9.0, "session_end_hour": 10.5}
        )
        built = self.env["onboarding.enrollment"].search_count(
            [("program_id", "in", [program.id for program in shop.programs.values()])], limit=1
        )
        if built:
            # The core's demo built the history before this addon came: from now on the job records missed days.
            self.env["onboarding.attendance.miss"]._record_missed_checkins()
        else:
            self._demo_history(shop)
        return True

    @api.model
    def _demo_first_days(self, shop, plan, stamps):
        """Check-ins at the kiosk; those inside the orientation's window sign the hire in, HR's sheet the others."""
        officer = shop.users["hr_officer"]
        Exemption = self.env["onboarding.attendance.exemption"].with_user(officer)
        for hire in plan:
            if hire.schedule.exemption and self._demo_happened(hire, hire.schedule.exemption[2]):
                date_from, date_to, _granted = hire.schedule.exemption
                Exemption.create(
                    {"employee_id": hire.employee.id, "date_from": date_from, "date_to": date_to, "reason": EXEMPTION}
                )
        # sudo: the kiosk records check-ins as the system, for whoever badges.
        Attendance = self.env["hr.attendance"].sudo()
        vals_list = [vals for hire in plan for vals in self._demo_checkins(hire, shop.today)]
        kept = self._demo_kept_checkins(plan, vals_list)
        covered = {(a.employee_id.id, fields.Date.context_today(self, a.check_in)) for a in kept}
        Attendance.create(
            [
                vals
                for vals in vals_list
                if (vals["employee_id"], fields.Date.context_today(self, vals["check_in"])) not in covered
            ]
        )
        # Check-ins kept from an earlier load of the demo (attendances outlive an uninstallation) sign in again.
        kept._onboarding_sign_in_sessions()
        for hire in plan:
            session = hire.tasks.filtered(lambda t: t.item_type == "session" and t.signed_in)
            self._demo_stamp(stamps, session, submitted=hire.schedule.checkin, done=hire.schedule.checkin)
            stamps.signins.update(dict.fromkeys(session.ids, hire.schedule.checkin))
        late = [hire for hire in plan if self._demo_happened(hire, hire.schedule.sheet)]
        for (item, day), hires in self._demo_grouped(
            late, lambda hire: (hire.tasks.filtered(lambda t: t.item_type == "session").item_id, hire.start)
        ).items():
            sheet = (
                self.env["onboarding.session.signin.wizard"]
                .with_user(officer)
                .create({"item_id": item.id, "session_date": day})
            )
            names = {hire.name for hire in hires}
            sheet.line_ids.filtered(lambda line: line.employee_id.name in names).attended = True
            sheet.action_confirm()
            for hire in hires:
                session = hire.tasks.filtered(lambda t: t.item_type == "session" and t.signed_in)
                self._demo_stamp(stamps, session, submitted=hire.schedule.sheet, done=hire.schedule.sheet)
                stamps.signins.update(dict.fromkeys(session.ids, hire.schedule.sheet))

    @api.model
    def _demo_kept_checkins(self, plan, vals_list):
        if not vals_list:
            return self.env["hr.attendance"]
        return self.env["hr.attendance"].search(
            [
                ("employee_id", "in", [hire.employee.id for hire in plan]),
                ("check_in", ">=", min(vals["check_in"] for vals in vals_list) - timedelta(days=1)),
            ]
        )

    @api.model
    def _demo_checkins(self, hire, today):
        """The hire's check-ins: first day, daily check-in stage and the last working days, but the missed ones."""
        if hire.enrollment.state != "running" or hire.start >= today:
            return []
        rng = random.Random(f"bloom-checkins-{hire.name}")
        last = min(today - timedelta(days=1), workdays(hire.schedule.quit, -1) if hire.schedule.quit else today)
        days = {workdays(hire.start, offset) for offset in range(1, 6)}
        if not (hire.schedule.quit or self._demo_happened(hire, hire.schedule.assess)):
            days |= {workdays(today, -offset) for offset in range(1, RECENT_WORKDAYS + 1)}
        days = {day for day in days if hire.start < day <= last} - hire.schedule.misses
        vals_list = []
        if hire.schedule.checkin and self._demo_happened(hire, hire.schedule.checkin):
            vals_list.append(self._demo_attendance_vals(hire, hire.schedule.checkin, local_dt(hire.start, 18, 5)))
        for day in sorted(days):
            check_in = local_dt(day, 8, rng.randint(40, 59))
            vals_list.append(self._demo_attendance_vals(hire, check_in, local_dt(day, 18, rng.randint(0, 30))))
        return vals_list

    @api.model
    def _demo_attendance_vals(self, hire, check_in, check_out):
        return {
            "employee_id": hire.employee.id,
            "check_in": check_in,
            "check_out": check_out,
            "in_mode": "kiosk",
            "out_mode": "kiosk",
        }

    @api.model
    def _demo_missed_days(self, shop, plan):
        """The daily job over the history: every working day of week 1 without a check-in, once; HR justifies some."""
        first = min(hire.start for hire in plan)
        Miss = self.env["onboarding.attendance.miss"]
        misses = Miss._record_missed_checkins(date_from=first, date_to=shop.today - timedelta(days=1))
        officer = shop.users["hr_officer"]
        for hire in plan:
            if self._demo_happened(hire, hire.schedule.justify):
                misses.filtered(lambda m, hire=hire: m.employee_id == hire.employee).with_user(officer).action_justify(
                    JUSTIFICATION
                )

    @api.model
    def _demo_backdate(self, shop, plan, stamps):
        """Besides the core's columns: when each hire was signed in to the orientation."""
        if stamps.signins:
            self.env.cr.execute(
                SQL(
                    "UPDATE onboarding_task t SET signin_date = v.at FROM (VALUES %s) AS v(id, at) WHERE t.id = v.id",
                    SQL(", ").join(SQL("(%s, %s::timestamp)", *row) for row in stamps.signins.items()),
                )
            )
        return super()._demo_backdate(shop, plan, stamps)
