from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.osv import expression


class OnboardingDemo(models.AbstractModel):
    """Builds the demo company: a beauty e-commerce shop with hires in every onboarding state."""

    _name = "onboarding.demo"
    _description = "Onboarding Demo Data"

    @api.model
    def _load_demo(self):
        if not self.env.su:
            return False
        today = fields.Date.context_today(self)
        company = self.env.ref("base.main_company")
        jobs, departments = self._demo_structure(company)
        programs = self._demo_programs(jobs, departments)
        people = self._demo_people(company)
        Employee = self.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        hires = self._demo_find_or_create(
            Employee,
            [
                {
                    "name": name,
                    "job_id": jobs[kind].id,
                    "department_id": departments[kind].id,
                    "parent_id": people[f"{kind}_lead"].id,
                    "coach_id": people[f"{kind}_mentor"].id,
                    "company_id": company.id,
                    "work_email": f"{name.split()[0].lower()}@bloom-beauty.example.com",
                }
                for name, kind, _offset, _state in DEMO_HIRES
            ],
            ("name", "company_id"),
        )
        Enrollment = self.env["onboarding.enrollment"]
        enrollments = Enrollment
        for hire, (_name, kind, offset, _state) in zip(hires, DEMO_HIRES, strict=True):
            enrollments |= Enrollment._enroll(hire, programs[kind], start_date=today + timedelta(days=offset))
        for enrollment, (_name, _kind, offset, state) in zip(enrollments, DEMO_HIRES, strict=True):
            self._demo_progress(enrollment, offset, state)
        return True

    def _demo_structure(self, company):
        kinds = ("cs", "ops", "wh")
        job_names = {
            "cs": "Customer Service Agent",
            "ops": "E-commerce Operations Specialist",
            "wh": "Warehouse Associate",
        }
        dept_names = {"cs": "Customer Service", "ops": "Shop Operations", "wh": "Warehouse"}
        departments = self._demo_find_or_create(
            self.env["hr.department"],
            [{"name": dept_names[k], "company_id": company.id} for k in kinds],
            ("name", "company_id"),
        )
        jobs = self._demo_find_or_create(
            self.env["hr.job"],
            [
                {"name": job_names[k], "company_id": company.id, "department_id": d.id}
                for k, d in zip(kinds, departments, strict=True)
            ],
            ("name", "company_id"),
        )
        return dict(zip(kinds, jobs, strict=True)), dict(zip(kinds, departments, strict=True))

    def _demo_programs(self, jobs, departments):
        templates = {
            "cs": self.env.ref("onboarding_training.program_customer_service"),
            "ops": self.env.ref("onboarding_training.program_operations"),
            "wh": self.env.ref("onboarding_training.program_warehouse"),
        }
        hr_user = self.env.ref("base.user_admin")
        return {
            kind: template.copy(
                {
                    "name": template.name,
                    "job_ids": [Command.set(jobs[kind].ids)],
                    "department_ids": [Command.set(departments[kind].ids)],
                    "auto_enroll": True,
                    "hr_responsible_id": hr_user.id,
                }
            )
            for kind, template in templates.items()
        }

    def _demo_people(self, company):
        Users = self.env["res.users"].with_context(no_reset_password=True)
        user_group = self.env.ref("onboarding_training.group_onboarding_user")
        specs = [
            ("cs_lead", "Grace Lin", "grace"),
            ("cs_mentor", "Chen Wei", "chenwei"),
            ("ops_lead", "Victor Huang", "victor"),
            ("ops_mentor", "Lily Zhou", "lily"),
            ("wh_lead", "Tom Baker", "tom"),
            ("wh_mentor", "Sam Li", "sam"),
        ]
        users = self._demo_find_or_create(
            Users,
            [
                {
                    "name": name,
                    "login": login,
                    "password": login,
                    "email": f"{login}@bloom-beauty.example.com",
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [Command.set([self.env.ref("base.group_user").id, user_group.id])],
                }
                for _key, name, login in specs
            ],
            ("login",),
        )
        Employee = self.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        people = {}
        for (key, name, _login), user in zip(specs, users, strict=True):
            parent = people.get(key.replace("mentor", "lead"))
            people[key] = self._demo_find_or_create(
                Employee,
                [
                    {
                        "name": name,
                        "user_id": user.id,
                        "company_id": company.id,
                        "parent_id": parent.id if parent else False,
                    }
                ],
                ("user_id",),
            )
        return people

    def _demo_find_or_create(self, Model, vals_list, keys):
        """One record per vals, in order: the one matching `keys` when an earlier load of the demo left
        it behind (users, employees, jobs outlive an uninstallation), else a new one, so that the demo
        loads again after a reinstallation."""
        Model = Model.with_context(active_test=False)

        def key_of(values):
            return tuple(values[key] for key in keys)

        found = {}
        domain = expression.OR([[(key, "=", vals[key]) for key in keys] for vals in vals_list])
        for record in Model.search(domain):
            values = {key: record._fields[key].convert_to_write(record[key], record) for key in keys}
            found.setdefault(key_of(values), record)
        wanted = [key_of(vals) for vals in vals_list]  # before create(), which may change the dicts
        created = iter(Model.create([vals for vals, key in zip(vals_list, wanted, strict=True) if key not in found]))
        return Model.concat(*(found.get(key) or next(created) for key in wanted)).with_env(self.env)

    def _demo_progress(self, enrollment, offset, state):
        """Walk an enrollment to the demo state, as people would have."""
        tasks = enrollment.task_ids.sorted(lambda t: (t.stage_sequence, t.sequence, t.id))
        now = fields.Datetime.now()
        if state == "pending":
            return
        preboarding = tasks.filtered("blocks_attendance")
        if state == "stalled":
            enrollment.write(
                {
                    "state": "paused",
                    "stalled_since": fields.Date.context_today(self),
                    "last_progress_date": enrollment.start_date,
                }
            )
            return
        if state == "cancelled":
            enrollment.write({"state": "cancelled"})
            return
        done = preboarding
        if state in ("training", "submitted"):
            done |= tasks.filtered(lambda t: t.stage_id.sequence <= 20)
        if state in ("passed", "failed"):
            done = tasks.filtered("required")
        done.write({"state": "done", "done_date": now, "submitted_date": now})
        enrollment._refresh_locks()
        if state == "submitted":
            waiting = enrollment.task_ids.filtered(lambda t: t.state == "todo" and t.confirmation_required)[:1]
            waiting.write({"state": "submitted", "submitted_date": now})
        if state in ("passed", "failed"):
            enrollment.write({"state": state, "final_score": 86.0 if state == "passed" else 48.0})


# name, kind, start offset from today (days), demo state
DEMO_HIRES = [
    ("Amy Wang", "cs", 5, "pending"),
    ("Ben Zhao", "cs", 2, "preboarded"),
    ("Cathy Xu", "cs", -4, "training"),
    ("David Sun", "cs", -6, "submitted"),
    ("Emma Liu", "ops", -12, "stalled"),
    ("Frank He", "ops", -50, "passed"),
    ("Gina Ma", "ops", -48, "failed"),
    ("Harry Guo", "wh", -3, "training"),
    ("Ivy Deng", "wh", -25, "passed"),
    ("Jack Feng", "wh", 3, "cancelled"),
]
