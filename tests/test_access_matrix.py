"""Access matrix of the four addons: every model × every role × create/read/write/unlink × scope.

``ROWS`` holds one row per model the addons define (business models, SQL-view reports, wizards and
abstract models); ``EXTENSIONS`` one row per standard model they extend, with the guard the addons
add to it. ``test_table_covers_our_models`` fails as soon as a model of the addons has no row.

An expectation is three groups of four characters, ``"crwu crwu crwu"``: create, read, write and
unlink on the role's OWN records, on TEAM records (the mentor's report and mentee; a colleague
for the plain employee) and on OTHER_COMPANY records. Where records belong to no person, own is
the user's company's record and team a record shared by every company (programs, stages, items,
metric types), the approved handbook of the user's program (knowledge documents), or nothing
(monthly and effectiveness reports, which exist per company). Wizards are opened by the role user
on the scope's records. Each character is one of

* ``+`` allowed: the operation succeeds inside a savepoint, which is then rolled back;
* ``A`` AccessError: access rights, a record rule, or a method refusing the role;
* ``U`` refused by design: UserError or ValidationError, or a database constraint that the RPC
  layer reports as a ValidationError (deleting a record that others still point to);
* ``.`` not applicable: the role has no such record (the public user has no employee).

Each refused operation must leave the data as it was. Run
``pytest tests/test_access_matrix.py -k summary -s`` to print the size of the matrix.
"""

from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import date, timedelta

import psycopg2
from dateutil.relativedelta import relativedelta
from security_world import OUR_ADDONS, ROLES, SCOPES, SecurityWorld, our_models

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

OPERATIONS = ("create", "read", "write", "unlink")
NOBODY = "AAAA AAAA AAAA"
NOBODY_NO_OWN = ".... AAAA AAAA"


@dataclass(frozen=True)
class Row:
    model: str
    kind: str  # business, wizard, report, abstract
    expect: dict
    record: Callable = None  # (case, role, scope) -> record or None
    create: Callable = None  # (case, role, scope) -> vals or None
    write: Callable = None  # (case, record) -> vals
    read: str = "display_name"
    note: str = ""


def expect(default=NOBODY, **by_role):
    unknown = set(by_role) - set(ROLES)
    assert not unknown, unknown
    return {role: by_role.get(role, default) for role in ROLES}


# ----------------------------------------------------------------------
# Record and value providers
# ----------------------------------------------------------------------
def company_id(case, scope):
    return case.company_for(scope).id or False


def person_record(getter):
    """Records that belong to a person: the scope's person, or nothing for a role without one."""

    def record(case, role, scope):
        key = case.person(role, scope)
        return getter(case, key) if key else None

    return record


def person_vals(builder):
    def vals(case, role, scope):
        key = case.person(role, scope)
        return builder(case, key) if key else None

    return vals


def second_program(case, key):
    return case.program_b2 if key == "b" else case.program_a2


def own_wizard(model, vals_builder):
    """A wizard the role user opened (created as them) about the scope's person."""

    def record(case, role, scope):
        key = case.person(role, scope)
        if not key:
            return None
        return case.env[model].with_user(case.users[role]).sudo().create(vals_builder(case, key)).sudo(False)

    return record


def wizard_row(model, vals_builder, write_vals, expectations, note=""):
    return Row(
        model,
        "wizard",
        expectations,
        record=own_wizard(model, vals_builder),
        create=person_vals(vals_builder),
        write=lambda case, rec: write_vals,
        read="create_uid",
        note=note,
    )


def report_row(model, domain, expectations, write_vals, *, read="company_id", team=True):
    def record(case, role, scope):
        if scope == "team" and not team:
            return None
        found = domain(case, role, scope)
        if found is None:
            return None
        rows = case.env[model].sudo().search(found)
        assert len(rows) == 1, f"{model} {role}/{scope}: {len(rows)} rows for {found}"
        return rows

    def create(case, role, scope):
        # Applicable where a row exists for the scope; nobody may create report rows.
        if scope == "team" and not team:
            return None
        return None if domain(case, role, scope) is None else {}

    return Row(model, "report", expectations, record=record, create=create, write=lambda c, r: write_vals, read=read)


def responsibility_domain(case, role, scope):
    """Own: a KPI row of the role's user (else one about their own onboarding); team: somebody else's."""
    if scope == "other_company":
        return [("employee_id", "=", case.emp["b"].id), ("item_id.name", "=", "Back office")]
    if scope == "own":
        if role not in case.enr:
            return None
        owner_rows = {
            "mentor": [("employee_id", "=", case.emp["employee"].id), ("item_id.name", "=", "Back office")],
            "officer": [("employee_id", "=", case.emp["employee"].id), ("item_id.name", "=", "Handbook")],
            "manager": [("employee_id", "=", case.emp["rev"].id), ("item_id.name", "=", "Back office")],
        }
        return owner_rows.get(role, [("employee_id", "=", case.emp[role].id), ("item_id.name", "=", "Handbook")])
    if role == "mentor":
        return [("employee_id", "=", case.emp["employee"].id), ("item_id.name", "=", "Handbook")]
    key = case.person(role, scope)
    return [("employee_id", "=", case.emp[key].id), ("item_id.name", "=", "Back office")]


def signin_sheet(case, role, key):
    """A sign-in sheet the role user opened for the orientation session of `key`'s program."""
    wizard = (
        case.env["onboarding.session.signin.wizard"]
        .with_user(case.users[role])
        .sudo()
        .create({"item_id": case.item(case.enr[key].program_id, "Orientation").id, "session_date": case.today})
    )
    case.env.flush_all()  # the sheet fills in its lines when flushed: ours come afterwards
    return wizard


def signin_line_vals(case, role, scope):
    key = case.person(role, scope)
    if not key:
        return None
    return {"wizard_id": signin_sheet(case, role, key).id, "task_id": case.task(key, "Orientation").id}


def signin_line_record(case, role, scope):
    vals = signin_line_vals(case, role, scope)
    if vals is None:
        return None
    return case.env["onboarding.session.signin.line"].with_user(case.users[role]).sudo().create(vals).sudo(False)


def peer_review_record(case, role, scope):
    """A published review about the scope's person: own is the review about the role user themself."""
    key = case.person(role, scope)
    return case.review_done.get(key) if key else None


def peer_reviewer_record(case, role, scope):
    if scope == "own":
        return case.review_links[role] or None
    if scope == "team":
        return case.review_links["team_of_employee" if role == "employee" else "team"]
    return case.review_links["b"]


def peer_reviewer_vals(case, role, scope):
    line = peer_reviewer_record(case, role, scope)
    if not line:
        return None
    return {
        "enrollment_id": line.enrollment_id.id,
        "assessment_round": 7,
        "user_id": case.users[role].id,
        "deadline": case.today,
    }


def audit_record(case, role, scope):
    key = case.person(role, scope)
    return case.audit.get(key) or None if key else None


def audit_vals(case, role, scope):
    entry = audit_record(case, role, scope)
    if not entry:
        return None
    return {
        "logged_at": fields.Datetime.now(),
        "event": "override",
        "res_model": entry.res_model,
        "res_id": entry.res_id,
        "company_id": entry.company_id.id,
        "prev_hash": entry.hash,
        "hash": "f" * 64,
    }


def knowledge_record(case, role, scope):
    return {"own": case.doc_draft[role], "team": case.doc_a, "other_company": case.doc_b}[scope]


def knowledge_vals(case, role, scope):
    company = case.company_b if scope == "other_company" else case.company_a
    vals = {"name": "Refund tips", "category": "best_practice", "company_id": company.id}
    if scope == "team":
        vals["program_ids"] = [Command.link(case.program_a.id)]
    return vals


def metric_type_record(case, role, scope):
    return {"own": case.metric_type_a, "team": case.metric_type_shared, "other_company": case.metric_type_b}[scope]


def monthly_record(case, role, scope):
    return {"own": case.monthly_a, "team": None, "other_company": case.monthly_b}[scope]


def monthly_vals(case, role, scope):
    if scope == "team":
        return None
    return {"month": date(2020, 1, 1), "company_id": company_id(case, scope)}


def evaluation_record(case, role, scope):
    return {"own": case.evaluation_a, "team": None, "other_company": case.evaluation_b}[scope]


def evaluation_vals(case, role, scope):
    if scope == "team":
        return None
    program = case.program_b if scope == "other_company" else case.program_a
    return {"program_id": program.id, "company_id": company_id(case, scope), "month": date(2020, 1, 1)}


def evaluation_wizard_vals(case, role, scope):
    vals = evaluation_vals(case, role, scope)
    return vals and dict(vals, month=case.start)


def evaluation_wizard_record(case, role, scope):
    vals = evaluation_wizard_vals(case, role, scope)
    if vals is None:
        return None
    Wizard = case.env["onboarding.cohort.evaluation.wizard"]
    return Wizard.with_user(case.users[role]).sudo().create(vals).sudo(False)


def effectiveness_domain(case, role, scope):
    company, program = (case.company_a, case.program_a) if scope == "own" else (case.company_b, case.program_b)
    return [("company_id", "=", company.id), ("item_id", "=", case.item(program, "Culture").id)]


# Expectations used by several rows.
READ_ONLY = "A+AA A+AA AAAA"
OFFICER_CRUD = "++++ ++++ AAAA"

ROWS = [
    # ------------------------------------------------------------------ onboarding_training
    Row(
        "onboarding.program",
        "business",
        expect(employee=READ_ONLY, mentor=READ_ONLY, officer=READ_ONLY, payroll=READ_ONLY, manager="+++U ++++ AAAA"),
        record=lambda case, role, scope: case.program_for(scope),
        create=lambda case, role, scope: {"name": "Returns – 10 days", "company_id": company_id(case, scope)},
        write=lambda case, rec: {"sequence": 42},
        note="manager unlink own: enrollments still point to the program (restrict)",
    ),
    Row(
        "onboarding.program.stage",
        "business",
        expect(employee=READ_ONLY, mentor=READ_ONLY, officer=READ_ONLY, payroll=READ_ONLY, manager="+++U ++++ AAAA"),
        record=lambda case, role, scope: case.program_for(scope).stage_ids[:1],
        create=lambda case, role, scope: {"program_id": case.program_for(scope).id, "name": "Month 2"},
        write=lambda case, rec: {"sequence": 42},
        note="manager unlink own: tasks still point to its items (restrict)",
    ),
    Row(
        "onboarding.program.item",
        "business",
        expect(employee=READ_ONLY, mentor=READ_ONLY, officer=READ_ONLY, payroll=READ_ONLY, manager="+++U ++++ AAAA"),
        record=lambda case, role, scope: case.item(case.program_for(scope), "Handbook"),
        create=lambda case, role, scope: {
            "stage_id": case.program_for(scope).stage_ids[:1].id,
            "name": "Returns policy",
        },
        write=lambda case, rec: {"sequence": 42},
        note="manager unlink own: tasks still point to the item (restrict)",
    ),
    Row(
        "onboarding.enrollment",
        "business",
        expect(
            public=NOBODY_NO_OWN,
            employee="A+AA AAAA AAAA",
            mentor="A+AA A++A AAAA",
            # Nobody enrolls themself (field policy: nobody acts on their own onboarding).
            officer="A+AU +++U AAAA",
            manager="A+AU +++U AAAA",
            payroll="A+AA AAAA AAAA",
        ),
        record=person_record(lambda case, key: case.enr[key]),
        create=person_vals(
            lambda case, key: {"employee_id": case.emp[key].id, "program_id": second_program(case, key).id}
        ),
        write=lambda case, rec: {"practical_comment": "Handles refunds alone."},
        read="state",
        note="write is the practical score comment: nobody scores their own onboarding; "
        "unlink: only draft or cancelled enrollments can be deleted",
    ),
    Row(
        "onboarding.task",
        "business",
        expect(
            public=NOBODY_NO_OWN,
            employee="A++A AAAA AAAA",
            mentor="A++A A+AA AAAA",
            # Tasks come from the program and go with their enrollment (field policy): nobody creates or
            # deletes one by hand, and the note is the hire's own, officers' included.
            officer="A++U A+AU AAAA",
            manager="A++U A+AU AAAA",
            payroll="A++A AAAA AAAA",
        ),
        record=person_record(lambda case, key: case.task(key, "Handbook")),
        create=person_vals(
            lambda case, key: {
                "enrollment_id": case.enr[key].id,
                "item_id": case.item(case.enr[key].program_id, "Culture").id,
                "deadline": case.today,
            }
        ),
        write=lambda case, rec: {"note": "Read it twice."},
        read="state",
        note="employees write the note and evidence of their own tasks only",
    ),
    Row(
        "onboarding.peer.review",
        "business",
        # Published by the system only, read by the reviewee and the people around them, changed by nobody.
        expect(
            default=".... AAAA AAAA",
            employee="A+AA AAAA AAAA",
            mentor=".... A+AA AAAA",
            officer=".... A+AA AAAA",
            manager=".... A+AA AAAA",
        ),
        record=peer_review_record,
        create=lambda case, role, scope: (
            {"enrollment_id": peer_review_record(case, role, scope).enrollment_id.id, "assessment_round": 1}
            if peer_review_record(case, role, scope)
            else None
        ),
        write=lambda case, rec: {"comment": "Patient with customers."},
        read="score",
        note="own: the published review about the role user; team: one about their report or colleague",
    ),
    Row(
        "onboarding.peer.reviewer",
        "business",
        # A colleague's invitation and answer: theirs alone, HR and managers included.
        expect(
            public=NOBODY_NO_OWN,
            employee="A++A AAAA AAAA",
            mentor="A++A AAAA AAAA",
            officer="A++A AAAA AAAA",
            manager="A++A AAAA AAAA",
            payroll="A++A AAAA AAAA",
        ),
        record=peer_reviewer_record,
        create=peer_reviewer_vals,
        write=lambda case, rec: {"comment": "Patient with customers."},
        read="comment",
        note="own: the user's pending invitation line; team and other company: someone else's handed-in line",
    ),
    Row(
        "onboarding.knowledge.document",
        "business",
        expect(
            employee="AAAA A+AA AAAA",
            mentor="+++A ++AA AAAA",
            officer=OFFICER_CRUD,
            manager=OFFICER_CRUD,
            payroll="AAAA A+AA AAAA",
        ),
        record=knowledge_record,
        create=knowledge_vals,
        write=lambda case, rec: {"summary": "Read before the first shift."},
        read="name",
        note="own: the user's draft best practice; team: the approved handbook of their program",
    ),
    Row(
        "onboarding.audit.log",
        "business",
        expect(public=NOBODY_NO_OWN, portal=NOBODY_NO_OWN, officer=READ_ONLY, manager=READ_ONLY),
        record=audit_record,
        create=audit_vals,
        write=lambda case, rec: {"record_name": "nothing happened"},
        read="hash",
        note="append-only: entries about the scope's confirmed or rejected task",
    ),
    Row("onboarding.demo", "abstract", expect(default="AAAA .... ....")),
    # The landing page: no records of its own; its counts run with the caller's own rights.
    Row("onboarding.today", "abstract", expect(default="AAAA .... ....")),
    wizard_row(
        "onboarding.enroll.wizard",
        lambda case, key: {
            "employee_ids": [Command.set(case.emp[key].ids)],
            "program_id": second_program(case, key).id,
        },
        {"start_date": date.today() + timedelta(days=10)},
        expect(public=NOBODY_NO_OWN, officer="++++ ++++ ++++", manager="++++ ++++ ++++"),
        note="wizards carry no company: the action checks the targets",
    ),
    wizard_row(
        "onboarding.enrollment.fail.wizard",
        lambda case, key: {"enrollment_id": case.enr[key].id, "reason": "Did not show up."},
        {"reason": "Left for another job."},
        expect(public=NOBODY_NO_OWN, officer="+++A +++A +++A", manager="+++A +++A +++A"),
    ),
    wizard_row(
        "onboarding.peer.review.invite.wizard",
        lambda case, key: {"enrollment_id": case.enr[key].id},
        {"deadline": date.today() + timedelta(days=5)},
        expect(public=NOBODY_NO_OWN, mentor="+++A +++A +++A", officer="+++A +++A +++A", manager="+++A +++A +++A"),
    ),
    wizard_row(
        "onboarding.task.reject.wizard",
        lambda case, key: {"task_id": case.task(key, "Back office").id, "reason": "Blurry screenshot."},
        {"reason": "Wrong order number."},
        expect(public=NOBODY_NO_OWN, mentor="++++ ++++ ++++", officer="++++ ++++ ++++", manager="++++ ++++ ++++"),
    ),
    wizard_row(
        "onboarding.task.credit.withdraw.wizard",
        lambda case, key: {"task_id": case.task(key, "Handbook").id, "reason": "Another edition."},
        {"reason": "The handbook changed."},
        expect(public=NOBODY_NO_OWN, officer="+++A +++A +++A", manager="+++A +++A +++A"),
        note="the action checks the task: a credited one, of someone else",
    ),
    Row(
        "onboarding.education.level",
        "business",
        # The certificate levels of the employee form, shipped as data and shared by every company.
        expect(
            default=".... A+AA ....",
            public=".... AAAA ....",
            portal=".... AAAA ....",
        ),
        record=lambda case, role, scope: (
            case.env.ref("onboarding_training.education_level_master") if scope == "team" else None
        ),
        create=lambda case, role, scope: {"name": "Vocational college", "code": "other"} if scope == "team" else None,
        write=lambda case, rec: {"name": "Master"},
        read="name",
        note="team: a level (they belong to no company)",
    ),
    # ------------------------------------------------------------------ hr_attendance_gate
    Row(
        "onboarding.attendance.exemption",
        "business",
        expect(
            public=NOBODY_NO_OWN,
            employee="A+AA AAAA AAAA",
            mentor="A+AA A+AA AAAA",
            # Four eyes: officers and managers grant exemptions to others, never to themselves.
            officer="A+AA +++A AAAA",
            manager="A+AA +++A AAAA",
            payroll="A+AA AAAA AAAA",
        ),
        record=person_record(lambda case, key: case.exemption[key]),
        create=person_vals(
            lambda case, key: {"employee_id": case.emp[key].id, "date_to": case.today, "reason": "Jury duty."}
        ),
        write=lambda case, rec: {"reason": "Jury duty, second day."},
        read="reason",
        note="exemptions are archived, never deleted",
    ),
    Row(
        "onboarding.attendance.miss",
        "business",
        expect(
            public=NOBODY_NO_OWN,
            employee="A+AA AAAA AAAA",
            mentor="A+AA A+AA AAAA",
            # Recorded by the daily job and settled with Justify only: no hand-made, edited or deleted misses.
            officer="A+AU A+AU AAAA",
            manager="A+AU A+AU AAAA",
            payroll="A+AA AAAA AAAA",
        ),
        record=person_record(lambda case, key: case.miss[key]),
        create=person_vals(
            lambda case, key: {"employee_id": case.emp[key].id, "date": case.today - timedelta(days=20)}
        ),
        write=lambda case, rec: {"date": rec.date - timedelta(days=1)},
        read="date",
    ),
    wizard_row(
        "onboarding.attendance.miss.justify.wizard",
        lambda case, key: {"miss_ids": [Command.set(case.miss[key].ids)], "reason": "Sick note."},
        {"reason": "Public transport strike."},
        expect(public=NOBODY_NO_OWN, officer="++++ ++++ ++++", manager="++++ ++++ ++++"),
    ),
    wizard_row(
        "onboarding.session.signin.wizard",
        lambda case, key: {
            "item_id": case.item(case.enr[key].program_id, "Orientation").id,
            "session_date": case.today,
        },
        {"session_date": date.today() - timedelta(days=1)},
        expect(public=NOBODY_NO_OWN, officer="++++ ++++ ++++", manager="++++ ++++ ++++"),
    ),
    Row(
        "onboarding.session.signin.line",
        "wizard",
        expect(public=NOBODY_NO_OWN, officer="++++ ++++ ++++", manager="++++ ++++ ++++"),
        record=signin_line_record,
        create=signin_line_vals,
        write=lambda case, rec: {"attended": True},
        read="attended",
    ),
    # ------------------------------------------------------------------ training_analytics
    report_row(
        "onboarding.cohort.report",
        lambda case, role, scope: (
            [("enrollment_id", "=", case.enr[case.person(role, scope)].id)] if case.person(role, scope) else None
        ),
        expect(public=NOBODY_NO_OWN, officer=READ_ONLY, manager=READ_ONLY),
        {"headcount": 2},
    ),
    report_row(
        "onboarding.item.report",
        lambda case, role, scope: (
            [("id", "=", case.task(case.person(role, scope), "Handbook").id)] if case.person(role, scope) else None
        ),
        expect(public=NOBODY_NO_OWN, officer=READ_ONLY, manager=READ_ONLY),
        {"task_count": 2},
    ),
    report_row(
        "onboarding.responsibility.report",
        responsibility_domain,
        expect(public=NOBODY_NO_OWN, mentor="A+AA AAAA AAAA", officer=READ_ONLY, manager=READ_ONLY),
        {"owned_count": 2},
    ),
    report_row(
        "onboarding.effectiveness.report",
        effectiveness_domain,
        expect(default="AAAA .... AAAA", officer="A+AA .... AAAA", manager="A+AA .... AAAA"),
        {"passed_count": 2},
        team=False,
    ),
    Row("onboarding.report.mixin", "abstract", expect(default="AAAA .... ....")),
    Row(
        "onboarding.monthly.report",
        "business",
        expect(default="AAAA .... AAAA", officer="+++A .... AAAA", manager="++++ .... AAAA"),
        record=monthly_record,
        create=monthly_vals,
        write=lambda case, rec: {"month": rec.month - relativedelta(years=5)},
        read="month",
    ),
    Row(
        "onboarding.cohort.evaluation",
        "business",
        # Made and sent by the scheduled job only; managers may delete one to have it made again.
        expect(default="AAAA .... AAAA", officer="A+AA .... AAAA", manager="A+A+ .... AAAA"),
        record=evaluation_record,
        create=evaluation_vals,
        write=lambda case, rec: {"headcount": 99},
        read="month",
    ),
    Row(
        "onboarding.cohort.evaluation.wizard",
        "wizard",
        expect(default="AAAA .... AAAA", officer="+++A .... +++A", manager="+++A .... +++A"),
        record=evaluation_wizard_record,
        create=evaluation_wizard_vals,
        write=lambda case, rec: {"month": rec.month - relativedelta(months=1)},
        read="create_uid",
        note="the print action checks the program and the company",
    ),
    Row(
        "onboarding.performance.metric.type",
        "business",
        expect(officer=READ_ONLY, manager=OFFICER_CRUD),
        record=metric_type_record,
        create=lambda case, role, scope: {"name": "Refund rate", "company_id": company_id(case, scope)},
        write=lambda case, rec: {"description": "Weekly export of the shop back office."},
        read="name",
    ),
    Row(
        "onboarding.performance.metric",
        "business",
        expect(public=NOBODY_NO_OWN, officer=OFFICER_CRUD, manager=OFFICER_CRUD),
        record=person_record(lambda case, key: case.metric[key]),
        create=person_vals(
            lambda case, key: {
                "employee_id": case.emp[key].id,
                "metric_type_id": case.metric_type_shared.id,
                "value": 1.5,
                "date": case.today - timedelta(days=1),
            }
        ),
        write=lambda case, rec: {"note": "Imported from the shop."},
        read="value",
    ),
]


def course_membership(case):
    """The employee's membership of an eLearning course (onboarding_slides): eLearning's record of their
    progress, whose completion completes a linked course task. One per test."""
    if "course_membership" not in vars(case):
        course = case.env["slide.channel"].create(
            {
                "name": "Employee handbook",
                "visibility": "members",
                "enroll": "invite",
                "is_published": True,
                "slide_ids": [Command.create({"name": "Read it", "slide_category": "article", "is_published": True})],
            }
        )
        case.course_membership = course._action_add_members(case.users["employee"].partner_id)
    return case.course_membership


# Standard models the addons extend: their access is Odoo's; the rows check the guards the addons add.
# Each row: what is attempted, the attempt (case, user), the value it would change, and the expected
# outcome as one character per role, in ROLES order.
EXTENSIONS = {
    "hr.employee": (
        "onboarding state written directly (it would lift the attendance gate)",
        lambda case, user: case.emp["peer"].with_user(user).write({"onboarding_state": "regular"}),
        lambda case: case.emp["peer"].onboarding_state,
        "AAAAAAA",
    ),
    "hr.employee.public": (
        "public profile written",
        lambda case, user: (
            case.env["hr.employee.public"]
            .with_user(user)
            .browse(case.emp["peer"].id)
            .write({"onboarding_state": "regular"})
        ),
        lambda case: case.emp["peer"].onboarding_state,
        "AAAAAAA",
    ),
    "hr.attendance": (
        "check-in of an employee whose pre-boarding is not done",
        lambda case, user: (
            case.env["hr.attendance"]
            .with_user(user)
            .create({"employee_id": case.emp["peer"].id, "check_in": fields.Datetime.now()})
        ),
        lambda case: case.env["hr.attendance"].search_count([("employee_id", "=", case.emp["peer"].id)]),
        "AAAAAAA",
    ),
    "ir.attachment": (
        "confirmed evidence renamed",
        lambda case, user: case.evidence.with_user(user).write({"name": "other.png"}),
        lambda case: case.evidence.name,
        "AAUUUUA",
    ),
    "survey.user_input": (
        "exam attempt linked to a task by hand",
        lambda case, user: case.exam_attempt.with_user(user).write(
            {"onboarding_task_id": case.task("employee", "Handbook").id}
        ),
        lambda case: case.exam_attempt.onboarding_task_id,
        "AAAAAAA",
    ),
    "hr.payslip": (
        "training settings copied on a payslip changed",
        lambda case, user: case.payslip.with_user(user).write({"onboarding_lower_threshold": 0.0}),
        lambda case: case.payslip.onboarding_lower_threshold,
        "AAAAAAA",
    ),
    "hr.payslip.input": (
        # Payroll officers edit inputs by Odoo's design; computing the payslip refills the training inputs
        # from the tasks and missed check-ins (and logs them to the audit trail): a hand edit does not last.
        "training input of a payslip edited",
        lambda case, user: case.payslip_input.with_user(user).write({"amount": 100.0}),
        lambda case: case.payslip_input.amount,
        "AAAAAA+",
    ),
    "ir.module.module": (
        # Loading a language's terms gives the programs copied from a template the template's translations
        # (onboarding_training): only administrators load a language.
        "language installed with its translations",
        lambda case, user: (
            case.env["base.language.install"]
            .with_user(user)
            .create({"lang_ids": [Command.set(case.env.ref("base.lang_fr").ids)]})
            .lang_install()
        ),
        lambda case: case.env.ref("base.lang_fr").active,
        "AAAAAAA",
    ),
    "slide.channel.partner": (
        # Only eLearning's own completion (lessons opened, quizzes passed) completes a linked course task.
        "a course completion recorded by hand",
        lambda case, user: course_membership(case).with_user(user).write({"member_status": "completed"}),
        lambda case: course_membership(case).member_status,
        "AAAAAAA",
    ),
    "slide.channel": (
        "an eLearning course deleted",
        lambda case, user: course_membership(case).channel_id.with_user(user).unlink(),
        lambda case: bool(course_membership(case).channel_id.exists()),
        "AAAAAAA",
    ),
    "res.company": (
        "training payroll thresholds changed",
        lambda case, user: case.company_a.with_user(user).write({"onboarding_payroll_lower_threshold": 0.0}),
        lambda case: case.company_a.onboarding_payroll_lower_threshold,
        "AAAAAAA",
    ),
    "res.config.settings": (
        "onboarding settings saved",
        lambda case, user: (
            case.env["res.config.settings"].with_user(user).create({"onboarding_stall_days": 30}).execute()
        ),
        lambda case: case.company_a.onboarding_stall_days,
        "AAAAAAA",
    ),
}

# Extended models with no records and no fields of ours: nothing to read, write or guard per role.
WITHOUT_RECORDS = {
    "ir.http": "onboarding_training translates the error of a lost database connection (no data, no route)",
}


def matrix_size():
    cells = len(ROWS) * len(ROLES) * len(OPERATIONS) * len(SCOPES)
    cases = sum(
        expectation.replace(" ", "").count(c) for row in ROWS for expectation in row.expect.values() for c in "+AU"
    )
    allowed = sum(expectation.count("+") for row in ROWS for expectation in row.expect.values())
    return {
        "models": len(ROWS),
        "roles": len(ROLES),
        "operations": len(OPERATIONS),
        "scopes": len(SCOPES),
        "cells": cells,
        "cases": cases,
        "allowed": allowed,
        "denied": cases - allowed,
        "extension_guards": len(EXTENSIONS) * len(ROLES),
    }


@tagged("post_install", "-at_install")
class TestAccessMatrix(SecurityWorld, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_world()

    # ------------------------------------------------------------------
    # The table itself
    # ------------------------------------------------------------------
    def test_table_covers_our_models(self):
        """A model of the addons without a row, or a row for a model they no longer have, fails here."""
        rows = [row.model for row in ROWS]
        self.assertEqual(len(rows), len(set(rows)), "a model has two rows")
        declared = our_models(self.env)
        defined = {row.model for row in ROWS}
        self.assertFalse(defined & set(EXTENSIONS), "a model is both defined and extended")
        covered = defined | set(EXTENSIONS) | set(WITHOUT_RECORDS)
        self.assertEqual(declared - covered, set(), "models of the addons without a row")
        self.assertEqual(covered - declared, set(), "rows for models the addons do not have")
        for name in WITHOUT_RECORDS:
            prefix = f"field_{name.replace('.', '_')}__"
            ours = self.env["ir.model.data"].search_count(
                [("model", "=", "ir.model.fields"), ("module", "in", OUR_ADDONS), ("name", "=like", f"{prefix}%")]
            )
            self.assertFalse(ours, f"{name} has fields of ours now: give it a row")
        for row in ROWS:
            model = self.env[row.model]
            kind = "abstract" if model._abstract else "wizard" if model._transient else None
            kind = kind or ("report" if not model._auto else "business")
            self.assertEqual(row.kind, kind, f"{row.model} is a {kind} model")
            for role, expectation in row.expect.items():
                groups = expectation.split(" ")
                self.assertEqual([len(g) for g in groups], [4, 4, 4], f"{row.model}/{role}: {expectation!r}")
                self.assertTrue(set(expectation) <= set("+AU. "), f"{row.model}/{role}: {expectation!r}")

    def test_summary(self):
        size = matrix_size()
        print(
            "\naccess matrix: {models} models x {roles} roles x {operations} operations x {scopes} scopes = "
            "{cells} cells; {cases} cases checked ({allowed} allowed, {denied} denied), "
            "plus {extension_guards} guard cases on extended models".format(**size)
        )
        self.assertEqual(size["cells"], size["models"] * 7 * 4 * 3)
        self.assertGreater(size["cases"], 0)

    def _check_extension(self, model):
        """The guard the addons add to a standard model holds for every role."""
        label, operation, value, expectation = EXTENSIONS[model]
        mismatches = []
        for role, expected in zip(ROLES, expectation, strict=True):
            user = self.users[role]
            before = value(self)
            with closing(self.env.cr.savepoint()):
                got = self._attempt(lambda u=user: operation(self, u))
                self.env.invalidate_all()
                changed = value(self) != before
            if got != expected or (got != "+" and changed):
                mismatches.append(f"  {role:8} expected {expected} got {got}" + (" (changed)" if changed else ""))
        if mismatches:
            self.fail(f"{model}, {label}:\n" + "\n".join(mismatches))

    # ------------------------------------------------------------------
    # Running the cells
    # ------------------------------------------------------------------
    def _attempt(self, operation):
        """Run `operation` as a request would: in a savepoint rolled back if it fails; return + A or U."""
        try:
            with self.env.cr.savepoint():
                operation()
                self.env.flush_all()
        except AccessError:
            return "A"
        except UserError:
            return "U"
        except psycopg2.IntegrityError:
            return "U"
        return "+"

    def _count(self, model):
        return self.env[model].sudo().with_context(active_test=False).search_count([])

    def _values(self, record, keys):
        record = record.sudo()
        return {key: record._fields[key].convert_to_cache(record[key], record) for key in keys}

    def _cell(self, row, role, scope, operation):
        """Return (outcome, problem): problem says what went wrong beyond the outcome, if anything."""
        user = self.users[role]
        if row.kind == "abstract":
            if scope != "own":
                return ".", None
            return self._attempt(lambda: self.env[row.model].with_user(user).check_access(operation)), None
        if operation == "create":
            vals = row.create(self, role, scope)
            if vals is None:
                return ".", None
            return self._cell_create(row, user, vals)
        record = row.record(self, role, scope)
        if record is None or not record:
            return ".", None
        return getattr(self, f"_cell_{operation}")(row, user, record)

    def _cell_create(self, row, user, vals):
        Model = self.env[row.model].with_user(user)
        before = self._count(row.model)
        created = []

        def create():
            Model.check_access("create")
            created.append(Model.create(vals))

        outcome = self._attempt(create)
        if outcome == "+":
            return outcome, None if created[0].sudo().exists() else "created record is missing"
        return outcome, None if self._count(row.model) == before else "a refused create left a record"

    def _cell_read(self, row, user, record):
        mine = record.with_user(user)

        def read():
            mine.check_access("read")
            mine.read([row.read])

        outcome = self._attempt(read)
        try:
            visible = bool(mine.with_context(active_test=False).search([("id", "=", record.id)]))
        except AccessError:
            visible = False
        if outcome == "+" and not visible:
            return outcome, "readable, but search does not find it"
        if outcome != "+" and visible:
            return outcome, "search finds a record that read refuses"
        return outcome, None

    def _cell_write(self, row, user, record):
        vals = row.write(self, record)
        before = self._values(record, vals)
        mine = record.with_user(user)

        def write():
            mine.check_access("write")
            mine.write(vals)

        outcome = self._attempt(write)
        self.env.invalidate_all()
        after = self._values(record, vals)
        if outcome == "+":
            wanted = {key: record._fields[key].convert_to_cache(value, record) for key, value in vals.items()}
            return outcome, None if after == wanted else f"written {after}, wanted {wanted}"
        return outcome, None if after == before else f"a refused write changed {before} into {after}"

    def _cell_unlink(self, row, user, record):
        mine = record.with_user(user)

        def unlink():
            mine.check_access("unlink")
            mine.unlink()

        outcome = self._attempt(unlink)
        self.env.invalidate_all()
        exists = bool(record.sudo().exists())
        if outcome == "+":
            return outcome, None if not exists else "deleted record still exists"
        return outcome, None if exists else "a refused unlink deleted the record"

    def _check_row(self, row):
        mismatches = []
        for role in ROLES:
            groups = row.expect[role].split(" ")
            for scope, group in zip(SCOPES, groups, strict=True):
                for operation, expected in zip(OPERATIONS, group, strict=True):
                    with closing(self.env.cr.savepoint()):
                        got, problem = self._cell(row, role, scope, operation)
                    self.env.invalidate_all()
                    if got != expected or problem:
                        mismatches.append(
                            f"  {role:8} {scope:13} {operation:6} expected {expected} got {got}"
                            + (f" ({problem})" if problem else "")
                        )
        if mismatches:
            note = f" ({row.note})" if row.note else ""
            self.fail(f"{row.model}{note}: {len(mismatches)} cell(s) differ\n" + "\n".join(mismatches))


def _make_test(row):
    def test(self):
        self._check_row(row)

    test.__name__ = f"test_matrix_{row.model.replace('.', '_')}"
    test.__doc__ = f"Access matrix of {row.model}."
    return test


def _make_extension_test(model):
    def test(self):
        self._check_extension(model)

    test.__name__ = f"test_extension_{model.replace('.', '_')}"
    test.__doc__ = f"Guard added to {model}: {EXTENSIONS[model][0]}."
    return test


for _row in ROWS:
    setattr(TestAccessMatrix, f"test_matrix_{_row.model.replace('.', '_')}", _make_test(_row))
for _model in EXTENSIONS:
    setattr(TestAccessMatrix, f"test_extension_{_model.replace('.', '_')}", _make_extension_test(_model))
