"""A shop of its own for the landing page: counts must not depend on any other data in the database."""

import base64
import os
from datetime import timedelta

import polib
from freezegun import freeze_time

from odoo import Command, fields
from odoo.modules.module import get_module_path
from odoo.tests import new_test_user

PNG_BYTES = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
OFFICER = "base.group_user,onboarding_training.group_onboarding_officer"
MENTOR = "base.group_user,onboarding_training.group_onboarding_user"

# What HR, the mentor and the hire see on the landing page of this world.
EXPECTED = {
    "officer": {"starting": 3, "no_portal": 3, "sessions_today": 1, "overdue_confirmations": 1},
    "mentor": {"to_confirm": 1, "stalled": 1},
    "hire": {"next_task": 1},
}


def skip_unless_pot_has(case, addon, msgid):
    """Skip a test in Chinese until the addon's .pot carries the term: Odoo drops .po entries the .pot lacks."""
    pot = os.path.join(get_module_path(addon), "i18n", f"{addon}.pot")
    if os.path.isfile(pot) and not polib.pofile(pot).find(msgid):
        case.skipTest(f"{addon}.pot lacks {msgid!r}: regenerate it to load the Chinese terms")


class TodayWorld:
    """Mixin for TransactionCase and HttpCase: ``_build_today_world()`` from ``setUpClass``.

    The people of "Today Shop", relative to today:

    * Amy (a login) starts in 2 days, Ben and Cleo (no login) in 3 days and today: three starts
      this week with the pre-boarding open; Ben and Cleo, and Dan, have no way to log in yet;
    * Cleo's Day 1 session is today;
    * Dan started 20 days ago and handed in his back office task 10 days ago: nobody confirmed it,
      and the mentor answers for it;
    * Eve (a login) started 30 days ago and is stalled; Mia mentors everyone;
    * Olaf is an HR officer who is onboarding himself and starts in 20 days.
    """

    @classmethod
    def _build_today_world(cls, lang=None):
        env = cls.env
        cls.today = fields.Date.context_today(env["onboarding.enrollment"])
        cls.shop = env["res.company"].create({"name": "Today Shop"})
        users = {
            "officer": ("today_officer", OFFICER, "Tina Today"),
            "officer_hire": ("today_officer_hire", OFFICER, "Olaf Officer"),
            "mentor": ("today_mentor", MENTOR, "Mia Mentor"),
            "other_mentor": ("today_other_mentor", MENTOR, "Max Mentor"),
            "hire": ("today_hire", "base.group_user", "Amy Hire"),
            "eve": ("today_eve", "base.group_user", "Eve Stalled"),
            "plain": ("today_plain", "base.group_user", "Paul Plain"),
        }
        cls.today_users = {
            key: new_test_user(
                env,
                login,
                groups=groups,
                name=name,
                company_id=cls.shop.id,
                company_ids=[Command.set(cls.shop.ids)],
                **({"lang": lang} if lang else {}),
            )
            for key, (login, groups, name) in users.items()
        }
        Employee = env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.mentor_employee = Employee.create(
            {"name": "Mia Mentor", "user_id": cls.today_users["mentor"].id, "company_id": cls.shop.id}
        )

        def hire(name, user=None):
            return Employee.create(
                {
                    "name": name,
                    "company_id": cls.shop.id,
                    "coach_id": cls.mentor_employee.id,
                    "user_id": cls.today_users[user].id if user else False,
                }
            )

        cls.people = {
            "amy": hire("Amy Hire", "hire"),
            "ben": hire("Ben Nologin"),
            "cleo": hire("Cleo Nologin"),
            "dan": hire("Dan Late"),
            "eve": hire("Eve Stalled", "eve"),
            "olaf": hire("Olaf Officer", "officer_hire"),
        }
        cls.today_program = cls._today_program()
        starts = {"amy": 2, "ben": 3, "cleo": 0, "dan": -20, "eve": -30, "olaf": 20}
        Enrollment = env["onboarding.enrollment"]
        cls.today_enrollments = {
            key: Enrollment._enroll(cls.people[key], cls.today_program, start_date=cls.today + timedelta(days=offset))
            for key, offset in starts.items()
        }
        cls._dan_hands_in_late()
        eve = cls.today_enrollments["eve"]
        eve.sudo().write({"state": "paused", "stalled_since": cls.today - timedelta(days=5)})

    @classmethod
    def _today_program(cls):
        return cls.env["onboarding.program"].create(
            {
                "name": "Today Shop – 21 days",
                "company_id": cls.shop.id,
                "auto_enroll": False,
                "hr_responsible_id": cls.today_users["officer"].id,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Pre-boarding",
                            "sequence": 10,
                            "start_offset_days": -7,
                            "deadline_offset_days": -3,
                            "blocks_attendance": True,
                            "item_ids": [Command.create({"name": "Employee handbook", "item_type": "course"})],
                        }
                    ),
                    Command.create(
                        {
                            "name": "Day 1",
                            "sequence": 20,
                            "start_offset_days": 0,
                            "deadline_offset_days": 0,
                            "item_ids": [Command.create({"name": "Orientation", "item_type": "session"})],
                        }
                    ),
                    Command.create(
                        {
                            "name": "Week 1",
                            "sequence": 30,
                            "start_offset_days": 1,
                            "deadline_offset_days": 7,
                            "responsible_role": "mentor",
                            "item_ids": [
                                Command.create(
                                    {
                                        "name": "Operate the back office",
                                        "item_type": "task",
                                        "evidence_required": True,
                                        "confirmation_required": True,
                                    }
                                )
                            ],
                        }
                    ),
                ],
            }
        )

    @classmethod
    def _dan_hands_in_late(cls):
        dan = cls.today_enrollments["dan"].sudo()
        for name in ("Employee handbook", "Orientation"):
            dan.task_ids.filtered(lambda t, n=name: t.name == n).action_submit()
        task = dan.task_ids.filtered(lambda t: t.name == "Operate the back office")
        proof = cls.env["ir.attachment"].create(
            {"name": "back-office.png", "raw": PNG_BYTES, "res_model": "onboarding.task", "res_id": task.id}
        )
        task.evidence_attachment_ids = proof
        with freeze_time(cls.today - timedelta(days=10)):
            task.action_submit()
        cls.late_task = task.with_env(cls.env)
