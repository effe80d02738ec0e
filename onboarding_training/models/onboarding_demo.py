"""The demo company, Bloom Beauty: a beauty e-commerce shop of 200 people and the hires of its last months.

This file sets up the shop: departments, jobs, the people at work in Shanghai (HR, team leads, mentors,
the colleagues who give peer reviews, and the staff without a user) and the three role programs copied
from the templates, each with its theory exam. The hires and their onboarding are walked in
onboarding_demo_history.py, through the actions people use.

The history is built once. hr_attendance_gate takes part in it (check-ins sign the hires in to their
orientation and its daily job records the days they missed, all before the assessments close the
onboardings), so when both addons are installed in the same run this addon's demo leaves the history
to the gate's demo; installed alone, it builds the history itself. Everything is found again rather
than created twice when an earlier load left it behind (users, employees, surveys and jobs outlive an
uninstallation), so that the demo loads again after a reinstallation.
"""

from collections import defaultdict
from datetime import datetime, time
from types import SimpleNamespace

import pytz

from odoo import Command, api, fields, models
from odoo.osv import expression

TZ = "Asia/Shanghai"
TEAMS = ("cs", "ops", "wh")
TEMPLATES = {
    "cs": "onboarding_training.program_customer_service",
    "ops": "onboarding_training.program_operations",
    "wh": "onboarding_training.program_warehouse",
}
JOBS = {"cs": "Customer Service Agent", "ops": "E-commerce Operations Specialist", "wh": "Warehouse Associate"}
# The three teams hire and onboard; the other departments complete the headcount.
DEPARTMENTS = {
    "cs": "Customer Service",
    "ops": "Shop Operations",
    "wh": "Warehouse",
    "mkt": "Marketing",
    "buy": "Product & Buying",
    "fin": "Finance",
    "hr": "HR & Admin",
    "it": "IT",
}
# People with a user: key, name, login, department, role. Leads manage their team, mentors coach its hires,
# reviewers are the colleagues invited to review the hires anonymously.
PEOPLE = [
    ("hr_officer", "Hana Su", "hana", "hr", "officer"),
    ("cs_lead", "Grace Lin", "grace", "cs", "lead"),
    ("cs_mentor", "Chen Wei", "chenwei", "cs", "mentor"),
    ("cs_mentor_2", "Fang Ning", "fangning", "cs", "mentor"),
    ("ops_lead", "Victor Huang", "victor", "ops", "lead"),
    ("ops_mentor", "Lily Zhou", "lily", "ops", "mentor"),
    ("ops_mentor_2", "Ren Yi", "renyi", "ops", "mentor"),
    ("wh_lead", "Tom Baker", "tom", "wh", "lead"),
    ("wh_mentor", "Sam Li", "sam", "wh", "mentor"),
    ("wh_mentor_2", "Meng Da", "mengda", "wh", "mentor"),
    ("cs_reviewer_1", "Tian Mei", "tianmei", "cs", "reviewer"),
    ("cs_reviewer_2", "Shen Yu", "shenyu", "cs", "reviewer"),
    ("cs_reviewer_3", "Yao Qing", "yaoqing", "cs", "reviewer"),
    ("ops_reviewer_1", "Fu Lin", "fulin", "ops", "reviewer"),
    ("ops_reviewer_2", "Xia Mo", "xiamo", "ops", "reviewer"),
    ("ops_reviewer_3", "Qian Rui", "qianrui", "ops", "reviewer"),
    ("wh_reviewer_1", "Cui Bo", "cuibo", "wh", "reviewer"),
    ("wh_reviewer_2", "Pan Tao", "pantao", "wh", "reviewer"),
    ("wh_reviewer_3", "Wei Shi", "weishi", "wh", "reviewer"),
]
# The logins the README lists sign in with their login as password; the others have none (no one signs in as them).
DEMO_PASSWORDS = ("hana", "grace", "chenwei")
# Staff at work without a user, per department: with the people above and the payroll officer, 200 people.
STAFF = {"cs": 48, "ops": 28, "wh": 44, "mkt": 20, "buy": 14, "fin": 9, "hr": 5, "it": 12}
STAFF_SURNAMES = ["An", "Bao", "Cai", "Dai", "Ding", "Fan", "Ge", "Gu", "Hou", "Jia", "Jin", "Kang", "Lei", "Liu"]
STAFF_SURNAMES += ["Lv", "Ning", "Qi", "Ren", "Tan", "Wan", "Wen", "Xiang", "Yan", "Yin", "Zhu"]
STAFF_GIVEN = ["Ai", "Bing", "Chun", "Dong", "En", "Fei", "Gui", "Hua", "Jun", "Kai", "Lan", "Ming", "Nan", "Ping"]
STAFF_GIVEN += ["Qing", "Rong", "Shu", "Ting", "Xia"]
EMAIL_DOMAIN = "bloom-beauty.example.com"


def local_dt(day, hour, minute=0):
    """The naive UTC datetime Odoo stores for a wall-clock time in the shop (Shanghai)."""
    zone = pytz.timezone(TZ)
    return zone.localize(datetime.combine(day, time(hour, minute))).astimezone(pytz.utc).replace(tzinfo=None)


class OnboardingDemo(models.AbstractModel):
    """Builds the demo company: a beauty e-commerce shop, its people, programs and hires."""

    _name = "onboarding.demo"
    _description = "Onboarding Demo Data"

    @api.model
    def _load_demo(self):
        if not self.env.su:
            return False
        shop = self._demo_shop()
        if not self._demo_history_deferred():
            self._demo_history(shop)
        return True

    @api.model
    def _demo_history_deferred(self):
        """Whether the attendance gate is being installed in this same run: its demo builds the history then."""
        return bool(
            self.env["ir.module.module"].search_count(
                [("name", "=", "hr_attendance_gate"), ("state", "=", "to install")], limit=1
            )
        )

    @api.model
    def _demo_env(self):
        """The demo's environment, in the shop's time zone.

        Emails are queued for the mail server rather than sent while the demo loads; field tracking and
        creation notes are left out of the chatter, where they would all carry the day the demo was loaded
        (the decisions themselves are in the audit trail and in the messages the actions post).
        """
        return self.env(
            context=dict(
                self.env.context,
                tz=TZ,
                mail_notify_force_send=False,
                no_reset_password=True,
                tracking_disable=True,
                mail_create_nolog=True,
            )
        )

    @api.model
    def _demo_shop(self, staff=True):
        """The shop and its people, found or created; a namespace the history and the other addons' demos use.

        The staff without a user is only set up by this addon's demo (`staff`); the others need none of them.
        """
        self = self.with_env(self._demo_env())
        company = self.env.ref("base.main_company")
        if company.name != "Bloom Beauty":
            company.name = "Bloom Beauty"
        # The company's working schedule, Monday to Friday; the people work it in Shanghai (their time zone).
        calendar = company.resource_calendar_id
        departments = self._demo_departments(company)
        jobs = self._demo_jobs(company, departments)
        users, people = self._demo_people(company, calendar, departments)
        staff = self._demo_staff(company, calendar, departments, jobs, people) if staff else None
        programs = self._demo_programs(company, jobs, departments, users["hr_officer"])
        return SimpleNamespace(
            company=company,
            calendar=calendar,
            departments=departments,
            jobs=jobs,
            users=users,
            people=people,
            staff=staff,
            programs=programs,
            today=fields.Date.context_today(self),
        )

    def _demo_departments(self, company):
        records = self._demo_find_or_create(
            self.env["hr.department"],
            [{"name": name, "company_id": company.id} for name in DEPARTMENTS.values()],
            ("name", "company_id"),
        )
        return dict(zip(DEPARTMENTS, records, strict=True))

    def _demo_jobs(self, company, departments):
        records = self._demo_find_or_create(
            self.env["hr.job"],
            [{"name": JOBS[team], "company_id": company.id, "department_id": departments[team].id} for team in TEAMS],
            ("name", "company_id"),
        )
        return dict(zip(TEAMS, records, strict=True))

    def _demo_people(self, company, calendar, departments):
        """HR, leads, mentors and reviewers with a user each; leads manage their team's mentors and reviewers."""
        onboarding_user = self.env.ref("onboarding_training.group_onboarding_user")
        officer = self.env.ref("onboarding_training.group_onboarding_officer")
        groups = {
            "officer": [self.env.ref("hr.group_hr_user").id, officer.id],
            "lead": [onboarding_user.id],
            "mentor": [onboarding_user.id],
            "reviewer": [],
        }
        users = self._demo_users(
            company,
            [
                (name, login, login in DEMO_PASSWORDS, [self.env.ref("base.group_user").id, *groups[role]])
                for _key, name, login, _department, role in PEOPLE
            ],
        )
        users = dict(zip([key for key, *_rest in PEOPLE], users, strict=True))
        Employee = self.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        vals_list = [
            {
                **self._demo_employee_vals(company, calendar, name, departments[department]),
                "user_id": users[key].id,
                "job_title": {"officer": "HR Officer", "lead": "Team Lead", "mentor": "Mentor"}.get(role, False),
            }
            for key, name, _login, department, role in PEOPLE
        ]
        employees = self._demo_find_or_create(Employee, vals_list, ("user_id",))
        people = dict(zip(users, employees, strict=True))
        for team in TEAMS:
            lead = people[f"{team}_lead"]
            team_people = Employee.concat(
                *(
                    people[key]
                    for key, _name, _login, department, role in PEOPLE
                    if department == team and role != "lead"
                )
            )
            team_people.filtered(lambda e, lead=lead: e.parent_id != lead).parent_id = lead
            departments[team].manager_id = lead
        departments["hr"].manager_id = people["hr_officer"]
        return users, people

    def _demo_users(self, company, specs):
        """Internal users (name, login, with password, group ids), found by login or created in one batch.

        Users kept from an earlier load of the demo get back the groups an uninstallation took from them.
        """
        users = self._demo_find_or_create(
            self.env["res.users"],
            [
                {
                    "name": name,
                    "login": login,
                    **({"password": login} if with_password else {}),
                    "email": f"{login}@{EMAIL_DOMAIN}",
                    "tz": TZ,
                    # People of the shop work in Odoo: notifications land in their inbox.
                    "notification_type": "inbox",
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [Command.set(group_ids)],
                }
                for name, login, with_password, group_ids in specs
            ],
            ("login",),
        )
        missing = defaultdict(list)
        for user, (_name, _login, _with_password, group_ids) in zip(users, specs, strict=True):
            for group_id in set(group_ids) - set(user.groups_id.ids):
                missing[group_id].append(user.id)
        for group_id, user_ids in missing.items():
            self.env["res.groups"].browse(group_id).write({"users": [Command.link(uid) for uid in user_ids]})
        return users

    @api.model
    def _demo_employee_vals(self, company, calendar, name, department, **extra):
        return {
            "name": name,
            "company_id": company.id,
            "department_id": department.id,
            "resource_calendar_id": calendar.id,
            "tz": TZ,
            "work_email": f"{name.lower().replace(' ', '.')}@{EMAIL_DOMAIN}",
            **extra,
        }

    def _demo_staff(self, company, calendar, departments, jobs, people):
        """The staff already at work, most of them without a user; nobody of them is onboarded again."""
        taken = {employee.name for employee in people.values()}
        names = (f"{surname} {given}" for given in STAFF_GIVEN for surname in STAFF_SURNAMES)
        names = (name for name in names if name not in taken)
        vals_list = []
        for key, count in STAFF.items():
            lead = people.get(f"{key}_lead")
            extra = {"parent_id": lead.id, "job_id": jobs[key].id} if lead else {}
            vals_list += [
                self._demo_employee_vals(company, calendar, next(names), departments[key], **extra)
                for _index in range(count)
            ]
        Employee = self.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        return self._demo_find_or_create(Employee, vals_list, ("name", "company_id"))

    def _demo_programs(self, company, jobs, departments, hr_user):
        """The three role templates copied for the shop's jobs, each with a certification exam."""
        Program = self.env["onboarding.program"].with_context(active_test=False)
        programs = {}
        for team, xmlid in TEMPLATES.items():
            template = self.env.ref(xmlid)
            program = Program.search(
                [("name", "=", template.name), ("company_id", "=", company.id), ("is_template", "=", False)], limit=1
            ) or template.with_company(company).copy(
                {
                    "name": template.name,
                    "job_ids": [Command.set(jobs[team].ids)],
                    "department_ids": [Command.set(departments[team].ids)],
                    "auto_enroll": True,
                    "hr_responsible_id": hr_user.id,
                }
            )
            exams = program.stage_ids.item_ids.filtered(lambda i: i.item_type == "exam" and not i.survey_id)
            if exams:
                exams.survey_id = self._demo_exam(f"{template.name}: theory exam")
            programs[team] = program
        return programs

    def _demo_exam(self, title):
        """A certification of five questions: 70 % to pass, two attempts."""
        Survey = self.env["survey.survey"].with_context(active_test=False)
        survey = Survey.search([("title", "=", title)], limit=1)
        if survey:
            return survey

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

        return Survey.create(
            {
                "title": title,
                "access_mode": "token",
                "users_login_required": True,
                "scoring_type": "scoring_with_answers",
                "certification": True,
                "scoring_success_min": 70,
                "is_attempts_limited": True,
                "attempts_limit": 2,
                "question_and_page_ids": [question(number) for number in range(1, 6)],
            }
        )

    def _demo_find_or_create(self, Model, vals_list, keys):
        """One record per vals, in order: the one matching `keys` when an earlier load of the demo left
        it behind (users, employees, jobs outlive an uninstallation), else a new one, so that the demo
        loads again after a reinstallation."""
        Model = Model.with_context(active_test=False)

        def key_of(values):
            return tuple(values[key] for key in keys)

        found = {}
        # A superset of the wanted keys in one simple query; the exact key tuples are matched below.
        domain = expression.AND([[(key, "in", list({vals[key] for vals in vals_list}))] for key in keys])
        for record in Model.search(domain):
            values = {key: record._fields[key].convert_to_write(record[key], record) for key in keys}
            found.setdefault(key_of(values), record)
        wanted = [key_of(vals) for vals in vals_list]  # before create(), which may change the dicts
        created = iter(Model.create([vals for vals, key in zip(vals_list, wanted, strict=True) if key not in found]))
        return Model.concat(*(found.get(key) or next(created) for key in wanted)).with_env(self.env)
