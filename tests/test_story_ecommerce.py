"""Bloom Beauty (story): a beauty e-commerce shop of 200 people hires 30 in September 2025.

The whole month is walked in ``setUpClass``, day by day under ``freeze_time``, the way the
people of the shop would live it; what they saw on the way (who was refused at the kiosk on
which day, what the scheduled jobs recorded) goes into a journal. The tests then check the
journal and the outcomes: pre-boarding and the check-in gate, the day-1 orientation sign-in,
week 1 with the mentors' confirmations and the missed check-ins, the month-1 assessment and
conversion (转正), the September payslips and the analytics of the cohort.

Two waves start on Mondays, in Shanghai, on a Monday-to-Friday calendar:

* wave A on 1 September: customer service 6, operations 5, warehouse 4;
* wave B on 15 September: customer service 6, operations 5, warehouse 4.

The story company is new, so the demo data of the database never mixes in.
"""

import base64
from datetime import date, datetime, time, timedelta

import pytz
from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from odoo.addons.hr_attendance_gate.exceptions import AttendanceBlockedError
from odoo.addons.onboarding_training.tests.exam import answer_exam

SHANGHAI = pytz.timezone("Asia/Shanghai")
WAVE_A = date(2025, 9, 1)
WAVE_B = date(2025, 9, 15)
STORY_END = date(2025, 10, 17)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
CHAT_LOG = b"Customer: Where is my parcel?\nAgent: It left our warehouse this morning, here is the tracking link.\n"
TEAMS = ("cs", "ops", "wh")
WAGES = {"cs": 6000.0, "ops": 6600.0, "wh": 5500.0}
# name, team, wave
HIRES = [
    ("Lin Yue", "cs", "A"),
    ("Zhang Min", "cs", "A"),
    ("Wang Fang", "cs", "A"),
    ("Li Na", "cs", "A"),
    ("Chen Jie", "cs", "A"),
    ("Yang Li", "cs", "A"),
    ("Ma Rui", "ops", "A"),
    ("Hu Bin", "ops", "A"),
    ("Guo Xin", "ops", "A"),
    ("He Ping", "ops", "A"),
    ("Gao Yan", "ops", "A"),
    ("Xie Gang", "wh", "A"),
    ("Han Bo", "wh", "A"),
    ("Tang Wei", "wh", "A"),
    ("Feng Lei", "wh", "A"),
    ("Zhao Lei", "cs", "B"),
    ("Huang Ying", "cs", "B"),
    ("Zhou Tao", "cs", "B"),
    ("Wu Qian", "cs", "B"),
    ("Xu Jing", "cs", "B"),
    ("Sun Hao", "cs", "B"),
    ("Lin Feng", "ops", "B"),
    ("Luo Dan", "ops", "B"),
    ("Liang Yu", "ops", "B"),
    ("Song Jia", "ops", "B"),
    ("Zheng Kai", "ops", "B"),
    ("Deng Chao", "wh", "B"),
    ("Cao Yang", "wh", "B"),
    ("Peng Hui", "wh", "B"),
    ("Zeng Qiang", "wh", "B"),
]
# Team leads (managers), two mentors per team and three colleagues per team who give peer reviews.
LEADS = {"cs": "Qiao Lan", "ops": "Du Wen", "wh": "Lu Shan"}
MENTORS = {"cs": ("Bai Xue", "Fang Ning"), "ops": ("Jiang Hao", "Ren Yi"), "wh": ("Kong Jun", "Meng Da")}
REVIEWERS = {
    "cs": ("Tian Mei", "Shen Yu", "Yao Qing"),
    "ops": ("Fu Lin", "Xia Mo", "Qian Rui"),
    "wh": ("Cui Bo", "Pan Tao", "Wei Shi"),
}
# Existing staff without a user, per department: 181 of them, plus 19 people with a user = 200.
STAFF_PLAN = {
    "cs": 50,
    "ops": 30,
    "wh": 45,
    "Marketing": 20,
    "Product & Buying": 15,
    "Finance": 8,
    "HR & Admin": 5,
    "IT": 8,
}
SURNAMES = ["An", "Bao", "Cai", "Dai", "Ding", "Du", "Fan", "Fu", "Ge", "Gu", "Hou", "Jia", "Jin", "Kang", "Lei"]
SURNAMES += ["Liu", "Lv", "Mo", "Ning", "Ou", "Qi", "Ren", "Shi", "Tan", "Wan", "Wen", "Xiang", "Yan", "Yin", "Zhu"]
GIVEN = ["Ai", "Bing", "Chun", "Dong", "En", "Fei", "Gui", "Hua", "Jun", "Kai", "Lan", "Ming", "Nan", "Ping", "Qing"]
GIVEN += ["Rong", "Shu", "Ting", "Wei", "Xia"]

# Pre-boarding: who finishes late, and how the day goes for them.
LATE_SAME_DAY = "Wang Fang"  # refused at 09:05 on her first day, done at 09:40, signed in by her 10:00 check-in
LATE_TWO_DAYS = "Hu Bin"  # refused on Monday and Tuesday; HR signs him in to Monday's orientation on the sheet
LATE_WAVE_B = "Deng Chao"  # refused at 09:05, done at 11:00; his 11:20 check-in is after the sign-in window
EXEMPTED = "Zhou Tao"  # the course platform was down: HR lets him check in on 15-16 September
OUT_OF_WINDOW = "Luo Dan"  # checks in at 11:30 on her first day: HR's sign-in sheet
# Week 1
REJECTED = "Zhang Min"  # her chat etiquette screenshot is rejected, she hands in the chat log
MISSED = {"Li Na": [date(2025, 9, 3), date(2025, 9, 4)], "Gao Yan": [date(2025, 9, 5)]}
MISSED.update({"Song Jia": [date(2025, 9, 17), date(2025, 9, 18), date(2025, 9, 19)], "Liang Yu": [date(2025, 9, 22)]})
JUSTIFIED = "Gao Yan"  # sick on Friday, certificate received
STALLED = "Song Jia"  # hands in the first week-1 task, then nothing
# Month 1: (right answers per exam attempt, out of 4), practical score, peer review scores.
DEFAULT_ASSESSMENT = ([4], 85.0, (85.0, 80.0, 90.0))  # 0.4 * 100 + 0.4 * 85 + 0.2 * 85 = 91
ASSESSMENTS = {
    "Yang Li": ([1, 1], 60.0, (60.0, 55.0, 65.0)),  # 0.4 * 25 + 0.4 * 60 + 0.2 * 60 = 46
    "Tang Wei": ([2, 2], 70.0, (70.0, 70.0, 70.0)),  # 0.4 * 50 + 0.4 * 70 + 0.2 * 70 = 62
    "He Ping": ([2, 2], 85.0, (85.0, 75.0, 80.0)),  # 0.4 * 50 + 0.4 * 85 + 0.2 * 80 = 70, the pass score
    "Cao Yang": ([3], 55.0, (60.0, 50.0, 55.0)),  # 0.4 * 75 + 0.4 * 55 + 0.2 * 55 = 63
    "Liang Yu": ([2, 2], 75.0, ()),  # still running at the end of the story
}
FAILED = {"Yang Li": 46.0, "Tang Wei": 62.0, "Cao Yang": 63.0}
# Assessed groups: (team, wave) -> (exam and practical day, peer review day, assessment day).
MONTH_ONE = [
    (("wh", "A"), date(2025, 9, 16), date(2025, 9, 17), date(2025, 9, 22)),
    (("cs", "A"), date(2025, 9, 24), date(2025, 9, 25), date(2025, 9, 30)),
    (("wh", "B"), date(2025, 9, 29), date(2025, 9, 30), date(2025, 10, 6)),
    (("cs", "B"), date(2025, 10, 8), date(2025, 10, 9), date(2025, 10, 14)),
    (("ops", "A"), date(2025, 10, 8), date(2025, 10, 9), date(2025, 10, 15)),
]
OPS_B_EXAM_DAY = date(2025, 10, 13)


def utc(day, hour, minute=0):
    """The naive UTC datetime of a wall-clock time in Shanghai (what Odoo stores)."""
    return SHANGHAI.localize(datetime.combine(day, time(hour, minute))).astimezone(pytz.utc).replace(tzinfo=None)


def working_days(first, last):
    day, days = first, []
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


@tagged("post_install", "-at_install")
class TestStoryEcommerce(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.startClassPatcher(freeze_time(utc(STORY_END, 12)))
        cls.journal = {"refused": [], "blocked_flags": {}, "pending_flags": {}, "misses": {}, "stalled": None}
        cls._build_company()
        cls._build_staff()
        cls._build_programs()
        cls._walk_the_month()
        cls._build_payroll()

    # ------------------------------------------------------------------
    # The shop
    # ------------------------------------------------------------------
    @classmethod
    def _build_company(cls):
        company = cls.env["res.company"].create({"name": "Bloom Beauty (story)"})
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                allowed_company_ids=[company.id],
                tz="Asia/Shanghai",
                tracking_disable=True,
                mail_notrack=True,
                mail_create_nolog=True,
                no_reset_password=True,
            )
        )
        cls.company = company.with_env(cls.env)
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Bloom Mon-Fri 8-17", "tz": "Asia/Shanghai", "company_id": company.id}
        )
        cls.company.resource_calendar_id = cls.calendar
        names = {"cs": "Customer Service", "ops": "Shop Operations", "wh": "Warehouse"}
        departments = cls.env["hr.department"].create(
            [{"name": names.get(key, key), "company_id": company.id} for key in STAFF_PLAN]
        )
        cls.departments = dict(zip(STAFF_PLAN, departments, strict=True))
        jobs = {"cs": "Customer Service Agent", "ops": "E-commerce Operations Specialist", "wh": "Warehouse Associate"}
        job_records = cls.env["hr.job"].create(
            [
                {"name": jobs[team], "company_id": company.id, "department_id": cls.departments[team].id}
                for team in TEAMS
            ]
        )
        cls.jobs = dict(zip(TEAMS, job_records, strict=True))

    @classmethod
    def _user(cls, login, name, groups="base.group_user"):
        return new_test_user(
            cls.env,
            login,
            groups=groups,
            name=name,
            tz="Asia/Shanghai",
            company_id=cls.company.id,
            email=f"{login}@bloom-story.example.com",
        )

    @classmethod
    def _employee_vals(cls, name, department, user=None, **extra):
        return {
            "name": name,
            "company_id": cls.company.id,
            "department_id": cls.departments[department].id,
            "resource_calendar_id": cls.calendar.id,
            "tz": "Asia/Shanghai",
            "user_id": user.id if user else False,
            **extra,
        }

    @classmethod
    def _build_staff(cls):
        """200 people already at work: leads, mentors and reviewers have a user, most others do not."""
        onboarding = "onboarding_training.group_onboarding_"
        cls.officer_user = cls._user(
            "bloom_hr",
            "Hana Su",
            f"base.group_user,hr.group_hr_user,hr_attendance.group_hr_attendance_officer,{onboarding}officer",
        )
        cls.payroll_user = cls._user("bloom_payroll", "Pei Yun", "base.group_user,payroll.group_payroll_manager")
        coaches = [name for team in TEAMS for name in (LEADS[team], *MENTORS[team])]
        users = {name: cls._user(cls._login(name), name, f"base.group_user,{onboarding}user") for name in coaches}
        # Reviewers only give their reviews in the backend: one batch, no password to hash.
        reviewers = [name for team in TEAMS for name in REVIEWERS[team]]
        users.update(zip(reviewers, cls._batch_users(reviewers), strict=True))
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.hr_employee = Employee.create(cls._employee_vals("Hana Su", "HR & Admin", cls.officer_user))
        leads = Employee.create(
            [cls._employee_vals(LEADS[team], team, users[LEADS[team]], job_title="Team lead") for team in TEAMS]
        )
        cls.leads = dict(zip(TEAMS, leads, strict=True))
        vals_list = []
        for team in TEAMS:
            for name in (*MENTORS[team], *REVIEWERS[team]):
                vals_list.append(cls._employee_vals(name, team, users[name], parent_id=cls.leads[team].id))
        people = Employee.create(vals_list)
        cls.people = {employee.name: employee for employee in people}
        cls.users = users
        taken = set(users) | {name for name, _team, _wave in HIRES} | {"Hana Su"}
        names = (f"{surname} {given}" for given in GIVEN for surname in SURNAMES)
        names = (name for name in names if name not in taken)
        vals_list = []
        for department, count in STAFF_PLAN.items():
            lead = cls.leads.get(department)
            for _index in range(count):
                extra = {"parent_id": lead.id, "job_id": cls.jobs[department].id} if lead else {}
                vals_list.append(cls._employee_vals(next(names), department, **extra))
        cls.staff = Employee.create(vals_list)

    @staticmethod
    def _login(name):
        return name.lower().replace(" ", ".")

    @classmethod
    def _batch_users(cls, names):
        """Internal users of the shop created in one go."""
        return cls.env["res.users"].create(
            [
                {
                    "name": name,
                    "login": cls._login(name),
                    "email": f"{cls._login(name)}@bloom-story.example.com",
                    "tz": "Asia/Shanghai",
                    "company_id": cls.company.id,
                    "company_ids": [Command.set(cls.company.ids)],
                    "groups_id": [Command.set(cls.env.ref("base.group_user").ids)],
                }
                for name in names
            ]
        )

    @classmethod
    def _build_programs(cls):
        """Copies of the three role templates for the shop's jobs and departments, with their exams."""
        templates = {
            "cs": cls.env.ref("onboarding_training.program_customer_service"),
            "ops": cls.env.ref("onboarding_training.program_operations"),
            "wh": cls.env.ref("onboarding_training.program_warehouse"),
        }
        cls.programs = {}
        for team, template in templates.items():
            program = template.copy(
                {
                    "name": template.name,
                    "job_ids": [Command.set(cls.jobs[team].ids)],
                    "department_ids": [Command.set(cls.departments[team].ids)],
                    "auto_enroll": True,
                    "hr_responsible_id": cls.officer_user.id,
                }
            )
            items = program.stage_ids.item_ids
            items.filtered(lambda i: i.item_type == "session").write(
                {"session_start_hour": 9.0, "session_end_hour": 11.0}
            )
            items.filtered(lambda i: i.item_type == "exam").survey_id = cls._make_survey(f"{template.name}: theory")
            cls.programs[team] = program

    @classmethod
    def _make_survey(cls, title):
        def question(number):
            return Command.create(
                {
                    "title": f"Question {number}",
                    "question_type": "simple_choice",
                    "suggested_answer_ids": [
                        Command.create({"value": "Right", "is_correct": True, "answer_score": 1}),
                        Command.create({"value": "Wrong", "answer_score": 0}),
                    ],
                }
            )

        return cls.env["survey.survey"].create(
            {
                "title": title,
                "access_mode": "token",
                "users_login_required": True,
                "scoring_type": "scoring_with_answers",
                "certification": True,
                "scoring_success_min": 75,
                "is_attempts_limited": True,
                "attempts_limit": 2,
                "question_and_page_ids": [question(number) for number in range(1, 5)],
            }
        )

    # ------------------------------------------------------------------
    # The month
    # ------------------------------------------------------------------
    @classmethod
    def _walk_the_month(cls):
        """Each step at its own date and hour (Shanghai), in the order the shop lives them."""
        with freeze_time(utc(date(2025, 8, 22), 10)):
            cls._hire("A", WAVE_A)
            wave_a = cls._wave("A")
        with freeze_time(utc(date(2025, 8, 26), 20)):
            cls._finish_preboarding(wave_a - cls._named(LATE_SAME_DAY, LATE_TWO_DAYS))
        cls._first_day_wave_a()
        cls._week_one(wave_a, WAVE_A, skip={})
        with freeze_time(utc(date(2025, 9, 8), 10)):
            cls._hire("B", WAVE_B)
            wave_b = cls._wave("B")
        cls._run_miss_job(date(2025, 9, 9), WAVE_A + timedelta(days=1), WAVE_A + timedelta(days=7))
        with freeze_time(utc(date(2025, 9, 9), 11)):
            cls._justify(JUSTIFIED, "Sick leave, certificate received.")
        with freeze_time(utc(date(2025, 9, 10), 20)):
            cls._finish_preboarding(wave_b - cls._named(LATE_WAVE_B, EXEMPTED))
        with freeze_time(utc(date(2025, 9, 12), 16)):
            cls.env["onboarding.attendance.exemption"].with_user(cls.officer_user).create(
                {
                    "employee_id": cls._named(EXEMPTED).id,
                    "date_from": WAVE_B,
                    "date_to": WAVE_B + timedelta(days=1),
                    "reason": "Course platform outage: the handbooks are read with HR on paper.",
                }
            )
        cls._first_day_wave_b()
        cls._week_one(wave_b, WAVE_B, skip={STALLED: 1})
        cls._assess(*MONTH_ONE[0])
        cls._run_miss_job(date(2025, 9, 23), WAVE_B + timedelta(days=1), WAVE_B + timedelta(days=7))
        with freeze_time(utc(date(2025, 9, 24), 9)):
            stalled = cls.env["onboarding.enrollment"]._cron_detect_stalls()
            cls.journal["stalled"] = stalled.filtered(lambda e: e.company_id == cls.company).employee_id.mapped("name")
        for group in MONTH_ONE[1:]:
            cls._assess(*group)
        ops_b = cls._wave("B").filtered(lambda e: e.department_id == cls.departments["ops"]) - cls._named(STALLED)
        cls._month_one(ops_b, OPS_B_EXAM_DAY, None)
        with freeze_time(utc(STORY_END, 8)):
            cls.env["onboarding.enrollment"]._cron_update_risk()

    @classmethod
    def _assess(cls, team_wave, exam_day, review_day, assess_day):
        team, wave = team_wave
        hires = cls._wave(wave).filtered(lambda e: e.department_id == cls.departments[team])
        cls._month_one(hires, exam_day, review_day)
        with freeze_time(utc(assess_day, 16)):
            cls._enrollments(hires).with_user(cls.officer_user).action_assess()

    @classmethod
    def _hire(cls, wave, start):
        """HR creates the wave's employees in one go; matching programs enroll them automatically."""
        users = cls._batch_users([name for name, _team, hire_wave in HIRES if hire_wave == wave])
        vals_list = []
        team_counts = dict.fromkeys(TEAMS, 0)
        for (name, team, _wave), user in zip([h for h in HIRES if h[2] == wave], users, strict=True):
            mentor = cls.people[MENTORS[team][team_counts[team] % 2]]
            team_counts[team] += 1
            vals_list.append(
                cls._employee_vals(
                    name,
                    team,
                    user,
                    job_id=cls.jobs[team].id,
                    parent_id=cls.leads[team].id,
                    coach_id=mentor.id,
                )
            )
        Employee = cls.env["hr.employee"].with_user(cls.officer_user).with_context(onboarding_start_date=start)
        Employee.create(vals_list)

    @classmethod
    def _wave(cls, wave):
        names = [name for name, _team, hire_wave in HIRES if hire_wave == wave]
        return cls.env["hr.employee"].search([("company_id", "=", cls.company.id), ("name", "in", names)])

    @classmethod
    def _named(cls, *names):
        return cls.env["hr.employee"].search([("company_id", "=", cls.company.id), ("name", "in", names)])

    @classmethod
    def _enrollments(cls, employees):
        return cls.env["onboarding.enrollment"].search([("employee_id", "in", employees.ids)])

    @classmethod
    def _tasks(cls, employees, stage_sequence=None):
        domain = [("employee_id", "in", employees.ids)]
        if stage_sequence:
            domain.append(("stage_sequence", "=", stage_sequence))
        return cls.env["onboarding.task"].search(domain)

    @classmethod
    def _finish_preboarding(cls, employees):
        """Each new hire reads both handbooks online: course tasks are done as soon as they are handed in."""
        for employee in employees:
            tasks = cls._tasks(employee, 10).filtered(lambda t: t.state in ("todo", "rejected"))
            tasks.with_user(employee.user_id).action_submit()

    @classmethod
    def _nightly_jobs(cls):
        """What the scheduler does every night: open the stages that start today, refresh the gate flags."""
        cls.env["onboarding.enrollment"]._cron_open_stages()
        cls.env["hr.employee"]._cron_refresh_attendance_blocked()

    @classmethod
    def _note_flags(cls, day):
        """What the employee list shows that morning, after the nightly jobs."""
        cls._nightly_jobs()
        hires = cls._wave("A") | cls._wave("B")
        cls.journal["blocked_flags"][day] = sorted(hires.filtered("attendance_blocked").mapped("name"))
        pending = hires.filtered(lambda e: e.onboarding_state == "pending")
        cls.journal["pending_flags"][day] = sorted(pending.mapped("name"))

    @classmethod
    def _kiosk(cls, employees, day, hour, minute=0):
        """Each employee badges at the kiosk; a refusal is noted in the journal with its message."""
        passed = cls.env["hr.employee"]
        with freeze_time(utc(day, hour, minute)):
            for employee in employees:
                try:
                    with cls.env.cr.savepoint():
                        employee.sudo()._attendance_action_change({"mode": "kiosk"})
                except AttendanceBlockedError as error:
                    cls.journal["refused"].append((day, employee.name, str(error)))
                else:
                    passed |= employee
        return passed

    @classmethod
    def _first_day_wave_a(cls):
        day = WAVE_A
        wave = cls._wave("A")
        with freeze_time(utc(day, 8)):
            cls._note_flags(day)
        present = cls._kiosk(wave, day, 9, 5)
        with freeze_time(utc(day, 9, 40)):
            cls._finish_preboarding(cls._named(LATE_SAME_DAY))
        present |= cls._kiosk(cls._named(LATE_SAME_DAY), day, 10)
        cls._kiosk(cls._named(LATE_TWO_DAYS), day, 14)
        cls._kiosk(present, day, 18)  # check-out
        day2 = day + timedelta(days=1)
        cls._kiosk(cls._named(LATE_TWO_DAYS), day2, 9)
        with freeze_time(utc(day2, 9, 30)):
            cls._finish_preboarding(cls._named(LATE_TWO_DAYS))
        cls._kiosk(cls._named(LATE_TWO_DAYS), day2, 9, 45)
        cls._kiosk(cls._named(LATE_TWO_DAYS), day2, 18)
        with freeze_time(utc(day2, 11)):
            cls._sign_in_sheet(cls._named(LATE_TWO_DAYS), day)

    @classmethod
    def _first_day_wave_b(cls):
        day = WAVE_B
        wave = cls._wave("B")
        with freeze_time(utc(day, 8)):
            cls._note_flags(day)
        present = cls._kiosk(wave - cls._named(OUT_OF_WINDOW), day, 9, 5)
        with freeze_time(utc(day, 11)):
            cls._finish_preboarding(cls._named(LATE_WAVE_B))
        present |= cls._kiosk(cls._named(LATE_WAVE_B), day, 11, 20)
        present |= cls._kiosk(cls._named(OUT_OF_WINDOW), day, 11, 30)
        cls._kiosk(present, day, 18)
        with freeze_time(utc(day, 17)):
            cls._sign_in_sheet(cls._named(LATE_WAVE_B, OUT_OF_WINDOW), day)
        with freeze_time(utc(day + timedelta(days=1), 9, 30)):
            cls._finish_preboarding(cls._named(EXEMPTED))

    @classmethod
    def _sign_in_sheet(cls, employees, day):
        """HR fills in the orientation's sign-in sheet for those who attended without a valid check-in."""
        for employee in employees:
            session = cls._tasks(employee, 20).item_id
            action = session.with_user(cls.officer_user).action_open_signin_sheet()
            sheet = Form(cls.env[action["res_model"]].with_user(cls.officer_user).with_context(**action["context"]))
            sheet.session_date = day
            for index in range(len(sheet.line_ids)):
                with sheet.line_ids.edit(index) as line:
                    if line.employee_id == employee:
                        line.attended = True
            sheet.save().action_confirm()

    @classmethod
    def _week_one(cls, wave, start, skip):
        """Daily check-ins (with the planned misses) and the mentors' checklist in three rounds."""
        days = working_days(start + timedelta(days=1), start + timedelta(days=7))
        for day in days:
            with freeze_time(utc(day, 18, 30)):
                present = wave.filtered(
                    lambda e, day=day: day not in MISSED.get(e.name, []) and not cls._attended_on(e, day)
                )
                cls.env["hr.attendance"].create(
                    [{"employee_id": e.id, "check_in": utc(day, 9), "check_out": utc(day, 18)} for e in present]
                )
        rounds = [(1, 2), (2, 3), (4, 7)] if start == WAVE_A else [(1, 2), (3, 7), (7, 8)]
        for number, (hand_in, confirm) in enumerate(rounds, start=1):
            with freeze_time(utc(start + timedelta(days=hand_in), 17)):
                cls._hand_in(wave, number, skip)
            with freeze_time(utc(start + timedelta(days=confirm), 10)):
                cls._mentors_confirm(wave)

    @classmethod
    def _attended_on(cls, employee, day):
        start, stop = utc(day, 0), utc(day + timedelta(days=1), 0)
        return bool(
            cls.env["hr.attendance"].search_count(
                [("employee_id", "=", employee.id), ("check_in", ">=", start), ("check_in", "<", stop)]
            )
        )

    @classmethod
    def _hand_in(cls, wave, number, skip):
        """Each hire attaches a screenshot to every open week-1 task and hands it in."""
        for employee in wave:
            tasks = cls._tasks(employee, 30).filtered(lambda t: t.state in ("todo", "rejected"))
            if employee.name in skip:
                tasks = tasks[: skip[employee.name]] if number == 1 else tasks.browse()
            if not tasks:
                continue
            user = employee.user_id
            rejected = tasks.filtered(lambda t: t.state == "rejected")
            attachments = (
                cls.env["ir.attachment"]
                .with_user(user)
                .create(
                    [
                        {
                            "name": "chat-log.txt" if task in rejected else f"{task.name}.png",
                            "raw": CHAT_LOG if task in rejected else PNG,
                            "res_model": "onboarding.task",
                            "res_id": task.id,
                        }
                        for task in tasks
                    ]
                )
            )
            for task, attachment in zip(tasks, attachments, strict=True):
                task.with_user(user).write({"evidence_attachment_ids": [Command.link(attachment.id)]})
            tasks.with_user(user).action_submit()

    @classmethod
    def _mentors_confirm(cls, wave):
        """Each mentor confirms what their mentees handed in, from "To Confirm"; one chat log is missing."""
        submitted = cls._tasks(wave, 30).filtered(lambda t: t.state == "submitted")
        for mentor_user, tasks in submitted.grouped("responsible_user_id").items():
            tasks = tasks.with_user(mentor_user)
            to_confirm = tasks.search([("id", "in", tasks.ids), ("state", "=", "submitted")])
            to_reject = to_confirm.filtered(
                lambda t: t.employee_id.name == REJECTED and t.name == "Customer chat etiquette" and not t.reject_reason
            )
            if to_reject and not cls._was_rejected(to_reject):
                to_reject.action_reject("The screenshot does not show the customer's question: attach the chat log.")
                to_confirm -= to_reject
            to_confirm.action_confirm()

    @classmethod
    def _was_rejected(cls, task):
        return bool(
            cls.env["onboarding.audit.log"].search_count(
                [("event", "=", "reject"), ("res_model", "=", task._name), ("res_id", "=", task.id)]
            )
        )

    @classmethod
    def _run_miss_job(cls, run_day, first, last):
        """The daily job after the week: one record per working day without a check-in, once."""
        with freeze_time(utc(run_day, 9)):
            misses = cls.env["onboarding.attendance.miss"]._record_missed_checkins(date_from=first, date_to=last)
            again = cls.env["onboarding.attendance.miss"]._record_missed_checkins(date_from=first, date_to=last)
        ours = misses.filtered(lambda m: m.company_id == cls.company)
        cls.journal["misses"][run_day] = sorted((m.employee_id.name, m.date) for m in ours)
        cls.journal["misses_again"] = cls.journal.get("misses_again", 0) + len(
            again.filtered(lambda m: m.company_id == cls.company)
        )

    @classmethod
    def _justify(cls, name, reason):
        miss = cls.env["onboarding.attendance.miss"].search([("employee_id", "=", cls._named(name).id)])
        action = miss.with_user(cls.officer_user).action_open_justify_wizard()
        wizard = Form(cls.env[action["res_model"]].with_user(cls.officer_user).with_context(**action["context"]))
        wizard.reason = reason
        wizard.save().action_justify()

    @classmethod
    def _month_one(cls, hires, exam_day, review_day):
        """Theory exam and practical work, then anonymous peer reviews (when a review day is given)."""
        with freeze_time(utc(exam_day, 7)):
            cls._nightly_jobs()
        with freeze_time(utc(exam_day, 10)):
            for employee in hires:
                attempts = ASSESSMENTS.get(employee.name, DEFAULT_ASSESSMENT)[0]
                exam = cls._tasks(employee, 40).filtered(lambda t: t.item_type == "exam")
                for right_answers in attempts:
                    cls._take_exam(exam, employee.user_id, right_answers)
        with freeze_time(utc(exam_day, 15)):
            for employee in hires:
                practical = cls._tasks(employee, 40).filtered(lambda t: t.item_type == "task")
                practical.with_user(employee.user_id).action_submit()
            for employee in hires:
                lead_user = employee.parent_id.user_id
                practical = cls._tasks(employee, 40).filtered(lambda t: t.item_type == "task")
                practical.with_user(lead_user).action_confirm()
                score = ASSESSMENTS.get(employee.name, DEFAULT_ASSESSMENT)[1]
                cls._enrollments(employee).with_user(lead_user).write(
                    {"practical_score": score, "practical_comment": "Handles the daily work on their own."}
                )
        if review_day:
            with freeze_time(utc(review_day, 10)):
                for employee in hires:
                    cls._peer_reviews(employee)

    @classmethod
    def _take_exam(cls, task, user, right_answers):
        answer_exam(cls.env, task, user, right_answers)

    @classmethod
    def _peer_reviews(cls, employee):
        team = cls._team_of(employee)
        reviewers = cls.env["hr.employee"].concat(*(cls.people[name] for name in REVIEWERS[team]))
        enrollment = cls._enrollments(employee)
        wizard = (
            cls.env["onboarding.peer.review.invite.wizard"]
            .with_user(cls.officer_user)
            .create({"enrollment_id": enrollment.id, "reviewer_ids": [Command.set(reviewers.ids)]})
        )
        wizard.action_invite()
        scores = ASSESSMENTS.get(employee.name, DEFAULT_ASSESSMENT)[2]
        for reviewer, score in zip(reviewers, scores, strict=True):
            # Each colleague answers on their own invitation line; the last answer publishes the round.
            Line = cls.env["onboarding.peer.reviewer"].with_user(reviewer.user_id)
            line = Line.search([("state", "=", "pending"), ("enrollment_id", "=", enrollment.id)])
            line.write({"score": score, "comment": "Patient with customers, asks good questions."})
            line.action_submit_review()

    @classmethod
    def _build_payroll(cls):
        """A structure with the training rules and a contract per hire from their first day."""
        Category = cls.env["hr.salary.rule.category"]
        basic, net = Category.create(
            [
                {"name": "Basic", "code": "BASIC", "company_id": cls.company.id},
                {"name": "Net", "code": "NET", "company_id": cls.company.id},
            ]
        )
        rules = cls.env["hr.salary.rule"].create(
            [
                {
                    "name": "Basic Salary",
                    "code": "BASIC",
                    "sequence": 1,
                    "category_id": basic.id,
                    "company_id": cls.company.id,
                    "amount_select": "code",
                    "amount_python_compute": "result = contract.wage",
                },
                {
                    "name": "Net Salary",
                    "code": "NET",
                    "sequence": 200,
                    "category_id": net.id,
                    "company_id": cls.company.id,
                    "amount_select": "code",
                    "amount_python_compute": "result = categories.BASIC + categories.ONB",
                },
            ]
        )
        training_rules = (
            cls.env.ref("onboarding_payroll.hr_salary_rule_onboarding_deduction")
            | cls.env.ref("onboarding_payroll.hr_salary_rule_onboarding_bonus")
            | cls.env.ref("onboarding_payroll.hr_salary_rule_onboarding_missed")
        )
        cls.structure = cls.env["hr.payroll.structure"].create(
            {
                "name": "Bloom new hires",
                "code": "BLOOMNEW",
                "company_id": cls.company.id,
                "parent_id": False,
                "rule_ids": [Command.set((rules | training_rules).ids)],
            }
        )
        enrollments = cls._enrollments(cls._wave("A") | cls._wave("B"))
        contracts = cls.env["hr.contract"].create(
            [
                {
                    "name": f"Contract {enrollment.employee_id.name}",
                    "employee_id": enrollment.employee_id.id,
                    "company_id": cls.company.id,
                    "wage": WAGES[cls._team_of(enrollment.employee_id)],
                    "date_start": enrollment.start_date,
                    "resource_calendar_id": cls.calendar.id,
                    "struct_id": cls.structure.id,
                    "state": "open",
                }
                for enrollment in enrollments
            ]
        )
        cls.contracts = {contract.employee_id.name: contract for contract in contracts}

    @classmethod
    def _team_of(cls, employee):
        return next(team for team in TEAMS if cls.departments[team] == employee.department_id)

    # ------------------------------------------------------------------
    # Helpers for the checks
    # ------------------------------------------------------------------
    def hire(self, name):
        return self._named(name)

    def enrollment(self, name):
        return self._enrollments(self._named(name))

    # ------------------------------------------------------------------
    # The checks
    # ------------------------------------------------------------------
    def test_shop_and_hiring(self):
        employees = self.env["hr.employee"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(employees), 230, "200 people at work, 30 hired in September")
        with_user = employees.filtered("user_id")
        self.assertEqual(len(with_user - self._wave("A") - self._wave("B")), 19, "most of the staff has no user")
        enrollments = self.env["onboarding.enrollment"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(enrollments), 30, "only the hires were enrolled, each once")
        per_program = {program.name: 0 for program in self.programs.values()}
        for enrollment in enrollments:
            per_program[enrollment.program_id.name] += 1
        self.assertEqual(
            per_program, {"Customer service – 30 days": 12, "Operations – 45 days": 10, "Warehouse – 21 days": 8}
        )
        for enrollment in enrollments:
            team = self._team_of(enrollment.employee_id)
            self.assertEqual(enrollment.program_id, self.programs[team])
            self.assertEqual(enrollment.mentor_id, enrollment.employee_id.coach_id)
            self.assertEqual(enrollment.manager_id, self.leads[team])
            wave_start = WAVE_A if enrollment.employee_id in self._wave("A") else WAVE_B
            self.assertEqual(enrollment.start_date, wave_start)
            self.assertEqual(len(enrollment.task_ids), 10)
            self.assertEqual(len(enrollment.task_ids.filtered("required")), 9)
        self.assertFalse(self.env["onboarding.enrollment"].search([("employee_id", "in", self.staff.ids)]))

    def test_preboarding_gate(self):
        refused = sorted({(day, name) for day, name, _message in self.journal["refused"]})
        self.assertEqual(
            refused,
            [
                (WAVE_A, LATE_TWO_DAYS),
                (WAVE_A, LATE_SAME_DAY),
                (WAVE_A + timedelta(days=1), LATE_TWO_DAYS),
                (WAVE_B, LATE_WAVE_B),
            ],
        )
        self.assertEqual(
            [name for day, name, _message in self.journal["refused"] if day == WAVE_A].count(LATE_TWO_DAYS),
            2,
            "refused in the morning and again in the afternoon",
        )
        for _day, name, message in self.journal["refused"]:
            self.assertIn(name, message)
            self.assertIn("Employee handbook", message)
            self.assertIn("Culture handbook", message)
        # The morning list: pending training (待培训), and who of them the gate blocks that day.
        self.assertEqual(self.journal["blocked_flags"][WAVE_A], sorted([LATE_TWO_DAYS, LATE_SAME_DAY]))
        self.assertEqual(self.journal["pending_flags"][WAVE_A], sorted([LATE_TWO_DAYS, LATE_SAME_DAY]))
        self.assertEqual(self.journal["blocked_flags"][WAVE_B], [LATE_WAVE_B])
        self.assertEqual(self.journal["pending_flags"][WAVE_B], sorted([LATE_WAVE_B, EXEMPTED]))
        # The exempted hire checked in on the first day although pre-boarding was not finished.
        first_check_in = self.env["hr.attendance"].search(
            [("employee_id", "=", self.hire(EXEMPTED).id)], order="check_in", limit=1
        )
        self.assertEqual(first_check_in.check_in, utc(WAVE_B, 9, 5))
        trail = self.env["onboarding.audit.log"].search(
            [("event", "=", "exemption"), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(trail.user_id, self.officer_user)
        # Nobody is blocked any more; the late ones finished after their deadline.
        hires = self._wave("A") | self._wave("B")
        self.assertFalse(hires.filtered("attendance_blocked"))
        late = self._tasks(self._named(LATE_TWO_DAYS), 10)
        self.assertEqual(set(late.mapped("state")), {"done"})
        self.assertEqual({task.done_date.date() for task in late}, {WAVE_A + timedelta(days=1)})
        self.assertEqual(set(late.mapped("deadline")), {WAVE_A - timedelta(days=3)})

    def test_orientation_sign_in(self):
        sessions = self._tasks(self._wave("A") | self._wave("B"), 20)
        self.assertEqual(len(sessions), 30)
        self.assertTrue(all(sessions.mapped("signed_in")))
        self.assertEqual(set(sessions.mapped("state")), {"done"})
        by_sheet = sorted(sessions.filtered(lambda t: t.signin_method == "sheet").employee_id.mapped("name"))
        self.assertEqual(by_sheet, sorted([LATE_TWO_DAYS, LATE_WAVE_B, OUT_OF_WINDOW]))
        self.assertEqual(len(sessions.filtered(lambda t: t.signin_method == "checkin")), 27)
        late_same_day = sessions.filtered(lambda t: t.employee_id.name == LATE_SAME_DAY)
        self.assertEqual(late_same_day.signin_date, utc(WAVE_A, 10))
        self.assertEqual(sessions.filtered(lambda t: t.employee_id.name == EXEMPTED).signin_method, "checkin")

    def test_week_one_confirmed_by_mentors(self):
        hires = (self._wave("A") | self._wave("B")) - self._named(STALLED)
        for task in self._tasks(hires, 30):
            self.assertEqual(task.state, "done", f"{task.employee_id.name}: {task.name}")
            self.assertEqual(task.confirmed_by_id, task.employee_id.coach_id.user_id, "confirmed by the mentor")
            self.assertTrue(task.evidence_attachment_ids)
            self.assertEqual(set(task.evidence_attachment_ids.mapped("res_id")), {task.id})
            # The last optional task of wave B was confirmed the morning after its deadline.
            self.assertLessEqual(task.done_date.date(), task.deadline + timedelta(days=0 if task.required else 1))
        chat = self._tasks(self._named(REJECTED), 30).filtered(lambda t: t.name == "Customer chat etiquette")
        rejection = self.env["onboarding.audit.log"].search(
            [("event", "=", "reject"), ("res_model", "=", "onboarding.task"), ("res_id", "=", chat.id)]
        )
        self.assertEqual(len(rejection), 1)
        self.assertEqual(rejection.user_id, self._named(REJECTED).coach_id.user_id)
        self.assertIn("attach the chat log", rejection.details)
        self.assertEqual(
            sorted(chat.evidence_attachment_ids.mapped("name")), ["Customer chat etiquette.png", "chat-log.txt"]
        )
        self.assertEqual(chat.state, "done")
        all_rejections = self.env["onboarding.audit.log"].search(
            [("event", "=", "reject"), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(all_rejections, rejection, "one rejection in the whole month")
        # The hire who stalled handed in one task; the next is still open, the last waits for it.
        stalled = self._tasks(self._named(STALLED), 30).filtered("required")
        self.assertEqual(sorted(stalled.mapped("state")), ["done", "locked", "todo"])

    def test_missed_check_ins(self):
        self.assertEqual(
            self.journal["misses"],
            {
                date(2025, 9, 9): [
                    ("Gao Yan", date(2025, 9, 5)),
                    ("Li Na", date(2025, 9, 3)),
                    ("Li Na", date(2025, 9, 4)),
                ],
                date(2025, 9, 23): [
                    ("Liang Yu", date(2025, 9, 22)),
                    ("Song Jia", date(2025, 9, 17)),
                    ("Song Jia", date(2025, 9, 18)),
                    ("Song Jia", date(2025, 9, 19)),
                ],
            },
        )
        self.assertEqual(self.journal["misses_again"], 0, "running the job again records nothing new")
        misses = self.env["onboarding.attendance.miss"].search([("company_id", "=", self.company.id)])
        justified = misses.filtered("justified")
        self.assertEqual(justified.employee_id.name, JUSTIFIED)
        self.assertEqual(justified.justified_by_id, self.officer_user)
        self.assertEqual(justified.justification, "Sick leave, certificate received.")
        # The hires who were blocked on a week-1 morning checked in later that day: no miss.
        self.assertFalse(misses.filtered(lambda m: m.employee_id.name in (LATE_TWO_DAYS, LATE_WAVE_B, EXEMPTED)))

    def test_stall_detected(self):
        self.assertEqual(self.journal["stalled"], [STALLED])
        enrollment = self.enrollment(STALLED)
        self.assertEqual(enrollment.state, "paused")
        self.assertEqual(enrollment.stalled_since, date(2025, 9, 24))
        follow_ups = enrollment.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("onboarding_training.mail_activity_type_follow_up")
        )
        self.assertEqual(follow_ups.user_id, self.users[self._named(STALLED).coach_id.name] | self.users[LEADS["ops"]])

    def test_assessment_and_conversion(self):
        enrollments = self.env["onboarding.enrollment"].search([("company_id", "=", self.company.id)])
        outcome = {e.employee_id.name: (e.state, e.final_score) for e in enrollments}
        for (team, wave), _exam, _review, assess_day in MONTH_ONE:
            for name, hire_team, hire_wave in HIRES:
                if (hire_team, hire_wave) != (team, wave):
                    continue
                enrollment = enrollments.filtered(lambda e, name=name: e.employee_id.name == name)
                if name in FAILED:
                    self.assertEqual(outcome[name], ("failed", FAILED[name]), name)
                    self.assertIn(f"{FAILED[name]:g}", enrollment.failure_reason)
                    self.assertFalse(enrollment.conversion_date)
                    self.assertEqual(enrollment.employee_id.onboarding_state, "failed")
                else:
                    expected = 70.0 if name == "He Ping" else 91.0
                    self.assertEqual(outcome[name], ("passed", expected), name)
                    self.assertEqual(enrollment.conversion_date, assess_day)
                    self.assertEqual(enrollment.employee_id.onboarding_state, "regular")
                self.assertEqual(enrollment.completion_rate, 100.0)
        running = sorted(name for name, (state, _score) in outcome.items() if state in ("running", "paused"))
        self.assertEqual(running, sorted(["Lin Feng", "Luo Dan", "Liang Yu", "Song Jia", "Zheng Kai"]))
        # Peer reviews stay anonymous: nothing on a review says who wrote it.
        reviews = self.env["onboarding.peer.review"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(reviews), 75)
        self.assertNotIn("create_uid", reviews._fields)
        liang = self.enrollment("Liang Yu")
        self.assertEqual((liang.exam_score, liang.practical_score, liang.exam_complete), (50.0, 75.0, True))

    def test_september_payslips(self):
        hires = self._wave("A") | self._wave("B")
        Payslip = self.env["hr.payslip"].with_user(self.payroll_user)
        payslips = Payslip.create(
            [
                {
                    "name": f"September 2025 {employee.name}",
                    "employee_id": employee.id,
                    "contract_id": self.contracts[employee.name].id,
                    "struct_id": self.structure.id,
                    "date_from": date(2025, 9, 1),
                    "date_to": date(2025, 9, 30),
                }
                for employee in hires
            ]
        )
        payslips.compute_sheet()

        def amounts(name):
            payslip = payslips.filtered(lambda p: p.employee_id.name == name)
            return tuple(
                round(sum(payslip.line_ids.filtered(lambda line, code=code: line.code == code).mapped("total")), 2)
                for code in ("BASIC", "ONB_RATE_DED", "ONB_RATE_BONUS", "ONB_MISSED_DED", "NET")
            )

        # Two unjustified missed days out of September's 22 working days, every task done: 6,000 + 3 % - 2/22.
        self.assertEqual(amounts("Li Na"), (6000.0, 0.0, 180.0, -545.45, 5634.55))
        # The justified day costs nothing.
        self.assertEqual(amounts(JUSTIFIED), (6600.0, 0.0, 198.0, 0.0, 6798.0))
        # Four of the six tasks due in September done (67 %): 5 % off, and three missed days.
        self.assertEqual(amounts(STALLED), (6600.0, -330.0, 0.0, -900.0, 5370.0))
        self.assertEqual(amounts("Liang Yu"), (6600.0, 0.0, 198.0, -300.0, 6498.0))
        # Late pre-boarding, done before the end of the month: it counts as done.
        self.assertEqual(amounts(LATE_WAVE_B), (5500.0, 0.0, 165.0, 0.0, 5665.0))
        # Failing the assessment is not a payroll matter: all seven September tasks were done.
        self.assertEqual(amounts("Tang Wei"), (5500.0, 0.0, 165.0, 0.0, 5665.0))
        inputs = {
            line.code: (line.amount, line.amount_qty)
            for line in payslips.filtered(lambda p: p.employee_id.name == STALLED).input_line_ids
        }
        self.assertEqual(inputs["ONB_MISSED"], (3.0, 22.0))
        self.assertAlmostEqual(inputs["ONB_RATE"][0], 400.0 / 6)
        self.assertEqual(inputs["ONB_RATE"][1], 6.0)
        bonus = payslips.filtered(lambda p: p.line_ids.filtered(lambda line: line.code == "ONB_RATE_BONUS"))
        self.assertEqual(len(bonus), 29, "everybody else did every task due in September")
        summary = payslips.filtered(lambda p: p.employee_id.name == "Li Na").onboarding_summary
        self.assertIn("2 unjustified missed check-in days out of 22 working days", summary)

    def test_cohort_analytics(self):
        Report = self.env["onboarding.cohort.report"].with_user(self.officer_user)
        measures = [
            "headcount:sum",
            "session_attendance_rate:avg",
            "completion_rate:avg",
            "pass_rate:avg",
            "conversion_rate:avg",
            "median_days_to_conversion:avg",
            "attrition_rate:avg",
        ]
        [row] = Report._read_group([("company_id", "=", self.company.id)], ["start_date:month"], measures)
        month, headcount, sessions, completion, passed, conversion, median_days, attrition = row
        self.assertEqual(month, date(2025, 9, 1))
        self.assertEqual(headcount, 30)
        self.assertAlmostEqual(sessions, 100.0)
        # 25 assessed hires did their 9 required tasks; 4 of the running ones did 8, the stalled one 4.
        self.assertAlmostEqual(completion, 100.0 * 261 / 270)
        self.assertAlmostEqual(passed, 100.0 * 22 / 25)
        self.assertAlmostEqual(conversion, 100.0 * 22 / 30)
        # Days to conversion: 21 (x6), 29 (x11), 44 (x5): the median is 29.
        self.assertAlmostEqual(median_days, 29.0)
        self.assertAlmostEqual(attrition, 0.0)
        per_program = {
            program.name: (count, round(conversion, 2))
            for program, count, conversion in Report._read_group(
                [("company_id", "=", self.company.id)], ["program_id"], ["headcount:sum", "conversion_rate:avg"]
            )
        }
        self.assertEqual(
            per_program,
            {
                "Customer service – 30 days": (12, round(100.0 * 11 / 12, 2)),
                "Operations – 45 days": (10, 50.0),
                "Warehouse – 21 days": (8, 75.0),
            },
        )

    def test_at_risk_list(self):
        at_risk = self.env["onboarding.enrollment"].search(
            [("company_id", "=", self.company.id), ("risk_level", "in", ("medium", "high"))],
            order="risk_score desc",
        )
        self.assertEqual(
            [(e.employee_id.name, e.risk_level, e.risk_score) for e in at_risk],
            [(STALLED, "high", 100), ("Liang Yu", "medium", 30)],
        )
        self.assertEqual(at_risk.mapped("risk_date"), [STORY_END, STORY_END])
        reasons = at_risk[0].risk_reasons
        self.assertIn("2 overdue task(s)", reasons)
        self.assertIn("3 unjustified missed check-in(s)", reasons)
        self.assertIn("Stalled since", reasons)
        self.assertIn("Score below the pass score of 70", at_risk[1].risk_reasons)
        self.assertIn("1 unjustified missed check-in(s)", at_risk[1].risk_reasons)
        self.assertEqual(at_risk[0].risk_alert_date, date(2025, 9, 24), "HR was told the day the hire stalled")
        self.assertFalse(at_risk[1].risk_alert_date, "medium risk raises no alert")
        calm = self.env["onboarding.enrollment"].search(
            [("company_id", "=", self.company.id), ("state", "=", "running"), ("risk_level", "=", "low")]
        )
        self.assertEqual(sorted(calm.employee_id.mapped("name")), ["Lin Feng", "Luo Dan", "Zheng Kai"])
