"""The Onboarding app's landing page: what needs each person today (F16).

One page with a section per role: HR officers (the company's starts, portal access, sessions,
overdue confirmations), mentors and managers (what waits for their confirmation, their stalled
hires) and hires (their next task). Every block is a count and the list behind it; counts run as
the current user, so record rules decide what each person counts.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import format_date

from .onboarding_enrollment import OPEN_STATES

OFFICER = "onboarding_training.group_onboarding_officer"
USER = "onboarding_training.group_onboarding_user"
RUNNING_STATES = ("running", "paused")
OPEN_TASK_STATES = ("todo", "rejected")
# People shown by name in the "overdue confirmations" block; the list behind it has them all.
TOP_PEOPLE = 5


class OnboardingToday(models.AbstractModel):
    _name = "onboarding.today"
    _description = "Onboarding Today"

    @api.model
    def get_today(self):
        """The sections of the landing page for the current user; portal users have theirs on /my/onboarding."""
        if self.env.user.share:
            return {"sections": [], "empty": self.env._("Your onboarding is on your portal page.")}
        today = fields.Date.context_today(self)
        sections = []
        if self.env.user.has_group(OFFICER):
            sections.append(self._section("hr", self.env._("HR to-do"), self._today_hr_blocks(today)))
        if self.env.user.has_group(USER):
            sections.append(self._section("people", self.env._("My people"), self._today_people_blocks(today)))
        own = self._today_own_blocks(today)
        if own:
            sections.append(self._section("mine", self.env._("My onboarding"), own))
        return {
            "date": format_date(self.env, today, date_format="full"),
            "sections": sections,
            "empty": self.env._("Nothing needs you today."),
        }

    # ------------------------------------------------------------------
    # Sections
    # ------------------------------------------------------------------
    @api.model
    def _today_hr_blocks(self, today):
        week_from, week_to = self._week(today)
        starting = [
            ("state", "in", OPEN_STATES),
            ("preboarding_pending", "=", True),
            ("start_date", ">=", fields.Date.to_string(week_from)),
            ("start_date", "<=", fields.Date.to_string(week_to)),
        ]
        no_portal = [("state", "in", OPEN_STATES), ("portal_user_id", "=", False), ("employee_id.user_id", "=", False)]
        sessions = [
            ("item_type", "=", "session"),
            ("deadline", "=", fields.Date.to_string(today)),
            ("enrollment_id.state", "in", RUNNING_STATES),
        ]
        return [
            self._enrollment_block(
                "starting",
                self.env._("Starting this week, pre-boarding open"),
                starting,
                note=self.env._(
                    "Start date from %(first)s to %(last)s",
                    first=format_date(self.env, week_from),
                    last=format_date(self.env, week_to),
                ),
            ),
            self._enrollment_block(
                "no_portal",
                self.env._("No portal access yet"),
                no_portal,
                note=self.env._("Hires without a login cannot see their tasks: invite them to the portal."),
            ),
            self._task_block(
                "sessions_today",
                self.env._("Session attendees today"),
                sessions,
                note=self.env._("Hires expected at today's sessions"),
                context={"group_by": ["item_id"]},
            ),
            self._overdue_confirmations_block(today),
        ]

    @api.model
    def _today_people_blocks(self, today):
        uid = self.env.uid
        to_confirm = [("state", "=", "submitted"), ("responsible_user_id", "=", uid)]
        stalled = [("state", "=", "paused"), "|", ("mentor_id.user_id", "=", uid), ("manager_id.user_id", "=", uid)]
        return [
            self._task_block(
                "to_confirm",
                self.env._("To confirm"),
                to_confirm,
                note=self.env._("Tasks handed in that wait for your confirmation"),
            ),
            self._enrollment_block(
                "stalled",
                self.env._("Stalled hires"),
                stalled,
                note=self.env._("Hires you mentor or manage who made no progress: follow them up"),
            ),
        ]

    @api.model
    def _today_own_blocks(self, today):
        """The hire's next task, for whoever is in an onboarding of their own (officers included)."""
        Task = self.env["onboarding.task"]
        domain = [
            ("is_mine", "=", True),
            ("state", "in", OPEN_TASK_STATES),
            ("enrollment_id.state", "in", RUNNING_STATES),
        ]
        count = Task.search_count(domain)
        if not count:
            return []
        next_task = Task.search(domain, order="deadline, stage_sequence, sequence, id", limit=1)
        action = {
            "type": "ir.actions.act_window",
            "name": next_task.name,
            "res_model": "onboarding.task",
            "res_id": next_task.id,
            "views": [[False, "form"]],
            "target": "current",
        }
        note = self.env._(
            "%(task)s, due %(deadline)s", task=next_task.name, deadline=format_date(self.env, next_task.deadline)
        )
        block = self._block("next_task", self.env._("Your next task"), count, action, note=note)
        block["lines"] = [
            {
                "key": "all_open",
                "label": self.env._("All my open tasks"),
                "count": count,
                "action": self._action(self.env._("My open tasks"), "onboarding.task", domain),
            }
        ]
        return [block]

    # ------------------------------------------------------------------
    # Blocks
    # ------------------------------------------------------------------
    @api.model
    def _overdue_confirmations_block(self, today):
        domain = [("state", "=", "submitted"), ("confirm_due_date", "<", fields.Date.to_string(today))]
        Task = self.env["onboarding.task"]
        groups = Task._read_group(domain, ["responsible_user_id"], ["__count"], order="__count desc")
        title = self.env._("Overdue confirmations")
        block = self._block(
            "overdue_confirmations",
            title,
            sum(count for _user, count in groups),
            self._action(title, "onboarding.task", domain, context={"group_by": ["responsible_user_id"]}),
            note=self.env._("Handed-in tasks nobody confirmed in time, by person"),
        )
        block["lines"] = [
            {
                "key": f"user_{user.id}",
                "label": user.name or self.env._("Nobody"),
                "count": count,
                "action": self._action(
                    f"{title}: {user.name or self.env._('Nobody')}",
                    "onboarding.task",
                    [*domain, ("responsible_user_id", "=", user.id or False)],
                ),
            }
            for user, count in groups[:TOP_PEOPLE]
        ]
        return block

    @api.model
    def _enrollment_block(self, key, title, domain, *, note="", context=None, view=None):
        count = self.env["onboarding.enrollment"].search_count(domain)
        action = self._action(title, "onboarding.enrollment", domain, context=context, view=view)
        return self._block(key, title, count, action, note=note)

    @api.model
    def _task_block(self, key, title, domain, *, note="", context=None):
        count = self.env["onboarding.task"].search_count(domain)
        action = self._action(title, "onboarding.task", domain, context=context)
        return self._block(key, title, count, action, note=note)

    @api.model
    def _block(self, key, title, count, action, *, note=""):
        return {"key": key, "title": title, "count": count, "note": note, "action": action, "lines": []}

    @api.model
    def _section(self, key, title, blocks):
        return {"key": key, "title": title, "blocks": blocks}

    @api.model
    def _action(self, name, model, domain, context=None, view=None):
        list_view = self.env.ref(view).id if view else False
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "domain": domain,
            "views": [[list_view, "list"], [False, "form"]],
            "context": dict(context or {}, create=False),
            "target": "current",
        }

    @api.model
    def _week(self, today):
        """From the first day of this week (as the user's language counts weeks) to a week from today."""
        lang = self.env["res.lang"]._get_data(code=self.env.user.lang or "en_US")
        first_weekday = int(lang.week_start or 1) - 1
        week_from = today - timedelta(days=(today.weekday() - first_weekday) % 7)
        return week_from, today + timedelta(days=7)
