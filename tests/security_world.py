"""A small two-company onboarding world shared by the cross-addon security tests.

Company A runs one program; every role of the access matrix has a user in company A (and only
there) and, where the role has an employee, an enrollment of its own. Company B mirrors the
program with employees of its own, so that every model has an "other company" record.

The people, per scope of the matrix:

* own: the role's own records (the portal user's are those of the hire it was invited for);
* team: the records of ``employee``, the mentor's report and mentee (for the ``employee`` role
  itself, those of ``peer``, a colleague under the same mentor);
* other_company: the records of ``b`` in company B.
"""

import base64
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import new_test_user

OUR_ADDONS = (
    "onboarding_training",
    "hr_attendance_gate",
    "training_analytics",
    "onboarding_payroll",
    "onboarding_slides",
)
ROLES = ("public", "portal", "employee", "mentor", "officer", "manager", "payroll")
SCOPES = ("own", "team", "other_company")
ROLE_GROUPS = {
    "public": "base.group_public",
    "portal": "base.group_portal",
    "employee": "base.group_user",
    "mentor": "base.group_user,onboarding_training.group_onboarding_user",
    "officer": "base.group_user,onboarding_training.group_onboarding_officer",
    "manager": "base.group_user,onboarding_training.group_onboarding_manager",
    "payroll": "base.group_user,payroll.group_payroll_user",
}
ROLE_NAMES = {
    "public": "Pat Public",
    "portal": "Polly Portal",
    "employee": "Emma Employee",
    "mentor": "Max Mentor",
    "officer": "Olga Officer",
    "manager": "Morgan Manager",
    "payroll": "Paula Payroll",
}
PNG_BYTES = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
# Enough people on each side of an item for the effectiveness report to show a row.
COHORT_SIZE = 10


def our_models(env):
    """Models whose ir.model record one of the four addons declares (defined or extended)."""
    data = env["ir.model.data"].sudo().search([("model", "=", "ir.model"), ("module", "in", OUR_ADDONS)])
    return set(env["ir.model"].sudo().browse(data.mapped("res_id")).mapped("model"))


class SecurityWorld:
    """Mixin for TransactionCase/HttpCase classes: call ``_build_world()`` from ``setUpClass``."""

    @classmethod
    def _build_world(cls):
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                mail_notrack=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                onboarding_no_auto_enroll=True,
                no_reset_password=True,
            )
        )
        env = cls.env
        cls.today = fields.Date.context_today(env.user)
        cls.start = cls.today - timedelta(days=3)
        cls.company_a = env.company
        cls.company_b = env["res.company"].create({"name": "Second Shop (B)"})
        cls._build_users()
        cls._build_employees()
        cls._build_programs()
        cls._build_enrollments()
        cls._build_progress()
        cls._build_peer_reviews()
        cls._build_knowledge()
        cls._build_attendance_records()
        cls._build_analytics()
        cls._build_payroll()
        env.flush_all()

    # ------------------------------------------------------------------
    # Builders
    # ------------------------------------------------------------------
    @classmethod
    def _build_users(cls):
        env = cls.env
        a, b = cls.company_a, cls.company_b
        cls.users = {
            role: new_test_user(
                env,
                f"sec_{role}",
                groups=ROLE_GROUPS[role],
                name=ROLE_NAMES[role],
                company_id=a.id,
                company_ids=[Command.set(a.ids)],
                password=f"sec_{role}_password",
            )
            for role in ROLES
        }
        cls.passwords = {role: f"sec_{role}_password" for role in ROLES}
        # Fixture actors, outside the matrix.
        cls.hr_admin = new_test_user(env, "sec_hr_admin", groups=ROLE_GROUPS["officer"], name="Hana HR")
        cls.reviewer = new_test_user(env, "sec_reviewer", groups="base.group_user", name="Ray Reviewer")
        cls.b_officer = new_test_user(
            env,
            "sec_b_officer",
            groups=ROLE_GROUPS["officer"],
            name="Bo Officer",
            company_id=b.id,
            company_ids=[Command.set(b.ids)],
        )

    @classmethod
    def _build_employees(cls):
        Employee = cls.env["hr.employee"]
        a, b = cls.company_a, cls.company_b
        users = cls.users
        cls.emp = {}
        cls.emp["mentor"] = Employee.create({"name": ROLE_NAMES["mentor"], "user_id": users["mentor"].id})
        cls.emp["manager"] = Employee.create({"name": ROLE_NAMES["manager"], "user_id": users["manager"].id})
        vals = [
            {
                "name": ROLE_NAMES["employee"],
                "user_id": users["employee"].id,
                "parent_id": cls.emp["mentor"].id,
                "coach_id": cls.emp["mentor"].id,
            },
            {"name": ROLE_NAMES["officer"], "user_id": users["officer"].id},
            {"name": ROLE_NAMES["payroll"], "user_id": users["payroll"].id},
            {"name": "Paco Portal-Hire", "private_email": "paco@example.com"},
            {
                "name": "Pia Peer",
                "parent_id": cls.emp["mentor"].id,
                "coach_id": cls.emp["mentor"].id,
                "work_email": "pia.peer@example.com",
            },
            {"name": "Rita Reviewee", "parent_id": cls.emp["manager"].id},
            {"name": "Xavi Extra"},
            {"name": "Yuna Extra"},
        ]
        keys = ["employee", "officer", "payroll", "portal", "peer", "rev", "extra1", "extra2"]
        for key, employee in zip(keys, Employee.create(vals), strict=True):
            cls.emp[key] = employee
        b_vals = [{"name": f"B Hire {index}", "company_id": b.id} for index in range(COHORT_SIZE)]
        b_employees = Employee.create(b_vals)
        cls.emp["b"] = b_employees[0]
        cls.b_cohort = b_employees
        cls.a_cohort = Employee.browse(
            [cls.emp[k].id for k in ("employee", "mentor", "officer", "manager", "payroll", "portal", "peer", "rev")]
            + [cls.emp["extra1"].id, cls.emp["extra2"].id]
        )
        assert all(e.company_id == a for e in cls.a_cohort)

    @classmethod
    def _program_vals(cls, name, company, **extra):
        return {
            "name": name,
            "company_id": company.id if company else False,
            "auto_enroll": False,
            "pass_score": 60,
            "peer_review_min_count": 1,
            "stage_ids": [
                Command.create(
                    {
                        "name": "Pre-boarding",
                        "sequence": 10,
                        "start_offset_days": -7,
                        "deadline_offset_days": -1,
                        "responsible_role": "hr",
                        "blocks_attendance": True,
                        "item_ids": [
                            Command.create({"name": "Handbook", "item_type": "course", "sequence": 1}),
                            Command.create({"name": "Culture", "item_type": "course", "sequence": 2}),
                        ],
                    }
                ),
                Command.create(
                    {
                        "name": "Week 1",
                        "sequence": 20,
                        "start_offset_days": 0,
                        "deadline_offset_days": 7,
                        "responsible_role": "mentor",
                        "requires_daily_checkin": True,
                        "item_ids": [
                            Command.create(
                                {
                                    "name": "Back office",
                                    "item_type": "task",
                                    "confirmation_required": True,
                                    "sequence": 1,
                                }
                            ),
                            Command.create(
                                {
                                    "name": "Orientation",
                                    "item_type": "session",
                                    "sequence": 2,
                                    "responsible_role": "hr",
                                    "deadline_offset_days": 0,
                                }
                            ),
                        ],
                    }
                ),
            ],
            **extra,
        }

    @classmethod
    def _build_programs(cls):
        Program = cls.env["onboarding.program"]
        a, b = cls.company_a, cls.company_b
        hr_a, hr_b = cls.users["officer"].id, cls.b_officer.id
        programs = Program.create(
            [
                cls._program_vals("CS A", a, hr_responsible_id=hr_a),
                cls._program_vals("CS A second", a, hr_responsible_id=hr_a),
                cls._program_vals("CS A third", a, hr_responsible_id=hr_a),
                cls._program_vals("Shared template", False, is_template=True),
                cls._program_vals("CS B", b, hr_responsible_id=hr_b),
                cls._program_vals("CS B second", b, hr_responsible_id=hr_b),
            ]
        )
        cls.program_a, cls.program_a2, cls.program_a3, cls.template, cls.program_b, cls.program_b2 = programs

    @classmethod
    def item(cls, program, name):
        return program.stage_ids.item_ids.filtered(lambda i: i.name == name)

    @classmethod
    def _build_enrollments(cls):
        Enrollment = cls.env["onboarding.enrollment"]
        a_people = cls.a_cohort
        enrollments = Enrollment._enroll(a_people, cls.program_a, start_date=cls.start)
        enrollments |= Enrollment._enroll(cls.b_cohort, cls.program_b, start_date=cls.start)
        enrollments.invalidate_recordset()
        cls.enr = {}
        for key, employee in cls.emp.items():
            match = enrollments.filtered(lambda e: e.employee_id == employee)
            if match:
                cls.enr[key] = match
        cls.enr["portal"].sudo().portal_user_id = cls.users["portal"]
        cls.enrollments_a = enrollments.filtered(lambda e: e.company_id == cls.company_a)
        cls.enrollments_b = enrollments - cls.enrollments_a

    @classmethod
    def task(cls, key, name="Handbook"):
        return cls.enr[key].task_ids.filtered(lambda t: t.name == name)

    @classmethod
    def _build_progress(cls):
        """Audit trail entries and done tasks, the way people make them."""
        now = fields.Datetime.now()
        confirmed_keys = ("employee", "mentor", "officer", "manager", "payroll")
        proof_task = cls.task("employee", "Back office")
        cls.evidence = (
            cls.env["ir.attachment"]
            .with_user(cls.users["employee"])
            .create({"name": "proof.png", "raw": PNG_BYTES, "res_model": "onboarding.task", "res_id": proof_task.id})
        )
        proof_task.with_user(cls.users["employee"]).write({"evidence_attachment_ids": [Command.link(cls.evidence.id)]})
        for key in confirmed_keys:
            cls.task(key, "Back office").sudo().action_submit()
        Task = cls.env["onboarding.task"]
        Task.browse([cls.task(k, "Back office").id for k in confirmed_keys]).with_user(cls.hr_admin).action_confirm()
        peer_task = cls.task("peer", "Back office")
        peer_task.sudo().action_submit()
        peer_task.with_user(cls.hr_admin).action_reject("Add a screenshot of the order list.")
        peer_task.sudo().action_submit()
        b_task = cls.task("b", "Back office")
        b_task.sudo().action_submit()
        b_task.with_user(cls.b_officer).action_confirm()
        # Half of each cohort has done the culture course: the effectiveness report compares them.
        culture_done = Task.browse(
            [cls.task(k, "Culture").id for k in ("portal", "peer", "rev", "extra1", "extra2")]
            + [e.task_ids.filtered(lambda t: t.name == "Culture").id for e in cls.enrollments_b[:5]]
        )
        culture_done.sudo().write({"state": "done", "submitted_date": now, "done_date": now})
        audit = cls.env["onboarding.audit.log"].sudo()
        cls.audit = {
            key: audit.search(
                [("res_model", "=", "onboarding.task"), ("res_id", "=", cls.task(key, "Back office").id)]
            )[:1]
            for key in (*confirmed_keys, "peer", "b")
        }

    @classmethod
    def _build_peer_reviews(cls):
        """Published reviews about employee, peer and b (one answer each: the programs' minimum is 1), and a
        round about rev that waits for the answers of every role user (their pending invitation lines)."""
        Review = cls.env["onboarding.peer.review"]
        Reviewer = cls.env["onboarding.peer.reviewer"].sudo()
        cls.review_done = {}
        answered = {}
        for key, user in (("employee", cls.reviewer), ("peer", cls.reviewer), ("b", cls.b_officer)):
            Reviewer._invite(cls.enr[key], user)
            line = Reviewer.search([("enrollment_id", "=", cls.enr[key].id)])
            line.with_user(user)._submit(80.0, "Knows the back office.")
            answered[key] = line
            cls.review_done[key] = Review.search([("enrollment_id", "=", cls.enr[key].id)])
        invited = cls.env["res.users"].concat(
            *(cls.users[r] for r in ("portal", "employee", "mentor", "officer", "manager", "payroll"))
        )
        Reviewer._invite(cls.enr["rev"], invited)
        links = Reviewer.search([("enrollment_id", "=", cls.enr["rev"].id)])
        cls.review_pending = {role: links.filtered(lambda x: x.user_id == cls.users[role]) for role in ROLES}
        cls.review_links = {
            **cls.review_pending,
            "team": answered["employee"],
            "team_of_employee": answered["peer"],
            "b": answered["b"],
        }

    @classmethod
    def _build_knowledge(cls):
        Document = cls.env["onboarding.knowledge.document"]
        cls.doc_draft = {}
        for role in ROLES:
            cls.doc_draft[role] = (
                Document.with_user(cls.users[role])
                .sudo()
                .create({"name": f"Tips of {role}", "category": "best_practice", "company_id": cls.company_a.id})
            )
        cls.doc_a, cls.doc_b = Document.create(
            [
                {
                    "name": "Employee handbook A",
                    "category": "handbook",
                    "company_id": cls.company_a.id,
                    "program_ids": [Command.set(cls.program_a.ids)],
                },
                {
                    "name": "Employee handbook B",
                    "category": "handbook",
                    "company_id": cls.company_b.id,
                    "program_ids": [Command.set(cls.program_b.ids)],
                },
            ]
        )
        (cls.doc_a | cls.doc_b).sudo().write({"state": "approved"})

    @classmethod
    def _build_attendance_records(cls):
        people = ("employee", "mentor", "officer", "manager", "payroll", "portal", "peer", "b")
        Exemption = cls.env["onboarding.attendance.exemption"].sudo()
        Miss = cls.env["onboarding.attendance.miss"].sudo()
        cls.exemption = dict(
            zip(
                people,
                Exemption.create(
                    [
                        {
                            "employee_id": cls.emp[k].id,
                            "date_from": cls.today + timedelta(days=30),
                            "date_to": cls.today + timedelta(days=31),
                            "reason": "Visa appointment",
                        }
                        for k in people
                    ]
                ),
                strict=True,
            )
        )
        cls.miss = dict(
            zip(
                people,
                Miss.create(
                    [{"employee_id": cls.emp[k].id, "enrollment_id": cls.enr[k].id, "date": cls.start} for k in people]
                ),
                strict=True,
            )
        )

    @classmethod
    def _build_analytics(cls):
        Type = cls.env["onboarding.performance.metric.type"]
        cls.metric_type_a, cls.metric_type_shared, cls.metric_type_b, cls.metric_type_eff = Type.create(
            [
                {"name": "Complaint rate A", "company_id": cls.company_a.id, "higher_is_better": False},
                {"name": "Sales per day", "company_id": False},
                {"name": "Complaint rate B", "company_id": cls.company_b.id, "higher_is_better": False},
                {"name": "Orders handled", "company_id": False},
            ]
        )
        people = cls.a_cohort | cls.b_cohort
        metrics = cls.env["onboarding.performance.metric"].create(
            [
                {
                    "employee_id": employee.id,
                    "metric_type_id": cls.metric_type_eff.id,
                    "date": cls.today,
                    "value": 40.0 + index,
                }
                for index, employee in enumerate(people)
            ]
        )
        cls.metric = {key: metrics.filtered(lambda m, k=key: m.employee_id == cls.emp[k]) for key in cls.enr}
        month = cls.today.replace(day=1) - relativedelta(months=1)
        # The demo company may already have its report of last month: the world's own replace it.
        Monthly = cls.env["onboarding.monthly.report"]
        Monthly.search([("month", "=", month), ("company_id", "in", (cls.company_a | cls.company_b).ids)]).unlink()
        cls.monthly_a, cls.monthly_b = Monthly.create(
            [{"month": month, "company_id": cls.company_a.id}, {"month": month, "company_id": cls.company_b.id}]
        )
        # The three-month evaluations of the world's cohorts, one per company, as the scheduled job makes them.
        cohort_month = cls.start.replace(day=1)
        cls.evaluation_a, cls.evaluation_b = cls.env["onboarding.cohort.evaluation"].create(
            [
                {"program_id": cls.program_a.id, "company_id": cls.company_a.id, "month": cohort_month},
                {"program_id": cls.program_b.id, "company_id": cls.company_b.id, "month": cohort_month},
            ]
        )

    @classmethod
    def _build_payroll(cls):
        """A draft payslip of ``peer`` on a one-rule structure, and an exam attempt of ``employee``."""
        env = cls.env
        category = env["hr.salary.rule.category"].create({"name": "Basic", "code": "SECBASIC"})
        rule = env["hr.salary.rule"].create(
            {
                "name": "Basic Salary",
                "code": "SECBASIC",
                "sequence": 1,
                "category_id": category.id,
                "amount_select": "code",
                "amount_python_compute": "result = contract.wage",
            }
        )
        structure = env["hr.payroll.structure"].create(
            {"name": "Security checks", "code": "SECSTRUCT", "parent_id": False, "rule_ids": [Command.set(rule.ids)]}
        )
        contract = env["hr.contract"].create(
            {
                "name": "Contract Pia Peer",
                "employee_id": cls.emp["peer"].id,
                "wage": 5000.0,
                "date_start": cls.today - timedelta(days=90),
                "struct_id": structure.id,
                "state": "open",
            }
        )
        period_start = cls.today.replace(day=1)
        cls.payslip = env["hr.payslip"].create(
            {
                "name": "Payslip Pia Peer",
                "employee_id": cls.emp["peer"].id,
                "contract_id": contract.id,
                "struct_id": structure.id,
                "date_from": period_start,
                "date_to": period_start + relativedelta(months=1, days=-1),
            }
        )
        cls.payslip_input = env["hr.payslip.input"].create(
            {
                "payslip_id": cls.payslip.id,
                "contract_id": contract.id,
                "code": "ONB_RATE",
                "name": "Training completion rate (%)",
                "amount": 50.0,
                "amount_qty": 2.0,
            }
        )
        survey = env["survey.survey"].create({"title": "Back office quiz"})
        cls.exam_attempt = survey._create_answer(user=cls.users["employee"])

    # ------------------------------------------------------------------
    # Scope helpers
    # ------------------------------------------------------------------
    @classmethod
    def person(cls, role, scope):
        """The employee key whose records are `scope` for `role` (None: the role has no such records)."""
        if scope == "own":
            return role if role in cls.enr else None
        if scope == "team":
            return "peer" if role == "employee" else "employee"
        return "b"

    @classmethod
    def company_for(cls, scope):
        """For company-wide records (configuration, reports of a company): A, shared (False) or B."""
        return {"own": cls.company_a, "team": cls.env["res.company"], "other_company": cls.company_b}[scope]

    @classmethod
    def program_for(cls, scope):
        return {"own": cls.program_a, "team": cls.template, "other_company": cls.program_b}[scope]
