"""The demo's history: Bloom Beauty's hires of the last three months, walked through the real actions.

Three monthly cohorts start on the first Monday of the current month and of the two months before (17
hires each: customer service 6, operations 6, warehouse 5); a handful of hires around today form the
current pipeline. Each hire's story is a few letters (FLAGS), turned into a dated schedule of what the
hire, their mentor, their team lead, their colleagues and HR did (`_demo_schedule`). What the schedule
dates before today happens, through the actions people use and as those people: the hire hands in
evidence and submits, the mentor confirms or rejects, the lead scores the practical work and invites the
reviewers, the colleagues answer, HR assesses or records a resignation. Nothing is written directly:
states, scores and results are what the actions made of them.

The steps are in onboarding_demo_steps.py. Actions take their time from the clock, so they all happen
now; one SQL statement per table then moves the bookkeeping columns to the day and hour the schedule
gives (onboarding_demo_dates.py): when a task was handed in and done, when an exam was taken, when the
practical score was given, when a hire was converted, the last day of progress. The jobs that look at
the calendar (stall detection, confirmation reminders) run after that, on the dated history. The audit
trail and the chatter keep the day the demo was loaded: the trail is tamper-evident, and rewriting it
is what it exists to reveal.
"""

import random
from collections import defaultdict
from datetime import timedelta
from types import SimpleNamespace

from dateutil.relativedelta import relativedelta

from odoo import api, models

from .onboarding_demo import local_dt

FLAGS = {
    "A": "does the optional advanced item of week 1",
    "L": "finishes pre-boarding two days late",
    "K": "refused at the kiosk on the first morning, finishes pre-boarding and checks in at 10:00",
    "S": "finishes pre-boarding late on the first morning and checks in after the orientation: HR's sign-in sheet",
    "X": "misses the orientation (sick on the first day)",
    "E": "course platform outage: HR grants an attendance exemption for the first two days",
    "M": "one working day of week 1 without a check-in (twice: two days)",
    "J": "HR justifies the missed days",
    "R": "a week-1 task is rejected, then handed in again",
    "W": "slow week 1: the last tasks are confirmed after the deadline",
    "T": "passes the theory exam at the second attempt",
    "F": "weak results: fails the assessment",
    "P": "the colleagues' reviews come in after the deadline",
    "V": "the lead scores the practical work after the deadline",
    "Q": "resigns in the second week",
    "Z": "stops after the first week-1 task (the enrollment stalls)",
    "H": "the mentor has not confirmed the week-1 tasks yet",
    "N": "has not started pre-boarding",
    "B": "did pre-boarding yesterday evening, before the first day",
    "C": "declines the offer before the first day",
    "O": "follows the onboarding on the portal, without an internal user",
}
# name, team, cohort (months before the current one; it starts on that month's first Monday), flags
COHORTS = [
    ("Lin Jia", "cs", 2, "A"),
    ("Zhang Yue", "cs", 2, "RA"),
    ("Wang Lu", "cs", 2, "K"),
    ("Li Xin", "cs", 2, "MMJ"),
    ("Chen Xi", "cs", 2, "LAV"),
    ("Yang Bo", "cs", 2, "F"),
    ("Ma Kai", "ops", 2, "AV"),
    ("Hu Yan", "ops", 2, "S"),
    ("Guo Rui", "ops", 2, "WA"),
    ("He Jing", "ops", 2, "TP"),
    ("Gao Peng", "ops", 2, "QM"),
    ("Song Wen", "ops", 2, "A"),
    ("Xie Tao", "wh", 2, "A"),
    ("Han Lei", "wh", 2, "X"),
    ("Tang Hui", "wh", 2, "F"),
    ("Feng Yu", "wh", 2, "EA"),
    ("Ren Hao", "wh", 2, "A"),
    ("Zhao Qian", "cs", 1, "A"),
    ("Huang Li", "cs", 1, "LA"),
    ("Zhou Ning", "cs", 1, "RW"),
    ("Wu Fang", "cs", 1, "MA"),
    ("Xu Mei", "cs", 1, "PA"),
    ("Sun Yang", "cs", 1, "T"),
    ("Frank He", "ops", 1, "A"),
    ("Gina Ma", "ops", 1, "F"),
    ("Lin Hao", "ops", 1, "MJV"),
    ("Luo Xue", "ops", 1, "SA"),
    ("Liang Jun", "ops", 1, "LW"),
    ("Jin Bo", "ops", 1, ""),
    ("Deng Yi", "wh", 1, "AP"),
    ("Cao Min", "wh", 1, "KM"),
    ("Peng Fei", "wh", 1, "RA"),
    ("Zeng Hao", "wh", 1, "LV"),
    ("Qiu Lin", "wh", 1, "M"),
    ("Qin Lu", "cs", 0, "A"),
    ("Jiang Yu", "cs", 0, "WA"),
    ("Du Xiao", "cs", 0, "L"),
    ("Ye Lan", "cs", 0, "RMA"),
    ("Shi Jia", "cs", 0, "T"),
    ("Wei Hong", "cs", 0, "PA"),
    ("Kong Bo", "ops", 0, "AV"),
    ("Lu Yan", "ops", 0, "L"),
    ("Bai Ning", "ops", 0, "MA"),
    ("Tao Ran", "ops", 0, "RW"),
    ("Xiong Wei", "ops", 0, "F"),
    ("Yu Tian", "ops", 0, "A"),
    ("Ivy Deng", "wh", 0, "A"),
    ("Mo Chen", "wh", 0, "LM"),
    ("Ou Ying", "wh", 0, "WA"),
    ("Hao Jie", "wh", 0, "RV"),
    ("Shen Kai", "wh", 0, "L"),
]
# The current pipeline: name, team, start (working days from today, or "next" Monday), flags
PIPELINE = [
    ("Emma Liu", "ops", -9, "ZM"),
    ("David Sun", "cs", -4, "HM"),
    ("Cathy Xu", "cs", -3, "O"),
    ("Harry Guo", "wh", -2, "K"),
    ("Ben Zhao", "cs", "next", "OB"),
    ("Amy Wang", "cs", "next", "ON"),
    ("Jack Feng", "wh", "next", "C"),
]
# The portal hire signs in with a short login (the README lists it).
PORTAL_LOGINS = {"Cathy Xu": "cathy"}


def workdays(day, count):
    """The working day `count` working days after `day` (before it when negative); 0 moves a weekend day on."""
    step = 1 if count >= 0 else -1
    while day.weekday() >= 5:
        day += timedelta(days=step)
    for _index in range(abs(count)):
        day += timedelta(days=step)
        while day.weekday() >= 5:
            day += timedelta(days=step)
    return day


def workday_by(day):
    """The day itself on a working day, else the working day before it."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def first_monday(day):
    first = day.replace(day=1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


class OnboardingDemo(models.AbstractModel):
    _inherit = "onboarding.demo"

    @api.model
    def _demo_history(self, shop):
        """Walk every hire of the plan through what happened to them before today."""
        self = self.with_env(self._demo_env())
        plan = self._demo_plan(shop)
        self._demo_hire(shop, plan)
        stamps = SimpleNamespace(tasks=defaultdict(dict), enrollments=defaultdict(dict), exams={}, signins={})
        self._demo_preboarding(shop, plan, stamps)
        self._demo_first_days(shop, plan, stamps)
        self._demo_week_one(shop, plan, stamps)
        self._demo_missed_days(shop, plan)
        self._demo_month_one(shop, plan, stamps)
        self._demo_decisions(shop, plan, stamps)
        self.env.flush_all()
        self._demo_backdate(shop, plan, stamps)
        self._demo_replay_jobs(shop, plan)
        return plan

    # ------------------------------------------------------------------
    # The plan
    # ------------------------------------------------------------------
    @api.model
    def _demo_plan(self, shop):
        """One namespace per hire: who, when they start, their story's flags and its dated schedule."""
        today = shop.today
        this_month = today.replace(day=1)
        hires = [
            (name, team, first_monday(this_month - relativedelta(months=cohort)), flags)
            for name, team, cohort, flags in COHORTS
        ]
        next_monday = today + timedelta(days=7 - today.weekday())
        hires += [
            (name, team, next_monday if offset == "next" else workdays(today, offset), flags)
            for name, team, offset, flags in PIPELINE
        ]
        durations = {team: program.duration_days for team, program in shop.programs.items()}
        return [
            SimpleNamespace(
                name=name,
                team=team,
                start=start,
                flags=flags,
                schedule=self._demo_schedule(name, start, durations[team], flags, today),
                cutoff=local_dt(today, 0),
            )
            for name, team, start, flags in hires
        ]

    @api.model
    def _demo_schedule(self, name, start, duration, flags, today):
        """When each step of the hire's onboarding happens, in UTC; None (or empty) for what never happens."""
        rng = random.Random(f"bloom-{name}")
        schedule = {
            **self._demo_schedule_first_days(start, flags, today, rng),
            **self._demo_schedule_week_one(start, flags),
            **self._demo_schedule_month_one(start + timedelta(days=duration), flags, rng),
        }
        if any(flag in flags for flag in "ZHQC"):
            schedule.update(exam=[], practical=None, invite=None, answers=[], assess=None)
        return SimpleNamespace(**schedule)

    @api.model
    def _demo_schedule_first_days(self, start, flags, today, rng):
        """Pre-boarding (due three days before the start) and the first check-in (orientation 9:00-10:30)."""
        pre = {
            "N": None,
            "C": None,
            "B": local_dt(today - timedelta(days=1), 20),
            "K": local_dt(start, 9, 40),
            "S": local_dt(start, 11),
            "E": local_dt(workdays(start, 1), 10),
            "L": local_dt(start - timedelta(days=1), 21),
        }
        checkin = {"K": local_dt(start, 10), "S": local_dt(start, 11, 20), "X": None, "E": local_dt(start, 9, 5)}
        pre_key = next((flag for flag in pre if flag in flags), None)
        checkin_key = next((flag for flag in checkin if flag in flags), None)
        missed = flags.count("M")
        return {
            "pre": pre[pre_key] if pre_key else local_dt(start - timedelta(days=rng.randint(4, 6)), 20),
            "checkin": checkin[checkin_key] if checkin_key else local_dt(start, 9, rng.randint(0, 25)),
            "sheet": local_dt(start, 17) if "S" in flags else None,
            "exemption": (start, workdays(start, 1), local_dt(workdays(start, -1), 16)) if "E" in flags else None,
            "misses": {workdays(start, day) for day in (2, 4)[:missed]},
            "justify": local_dt(workdays(start, 5), 11) if "J" in flags and missed else None,
            "quit": workdays(start, 8) if "Q" in flags else None,
        }

    @api.model
    def _demo_schedule_week_one(self, start, flags):
        """One round per prerequisite depth: (handed in, confirmed by the mentor), in working days from the start."""
        week = [(1, 17, 2, 10), (2, 16, 3, 10), (3, 16, 4, 11)]
        if "W" in flags:
            week = [(2, 17, 3, 15), (5, 17, 6, 11), (6, 16, 7, 10)]
        reject = None
        if "R" in flags:
            # The first task comes back the next morning and is confirmed that afternoon; the rest follows a day later.
            week = [week[0], *((hand + 1, h, confirm + 1, c) for hand, h, confirm, c in week[1:])]
            again = workdays(start, week[0][2] + 1)
            reject = (local_dt(again, 9, 30), local_dt(again, 14))
        rounds = [
            (local_dt(workdays(start, hand), hour), None if "H" in flags else local_dt(workdays(start, confirm), chour))
            for hand, hour, confirm, chour in week
        ]
        return {"rounds": rounds, "reject": reject, "advanced": "A" in flags, "first_only": "Z" in flags}

    @api.model
    def _demo_schedule_month_one(self, end, flags, rng):
        """Exam, practical work, peer reviews and assessment, counted back from the program's last deadline."""
        weak = "F" in flags
        attempts = [3, 4] if "T" in flags else [2, 3] if weak else [rng.choice([4, 5, 5])]
        first = workday_by(end - timedelta(days=9))
        exam = [(local_dt(workdays(first, index), 10), right) for index, right in enumerate(attempts)]
        practical_day = workdays(end + timedelta(days=2), 0) if "V" in flags else workday_by(end - timedelta(days=7))
        score = rng.randint(55, 62) if weak else rng.randint(74, 92)
        practical = (local_dt(practical_day, 14), local_dt(practical_day, 16, 30), score)
        # The colleagues answer over the following days, the slow ones after the deadline.
        if "P" in flags:
            days = [workdays(end + timedelta(days=offset), 0) for offset in (-2, 1, 3)]
        else:
            days = [workday_by(end - timedelta(days=offset)) for offset in (6, 5, 4)]
        answers = [(local_dt(day, 15), rng.randint(52, 64) if weak else rng.randint(72, 94)) for day in days]
        last = max([exam[-1][0], practical[1], *(when for when, _score in answers)])
        return {
            "exam": exam,
            "practical": practical,
            "invite": local_dt(workday_by(end - timedelta(days=10)), 10),
            "answers": answers,
            "assess": local_dt(workdays(last.date() + timedelta(days=1), 0), 11),
        }

    # ------------------------------------------------------------------
    # Hiring
    # ------------------------------------------------------------------
    @api.model
    def _demo_hire(self, shop, plan):
        """HR creates the hires with their start date; matching programs enroll them (F2)."""
        officer = shop.users["hr_officer"]
        internal = [hire for hire in plan if "O" not in hire.flags and "C" not in hire.flags]
        users = self._demo_users(
            shop.company,
            [
                (hire.name, hire.name.lower().replace(" ", "."), False, [self.env.ref("base.group_user").id])
                for hire in internal
            ],
        )
        user_of = {hire.name: user for hire, user in zip(internal, users, strict=True)}
        Employee = self.env["hr.employee"].with_context(active_test=False)
        existing = {
            e.name: e
            for e in Employee.search([("name", "in", [h.name for h in plan]), ("company_id", "=", shop.company.id)])
        }
        for start, group in self._demo_grouped(plan, lambda hire: hire.start).items():
            vals_list = [
                self._demo_employee_vals(
                    shop.company,
                    shop.calendar,
                    hire.name,
                    shop.departments[hire.team],
                    job_id=shop.jobs[hire.team].id,
                    parent_id=shop.people[f"{hire.team}_lead"].id,
                    coach_id=shop.people[self._demo_mentor_key(hire, plan)].id,
                    user_id=user_of[hire.name].id if hire.name in user_of else False,
                )
                for hire in group
                if hire.name not in existing
            ]
            if vals_list:
                Employee.with_user(officer).with_context(onboarding_start_date=start).create(vals_list)
        employees = {
            e.name: e
            for e in Employee.search([("name", "in", [h.name for h in plan]), ("company_id", "=", shop.company.id)])
        }
        Enrollment = self.env["onboarding.enrollment"]
        enrolled = {
            e.employee_id.name: e
            for e in Enrollment.search([("employee_id", "in", [e.id for e in employees.values()])], order="id")
        }
        # Hires kept from an earlier load of the demo (employees outlive an uninstallation) are enrolled again.
        for (team, start), group in self._demo_grouped(
            [hire for hire in plan if hire.name not in enrolled], lambda hire: (hire.team, hire.start)
        ).items():
            employees_of_group = Employee.concat(*(employees[hire.name] for hire in group))
            Enrollment._enroll(employees_of_group, shop.programs[team], start_date=start)
        enrolled = {
            e.employee_id.name: e
            for e in Enrollment.search([("employee_id", "in", [e.id for e in employees.values()])], order="id")
        }
        for hire in plan:
            hire.employee = employees[hire.name]
            hire.enrollment = enrolled[hire.name]
            hire.user = user_of.get(hire.name, self.env["res.users"])
            hire.tasks = hire.enrollment.task_ids
            hire.week = self._demo_week_tasks(hire)
        self._demo_portal(shop, [hire for hire in plan if "O" in hire.flags])
        declined = Enrollment.concat(*(hire.enrollment for hire in plan if "C" in hire.flags))
        declined.filtered(lambda e: e.state != "cancelled").with_user(officer).action_cancel()

    @api.model
    def _demo_mentor_key(self, hire, plan):
        """Each team's hires alternate between its two mentors."""
        team = [other.name for other in plan if other.team == hire.team]
        return f"{hire.team}_mentor" if team.index(hire.name) % 2 == 0 else f"{hire.team}_mentor_2"

    @api.model
    def _demo_grouped(self, items, key):
        groups = defaultdict(list)
        for item in items:
            groups[key(item)].append(item)
        return groups

    @api.model
    def _demo_portal(self, shop, hires):
        """Hires without a user yet get a portal login from HR (one login stays the README's short one)."""
        logins = {hire.name: [PORTAL_LOGINS.get(hire.name, ""), hire.employee.work_email] for hire in hires}
        Users = self.env["res.users"].with_context(active_test=False)
        kept = {user.login: user for user in Users.search([("login", "in", sum(logins.values(), []))])}
        for hire in hires:
            login = PORTAL_LOGINS.get(hire.name)
            user = next((kept[key] for key in logins[hire.name] if key in kept), Users)
            if user:
                # sudo: a login kept from an earlier load of the demo is given back to its hire by the system.
                hire.enrollment.sudo().portal_user_id = user
            elif not hire.enrollment.portal_user_id:
                hire.enrollment.with_user(shop.users["hr_officer"]).action_invite_portal()
                user = hire.enrollment.portal_user_id
                if login:
                    user.write({"login": login, "password": login})
            hire.user = hire.enrollment.portal_user_id
