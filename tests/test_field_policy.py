"""Field policy of the four addons: who may set each stored field, on which records, through which path.

``POLICY`` has one row per stored field of every model the addons define, and per stored field they add
to a standard model (enumerated from the registry: the fields whose ``_modules`` name one of the addons).
``test_table_covers_every_field`` fails as soon as a field has no row: a new field must be classified.

A row is a rule saying which (role, records, path) cells may set the field:

* roles: ``portal`` (a future hire on the portal), ``employee`` (a plain employee in onboarding),
  ``mentor`` (mentor/manager user), ``officer``, ``manager`` (onboarding manager) and ``payroll`` (a
  payroll user); every one of them is in onboarding too;
* records: ``own`` (the role's own onboarding; for the officer, the officer acting on their own
  onboarding), ``team`` (the mentor's mentee; a colleague for the plain employee; another hire for the
  others), ``company`` (a hire of the company outside their team) and ``other_company``; records that
  belong to nobody are the company's (``company``), shared (``team``) or the other company's;
* paths: ``create``, ``write``, ``copy`` (``copy(default=...)``) and ``load`` (an import updating the
  record through its external id).

Every forbidden cell is tried for real, over the ORM as that user with a plausible value, and must be
refused (AccessError, UserError or ValidationError; an import must report an error and import nothing)
and leave the database as it was: the value is re-read as superuser inside the attempt, and the model's
tables are fingerprinted before and after all of its attempts. Fields the ORM sets itself
(``create_uid``...) may also be dropped silently, as long as nothing changes. Where a role may not run a
path on some records at all (access rights, record rules), the refusal cannot depend on the fields: its
forbidden fields are tried together, in one attempt. ``test_allowed_writes_land`` checks the other side:
what a row allows can be written. Run ``pytest tests/test_field_policy.py -k summary -s`` to print the
size of the table and the number of attempts.
"""

import base64
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import product
from unittest.mock import patch

import psycopg2
from security_world import PNG_BYTES, SecurityWorld, our_models

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import SQL

OUR_ADDONS = frozenset(
    {"onboarding_training", "hr_attendance_gate", "training_analytics", "onboarding_payroll", "onboarding_slides"}
)
ROLES = ("portal", "employee", "mentor", "officer", "manager", "payroll")
SCOPES = ("own", "team", "company", "other_company")
PATHS = ("create", "write", "copy", "load")
OFFICERS = ("officer", "manager")
INTERNAL = ("employee", "mentor", "officer", "manager", "payroll")
XMLID_MODULE = "__field_policy__"


@dataclass(frozen=True)
class Rule:
    text: str
    grants: frozenset = frozenset()  # (role, scope, path) cells that may set the field
    orm: bool = False  # the ORM drops the value by itself: a silent no-op is as good as a refusal
    by_access_rights: bool = False  # wizards: whoever may use the wizard (its access rights), any records

    def allows(self, case, model, role, scope, path):
        if self.by_access_rights:
            return case.env[model].with_user(case.users[role]).has_access("create")
        return (role, scope, path) in self.grants


def grant(roles, scopes, paths):
    return frozenset(product(roles, scopes, paths))


SYSTEM = Rule("the system only: computes, action methods, scheduled jobs (officers included)")
ORM = Rule("the ORM only (log columns)", orm=True)
NOBODY = Rule("nobody: a report (SQL view) or the append-only audit trail")
SETTINGS = Rule("settings administrators only, none of the onboarding roles")
PAYROLL_SETTINGS = Rule("payroll managers only, none of the onboarding roles")
WIZARD = Rule(
    "the user's own input to a wizard: whoever may open it; its action checks the rest", by_access_rights=True
)
OFFICER = Rule("officers, on the records of others in their company", grant(OFFICERS, ("team", "company"), PATHS))
OFFICER_DRAFT = Rule(
    "officers, on the draft enrollments of others (create, copy; the world's enrollments all run)",
    grant(OFFICERS, ("team", "company"), ("create", "copy")),
)
OFFICER_START = Rule(
    "officers, on the enrollments of others while draft or until their start date comes (the world's have started)",
    OFFICER_DRAFT.grants,
)
HIRE = Rule(
    "the hire, on their own onboarding (portal hires through the portal pages only)",
    grant(INTERNAL, ("own",), ("write", "load")),
)
PRACTICAL = Rule(
    "the hire's mentor or manager, or an officer, while it runs; never on one's own onboarding",
    grant(("mentor",), ("team",), ("write", "load")) | grant(OFFICERS, ("team", "company"), ("write", "load")),
)
REVIEWER = Rule("the invited colleague, on their own pending answer", grant(INTERNAL, ("own",), ("write", "load")))
CONFIG = Rule("onboarding managers, on their company's or shared records", grant(("manager",), SCOPES[:3], PATHS))
CONFIG_DECIDING = Rule(
    "onboarding managers, but not one in onboarding in that program (own): it decides the gate, results or payroll",
    grant(("manager",), ("team", "company"), PATHS) | grant(("manager",), ("own",), ("create", "copy")),
)
AUTHOR = Rule(
    "mentors on their own draft best practices (and new ones), officers on every document of their company",
    grant(("mentor",), ("own",), PATHS)
    | grant(("mentor",), SCOPES[:3], ("create",))
    | grant(OFFICERS, SCOPES[:3], PATHS),
)
AUTHOR_OFFICER = Rule(
    "officers (mentors write best practices only: the value tried is a handbook)", grant(OFFICERS, SCOPES[:3], PATHS)
)
METRIC = Rule("officers, on their company's measured values", grant(OFFICERS, SCOPES[:3], PATHS))
MONTHLY = Rule("officers, on their company's report", grant(OFFICERS, ("company",), PATHS))


def rows(rule, *names):
    return dict.fromkeys(names, rule)


LOG = ("create_uid", "create_date", "write_uid", "write_date")

POLICY = {
    # ------------------------------------------------------------------ onboarding_training
    "onboarding.enrollment": {
        **rows(ORM, *LOG),
        **rows(OFFICER, "mentor_id", "manager_id", "hr_responsible_id"),
        **rows(OFFICER_DRAFT, "employee_id", "program_id", "company_id"),
        **rows(OFFICER_START, "start_date"),
        **rows(PRACTICAL, "practical_score", "practical_comment"),
        **rows(
            SYSTEM,
            "name",
            "end_date",
            "portal_user_id",
            "state",
            "task_ids",
            "task_count",
            "done_task_count",
            "completion_rate",
            "preboarding_pending",
            "final_score",
            "last_progress_date",
            "stalled_since",
            "assessment_round",
            "practical_scored_by_id",
            "practical_score_date",
            "peer_review_ids",
            "conversion_date",
            "failure_reason",
            # training_analytics
            "risk_miss_ids",
            "risk_score",
            "risk_level",
            "risk_data",
            "risk_projected_end",
            "risk_date",
            "risk_alert_date",
            "stall_count",
        ),
    },
    "onboarding.task": {
        **rows(ORM, *LOG),
        **rows(HIRE, "note", "evidence_attachment_ids"),
        **rows(OFFICER, "deadline", "responsible_user_id"),
        **rows(
            SYSTEM,
            "enrollment_id",
            "item_id",
            "employee_id",
            "company_id",
            "program_id",
            "stage_id",
            "stage_sequence",
            "sequence",
            "item_type",
            "required",
            "blocks_attendance",
            "state",
            "available_date",
            "submitted_date",
            "done_date",
            "confirmed_by_id",
            "reject_reason",
            "score",
            "confirm_due_date",
            "last_reminder_date",
            "escalated_date",
            # training_analytics: where stalls start, counted by the stall job
            "stall_start_count",
            # prior learning: a credit is the system's, made when the enrollment starts
            "credit_source_task_id",
            "credited_date",
            # hr_attendance_gate
            "signed_in",
            "signin_method",
            "signin_date",
        ),
    },
    "onboarding.program": {
        **rows(ORM, *LOG),
        **rows(SYSTEM, "duration_days", "enrollment_ids", "item_ids"),
        # stage_ids: linking a stage moves it from its program, which decides.
        **rows(
            CONFIG_DECIDING,
            "pass_score",
            "weight_exam",
            "weight_practical",
            "weight_peer",
            "peer_review_min_count",
            "stage_ids",
        ),
        **rows(
            CONFIG,
            "name",
            "sequence",
            "active",
            "is_template",
            "company_id",
            "description",
            "job_ids",
            "department_ids",
            "auto_enroll",
            "hr_responsible_id",
            "knowledge_document_ids",
            "activity_plan_id",
        ),
    },
    "onboarding.program.stage": {
        **rows(ORM, *LOG),
        **rows(SYSTEM, "company_id"),
        **rows(
            CONFIG_DECIDING,
            "program_id",
            "start_offset_days",
            "deadline_offset_days",
            "blocks_attendance",
            "requires_daily_checkin",
            # item_ids: linking an item moves it from its stage, which decides.
            "item_ids",
        ),
        **rows(CONFIG, "name", "sequence", "responsible_role", "output_requirement"),
    },
    "onboarding.program.item": {
        **rows(ORM, *LOG),
        **rows(SYSTEM, "stage_sequence", "program_id", "company_id", "audience_restricted"),
        # training_analytics: item health, computed and alerted by the daily job
        **rows(
            SYSTEM,
            "health_flag",
            "health_severity",
            "health_data",
            "health_people",
            "health_pass_rate",
            "health_first_pass_rate",
            "health_median_days",
            "health_planned_days",
            "health_stall_share",
            "health_effect",
            "health_correlation",
            "health_date",
            "health_alert_flag",
            "health_activity_id",
            "session_alert_months",
        ),
        **rows(
            CONFIG_DECIDING,
            "stage_id",
            "item_type",
            "required",
            "prerequisite_ids",
            "evidence_required",
            "confirmation_required",
            "survey_id",
            # hr_attendance_gate: the sign-in window completes session tasks
            "session_start_hour",
            "session_end_hour",
            "session_latitude",
            "session_longitude",
            "session_radius",
            # onboarding_slides: the course whose completion completes the task
            "slide_channel_id",
            # the audience decides which tasks an enrollment gets
            "audience_level_ids",
            "audience_job_ids",
            "audience_department_ids",
            "audience_category_ids",
        ),
        **rows(
            CONFIG,
            "name",
            "sequence",
            "description",
            "output_requirement",
            "deadline_offset_days",
            "responsible_role",
        ),
    },
    "onboarding.knowledge.document": {
        **rows(ORM, *LOG),
        **rows(SYSTEM, "state", "author_id", "approved_by_id", "approved_date"),
        **rows(AUTHOR_OFFICER, "category"),
        **rows(
            AUTHOR,
            "name",
            "sequence",
            "active",
            "content_type",
            "datas",
            "filename",
            "url",
            "body",
            "summary",
            "company_id",
            "program_ids",
            "item_ids",
        ),
    },
    "onboarding.peer.review": rows(
        SYSTEM, "enrollment_id", "employee_id", "program_id", "company_id", "assessment_round", "score", "comment"
    ),
    "onboarding.peer.reviewer": {
        **rows(REVIEWER, "score", "comment"),
        **rows(SYSTEM, "enrollment_id", "assessment_round", "user_id", "deadline", "state"),
    },
    "onboarding.audit.log": rows(
        NOBODY,
        "logged_at",
        "user_id",
        "company_id",
        "event",
        "res_model",
        "res_id",
        "record_name",
        "details",
        "prev_hash",
        "hash",
    ),
    "onboarding.enroll.wizard": {
        **rows(ORM, *LOG),
        **rows(WIZARD, "employee_ids", "program_id", "start_date", "mentor_id"),
    },
    "onboarding.enrollment.fail.wizard": {**rows(ORM, *LOG), **rows(WIZARD, "enrollment_id", "reason")},
    "onboarding.peer.review.invite.wizard": {
        **rows(ORM, *LOG),
        **rows(WIZARD, "enrollment_id", "reviewer_ids", "deadline"),
    },
    "onboarding.task.reject.wizard": {**rows(ORM, *LOG), **rows(WIZARD, "task_id", "reason")},
    "onboarding.task.credit.withdraw.wizard": {**rows(ORM, *LOG), **rows(WIZARD, "task_id", "reason")},
    # The certificate levels of the employee form, shipped as data: nobody changes them.
    "onboarding.education.level": {**rows(ORM, *LOG), **rows(SYSTEM, "name", "code", "sequence")},
    # ------------------------------------------------------------------ hr_attendance_gate
    "onboarding.attendance.exemption": {
        **rows(ORM, *LOG),
        **rows(OFFICER, "employee_id", "date_from", "date_to", "reason", "active"),
        **rows(SYSTEM, "company_id", "granted_by_id"),
    },
    "onboarding.attendance.miss": {
        **rows(ORM, *LOG),
        **rows(
            SYSTEM,
            "employee_id",
            "enrollment_id",
            "company_id",
            "date",
            "justified",
            "justification",
            "justified_by_id",
        ),
    },
    "onboarding.attendance.miss.justify.wizard": {**rows(ORM, *LOG), **rows(WIZARD, "miss_ids", "reason")},
    "onboarding.session.signin.wizard": {**rows(ORM, *LOG), **rows(WIZARD, "item_id", "session_date", "line_ids")},
    "onboarding.session.signin.line": {**rows(ORM, *LOG), **rows(WIZARD, "wizard_id", "task_id", "attended")},
    # ------------------------------------------------------------------ training_analytics
    "onboarding.performance.metric": {
        **rows(ORM, *LOG),
        **rows(METRIC, "employee_id", "company_id", "date", "metric_type_id", "value", "note"),
    },
    "onboarding.performance.metric.type": {
        **rows(ORM, *LOG),
        **rows(CONFIG, "name", "sequence", "active", "unit", "higher_is_better", "company_id", "description"),
    },
    "onboarding.monthly.report": {
        **rows(ORM, *LOG),
        **rows(MONTHLY, "month", "company_id", "attachment_id"),
        **rows(SYSTEM, "sent_date"),
    },
    "onboarding.cohort.evaluation": {
        **rows(ORM, *LOG),
        **rows(SYSTEM, "program_id", "company_id", "month", "headcount", "generated_date", "sent_date"),
    },
    "onboarding.cohort.evaluation.wizard": {**rows(ORM, *LOG), **rows(WIZARD, "program_id", "company_id", "month")},
    # ------------------------------------------------------------------ standard models
    "hr.employee": rows(
        SYSTEM, "onboarding_enrollment_ids", "onboarding_state", "attendance_blocked", "attendance_exemption_ids"
    ),
    "hr.employee.public": rows(NOBODY, "onboarding_state", "attendance_blocked"),
    "survey.user_input": rows(SYSTEM, "onboarding_task_id", "onboarding_round"),
    "hr.payslip": rows(
        SYSTEM,
        "onboarding_lower_threshold",
        "onboarding_deduction_rate",
        "onboarding_upper_threshold",
        "onboarding_bonus_rate",
    ),
    "res.company": {
        **rows(
            SETTINGS,
            "onboarding_stall_days",
            "onboarding_confirm_days",
            "onboarding_escalation_days",
            "onboarding_evidence_mimetypes",
            "onboarding_evidence_max_mb",
            "onboarding_start_lead_days",
            "onboarding_auto_portal_access",
            "onboarding_credit_months",
            # training_analytics: item health and session attendance thresholds
            "onboarding_health_min_pass_rate",
            "onboarding_health_long_factor",
            "onboarding_health_stall_share",
            "onboarding_health_min_people",
            "onboarding_health_effect_threshold",
            "onboarding_health_works_effect",
            "onboarding_health_works_correlation",
            "onboarding_session_min_attendance",
        ),
        **rows(
            PAYROLL_SETTINGS,
            "onboarding_payroll_lower_threshold",
            "onboarding_payroll_deduction_rate",
            "onboarding_payroll_upper_threshold",
            "onboarding_payroll_bonus_rate",
        ),
    },
}
# SQL views of training_analytics: every column is the view's, written by nobody.
REPORTS = (
    "onboarding.cohort.report",
    "onboarding.item.report",
    "onboarding.responsibility.report",
    "onboarding.effectiveness.report",
)


def stored_policy_fields(env):
    """{model: {stored field names}} of every field the addons declare, on their models and on standard ones."""
    result = {}
    for model in our_models(env):
        names = {
            name
            for name, field in env[model]._fields.items()
            if field.store and name != "id" and OUR_ADDONS.intersection(field._modules)
        }
        if names:
            result[model] = names
    return result


def policy(env):
    """POLICY completed with the report views' columns, which are all the view's."""
    table = dict(POLICY)
    for model in REPORTS:
        if model in env:
            table[model] = dict.fromkeys(stored_policy_fields(env).get(model, ()), NOBODY)
    return table


# ----------------------------------------------------------------------
# Records per (role, scope)
# ----------------------------------------------------------------------
def person(role, scope):
    """The world's employee key whose records are `scope` for `role`."""
    return {
        "own": role,
        "team": "peer" if role == "employee" else "employee",
        "company": "extra1",
        "other_company": "b",
    }[scope]


def by_person(getter):
    def record(case, role, scope):
        return getter(case, person(role, scope))

    return record


def program_of(scope):
    return {"own": "program_a", "team": "template", "company": "program_a2", "other_company": "program_b"}[scope]


def by_program(getter):
    def record(case, role, scope):
        return getter(case, getattr(case, program_of(scope)))

    return record


def company_record(getter):
    def record(case, role, scope):
        return getter(case, scope) if scope in ("company", "other_company") else None

    return record


RECORDS = {
    "onboarding.enrollment": by_person(lambda c, k: c.enr.get(k)),
    "onboarding.task": by_person(lambda c, k: c.enr.get(k) and c.task(k, "Handbook")),
    "onboarding.program": by_program(lambda c, p: p),
    "onboarding.program.stage": by_program(lambda c, p: p.stage_ids[:1]),
    "onboarding.program.item": by_program(lambda c, p: c.item(p, "Handbook")),
    "onboarding.knowledge.document": lambda c, role, scope: {
        "own": c.doc_draft.get(role),
        "team": c.doc_a,
        "company": c.doc_draft.get("officer" if role == "mentor" else "mentor"),
        "other_company": c.doc_b,
    }[scope],
    "onboarding.peer.review": by_person(lambda c, k: c.review_done.get(k)),
    "onboarding.peer.reviewer": lambda c, role, scope: {
        "own": c.review_pending.get(role),
        "team": c.review_links.get("team_of_employee" if role == "employee" else "team"),
        "company": None,
        "other_company": c.review_links.get("b"),
    }[scope],
    "onboarding.audit.log": by_person(lambda c, k: c.audit.get(k)),
    "onboarding.attendance.exemption": by_person(lambda c, k: c.exemption.get(k)),
    "onboarding.attendance.miss": by_person(lambda c, k: c.miss.get(k)),
    "onboarding.performance.metric": by_person(lambda c, k: c.metric.get(k)),
    "onboarding.performance.metric.type": lambda c, role, scope: {
        "own": None,
        "team": c.metric_type_shared,
        "company": c.metric_type_a,
        "other_company": c.metric_type_b,
    }[scope],
    "onboarding.monthly.report": company_record(lambda c, s: c.monthly_a if s == "company" else c.monthly_b),
    "onboarding.cohort.evaluation": company_record(lambda c, s: c.evaluation_a if s == "company" else c.evaluation_b),
    "hr.employee": by_person(lambda c, k: c.emp.get(k)),
    "hr.employee.public": by_person(lambda c, k: c.env["hr.employee.public"].browse(c.emp[k].id)),
    "survey.user_input": lambda c, role, scope: c.exam_attempt if person(role, scope) == "employee" else None,
    "hr.payslip": lambda c, role, scope: c.payslip if person(role, scope) == "peer" else None,
    "res.company": company_record(lambda c, s: c.company_a if s == "company" else c.company_b),
    "onboarding.education.level": lambda c, role, scope: (
        c.env.ref("onboarding_training.education_level_master") if scope == "team" else None
    ),
}


def report_record(model):
    def record(case, role, scope):
        key = person(role, scope)
        rows = case.env[model].sudo().search([("company_id", "=", case.emp[key].company_id.id)], limit=1)
        return rows or None

    return record


def wizard_record(model, vals):
    """A wizard opened by the role user on the scope's person (their own transient record)."""

    def record(case, role, scope):
        key = person(role, scope)
        if key not in case.enr:
            return None
        return case.env[model].with_user(case.users[role]).sudo().create(vals(case, key)).sudo(False)

    return record


WIZARD_VALS = {
    "onboarding.enroll.wizard": lambda c, k: {
        "employee_ids": [Command.set(c.emp[k].ids)],
        "program_id": (c.program_b2 if k == "b" else c.program_a2).id,
    },
    "onboarding.enrollment.fail.wizard": lambda c, k: {"enrollment_id": c.enr[k].id, "reason": "Did not show up."},
    "onboarding.peer.review.invite.wizard": lambda c, k: {
        "enrollment_id": c.enr[k].id,
        "deadline": c.today + timedelta(days=5),
    },
    "onboarding.task.reject.wizard": lambda c, k: {"task_id": c.task(k, "Back office").id, "reason": "Blurry."},
    "onboarding.task.credit.withdraw.wizard": lambda c, k: {"task_id": c.task(k, "Handbook").id, "reason": "Outdated."},
    "onboarding.attendance.miss.justify.wizard": lambda c, k: (
        {"miss_ids": [Command.set(c.miss[k].ids)], "reason": "Sick note."} if k in c.miss else None
    ),
    "onboarding.session.signin.wizard": lambda c, k: {
        "item_id": c.item(c.enr[k].program_id, "Orientation").id,
        "session_date": c.today,
    },
    "onboarding.session.signin.line": lambda c, k: {
        "wizard_id": signin_sheet(c, k).id,
        "task_id": c.task(k, "Orientation").id,
    },
    "onboarding.cohort.evaluation.wizard": lambda c, k: {
        "program_id": c.enr[k].program_id.id,
        "company_id": c.enr[k].company_id.id,
        "month": c.start,
    },
}


def signin_sheet(case, key):
    """A sign-in sheet for the orientation session of `key`'s program, its own lines already filled in."""
    item = case.item(case.enr[key].program_id, "Orientation")
    sheet = case.env["onboarding.session.signin.wizard"].create({"item_id": item.id, "session_date": case.today})
    case.env.flush_all()
    return sheet


# ----------------------------------------------------------------------
# What a create starts from, per (role, scope): the field under test is added to it
# ----------------------------------------------------------------------
def _second_program(case, key):
    return case.program_b2 if key == "b" else case.program_a2


def _company(case, scope):
    return {"own": case.company_a, "team": case.company_a, "company": case.company_a, "other_company": case.company_b}[
        scope
    ]


BASE_VALS = {
    "onboarding.enrollment": lambda c, k, s: {"employee_id": c.emp[k].id, "program_id": _second_program(c, k).id},
    "onboarding.task": lambda c, k, s: {
        "enrollment_id": c.enr[k].id,
        "item_id": c.item(c.enr[k].program_id, "Culture").id,
        "deadline": c.today,
    },
    "onboarding.program": lambda c, k, s: {"name": "Returns", "company_id": getattr(c, program_of(s)).company_id.id},
    "onboarding.program.stage": lambda c, k, s: {"program_id": getattr(c, program_of(s)).id, "name": "Month 2"},
    "onboarding.program.item": lambda c, k, s: {
        "stage_id": getattr(c, program_of(s)).stage_ids[:1].id,
        "name": "Returns policy",
    },
    "onboarding.knowledge.document": lambda c, k, s: {
        "name": "Refund tips",
        "category": "best_practice",
        "company_id": _company(c, s).id,
    },
    "onboarding.peer.review": lambda c, k, s: {"enrollment_id": c.enr[k].id, "assessment_round": 1},
    "onboarding.peer.reviewer": lambda c, k, s: {
        "enrollment_id": c.enr[k].id,
        "assessment_round": 7,
        "user_id": c.reviewer.id,
        "deadline": c.today,
    },
    "onboarding.audit.log": lambda c, k, s: {
        "logged_at": fields.Datetime.now(),
        "event": "override",
        "res_model": "onboarding.enrollment",
        "res_id": c.enr[k].id,
        "prev_hash": "0" * 64,
        "hash": "f" * 64,
    },
    "onboarding.attendance.exemption": lambda c, k, s: {
        "employee_id": c.emp[k].id,
        "date_to": c.today,
        "reason": "Jury duty.",
    },
    "onboarding.attendance.miss": lambda c, k, s: {"employee_id": c.emp[k].id, "date": c.today - timedelta(days=20)},
    "onboarding.performance.metric": lambda c, k, s: {
        "employee_id": c.emp[k].id,
        "metric_type_id": c.metric_type_shared.id,
        "value": 1.5,
        "date": c.today - timedelta(days=1),
    },
    "onboarding.performance.metric.type": lambda c, k, s: {"name": "Refund rate", "company_id": _company(c, s).id},
    "onboarding.monthly.report": lambda c, k, s: {"month": date(2020, 1, 1), "company_id": _company(c, s).id},
    "onboarding.cohort.evaluation": lambda c, k, s: {
        "program_id": (c.program_b if s == "other_company" else c.program_a).id,
        "company_id": _company(c, s).id,
        "month": date(2020, 1, 1),
    },
    "hr.employee": lambda c, k, s: {"name": "Nina New", "company_id": _company(c, s).id},
    "hr.employee.public": lambda c, k, s: {"name": "Nina New"},
    "survey.user_input": lambda c, k, s: {"survey_id": c.exam_attempt.survey_id.id},
    "hr.payslip": lambda c, k, s: {
        "name": "Payslip by hand",
        "employee_id": c.payslip.employee_id.id,
        "contract_id": c.payslip.contract_id.id,
        "struct_id": c.payslip.struct_id.id,
        "date_from": c.payslip.date_from,
        "date_to": c.payslip.date_to,
    },
    "res.company": lambda c, k, s: {"name": "Third Shop"},
    "onboarding.education.level": lambda c, k, s: {"name": "Vocational college", "code": "other"},
}

# Allowed cells whose value cannot be set alone: a fresh upload, a value that must agree with other fields
# (weights summing to 100, a link or a file for its content type, the employee's company, unique keys).
ALLOWED_NEEDS_FLOW = {
    ("onboarding.task", "evidence_attachment_ids"),
    ("onboarding.monthly.report", "attachment_id"),
    ("onboarding.monthly.report", "company_id"),
    ("onboarding.knowledge.document", "content_type"),
    ("onboarding.performance.metric", "employee_id"),
    ("onboarding.performance.metric", "company_id"),
    ("onboarding.program", "weight_exam"),
    ("onboarding.program", "weight_practical"),
    ("onboarding.program", "weight_peer"),
    ("onboarding.program.item", "survey_id"),
    ("onboarding.program.item", "session_radius"),
    ("onboarding.program.item", "session_start_hour"),
    # Must agree with the record's company and its links (a shared template takes shared jobs only).
    ("onboarding.knowledge.document", "company_id"),
    ("onboarding.program", "job_ids"),
    ("onboarding.program", "department_ids"),
    ("onboarding.program.item", "audience_job_ids"),
    ("onboarding.program.item", "audience_department_ids"),
}


def _same_program_item(case, record):
    """Another item of the record's program, for a prerequisite that passes the program check."""
    program = record.program_id if record else case.program_a2
    items = program.stage_ids.item_ids
    items -= record or items.browse()
    return [Command.link(items.filtered(lambda i: i.name == "Culture")[:1].id or items[:1].id)]


# Plausible values where the generic choice would break a constraint the attacker would not break either.
VALUES = {
    ("onboarding.attendance.exemption", "date_to"): lambda c, r: (r.date_to if r else c.today) + timedelta(days=2),
    ("onboarding.knowledge.document", "company_id"): lambda c, r: False if r and r.company_id else c.company_a.id,
    ("onboarding.monthly.report", "month"): lambda c, r: date(2021, 3, 1),
    ("onboarding.performance.metric", "metric_type_id"): lambda c, r: (
        (c.metric_type_a if r and r.metric_type_id != c.metric_type_a else c.metric_type_shared).id
    ),
    ("onboarding.program.item", "prerequisite_ids"): _same_program_item,
    ("onboarding.program.item", "session_start_hour"): lambda c, r: 8.5,
    ("onboarding.program.item", "session_end_hour"): lambda c, r: 17.5,
    ("onboarding.program.item", "slide_channel_id"): lambda c, r: c.env["slide.channel"].create({"name": "Returns"}).id,
    ("onboarding.program.item", "session_latitude"): lambda c, r: 31.2304,
    ("onboarding.program.item", "session_longitude"): lambda c, r: 121.4737,
    ("onboarding.program.stage", "start_offset_days"): lambda c, r: (r.start_offset_days - 1) if r else -3,
    ("onboarding.session.signin.wizard", "line_ids"): lambda c, r: [
        Command.create({"task_id": c.task("peer", "Orientation").id, "attended": True})
    ],
}
# Records of a company (or shared) have no own or team records, to make or to change.
NO_RECORD_SCOPES = {
    "onboarding.education.level": ("own", "company", "other_company"),
    "onboarding.monthly.report": ("own", "team"),
    "onboarding.cohort.evaluation": ("own", "team"),
    "onboarding.performance.metric.type": ("own",),
    "res.company": ("own", "team"),
}
# Fields of a create's base values that say whose record it is: the scope's value is the one tried.
SCOPE_FIELDS = {
    "onboarding.enrollment": ("employee_id",),
    "onboarding.attendance.exemption": ("employee_id",),
    "onboarding.performance.metric": ("employee_id",),
    "onboarding.program.stage": ("program_id",),
    "onboarding.program.item": ("stage_id",),
    "onboarding.knowledge.document": ("company_id",),
}
# Values tried where the generic choice would not be plausible.
SELECTION_PREFERENCE = ("done", "passed", "approved", "regular", "published", "high", "handbook", "sheet", "exam")


@tagged("post_install", "-at_install")
class TestFieldPolicy(SecurityWorld, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_world()
        cls._build_company_scope()

    @classmethod
    def _build_company_scope(cls):
        """Records of ``extra1``, a hire of company A in nobody's team, that the world does not have yet; and a
        job, a department and an employee tag for the programs' and items' audience, which a database without
        demo data lacks."""
        cls.env["hr.job"].create({"name": "Customer service agent"})
        cls.env["hr.department"].create({"name": "Customer service"})
        cls.env["hr.employee.category"].create({"name": "Night shift"})
        key = "extra1"
        cls.exemption[key] = (
            cls.env["onboarding.attendance.exemption"]
            .sudo()
            .create(
                {
                    "employee_id": cls.emp[key].id,
                    "date_from": cls.today + timedelta(days=30),
                    "date_to": cls.today + timedelta(days=31),
                    "reason": "Visa appointment",
                }
            )
        )
        cls.miss[key] = (
            cls.env["onboarding.attendance.miss"]
            .sudo()
            .create({"employee_id": cls.emp[key].id, "enrollment_id": cls.enr[key].id, "date": cls.start})
        )
        cls.env.flush_all()

    # ------------------------------------------------------------------
    # The table itself
    # ------------------------------------------------------------------
    def test_table_covers_every_field(self):
        """A stored field of the addons without a row, or a row for a field they no longer have, fails here."""
        declared = stored_policy_fields(self.env)
        table = policy(self.env)
        missing = {f"{m}.{f}" for m, names in declared.items() for f in names if f not in table.get(m, {})}
        extra = {f"{m}.{f}" for m, rows_ in table.items() for f in rows_ if f not in declared.get(m, set())}
        self.assertFalse(sorted(missing), "stored fields without a row in POLICY: classify them")
        self.assertFalse(sorted(extra), "rows for fields the addons no longer have")
        for model in table:
            self.assertIn(model, RECORDS | dict.fromkeys(REPORTS) | WIZARD_VALS, f"{model}: no records to try")

    def test_system_fields_have_system_rows(self):
        """Stored computed fields without an inverse are the system's in the table too."""
        table = policy(self.env)
        wrong = []
        for model, rows_ in table.items():
            for fname, rule in rows_.items():
                field = self.env[model]._fields[fname]
                if field.compute and field.readonly and not field.inverse and rule.grants:
                    wrong.append(f"{model}.{fname}")
        self.assertFalse(wrong, "computed fields that a row lets someone set")

    def test_summary(self):
        size = self._size()
        print(
            "\nfield policy: {fields} fields of {models} models x {roles} roles x {scopes} scopes x {paths} paths = "
            "{cells} cells; {forbidden} forbidden, {allowed} allowed, {na} not applicable; "
            "the forbidden cells are tried in {attempts} attempts ({single} of one field, {grouped} grouping the "
            "fields of a role refused by the access rights or record rules)".format(**size)
        )
        self.assertEqual(size["tried"], size["forbidden"], "every forbidden cell is in an attempt")
        self.assertEqual(size["cells"], size["fields"] * len(ROLES) * len(SCOPES) * len(PATHS))
        self.assertEqual(size["forbidden"] + size["allowed"] + size["na"], size["cells"])

    def _size(self):
        table = policy(self.env)
        counts = Counter()
        for model, rows_ in table.items():
            for role, scope, path in product(ROLES, SCOPES, PATHS):
                for rule in rows_.values():
                    if not self._applicable(model, role, scope, path):
                        counts["na"] += 1
                    elif rule.allows(self, model, role, scope, path):
                        counts["allowed"] += 1
                    else:
                        counts["forbidden"] += 1
        plans = [attempt for model in table for attempt in self._plan(model)]
        return {
            "attempts": len(plans),
            "single": sum(len(group) == 1 for *_cell, group in plans),
            "grouped": sum(len(group) > 1 for *_cell, group in plans),
            "tried": sum(len(group) for *_cell, group in plans),
            "models": len(table),
            "fields": sum(len(r) for r in table.values()),
            "roles": len(ROLES),
            "scopes": len(SCOPES),
            "paths": len(PATHS),
            "cells": sum(counts.values()),
            **{key: counts[key] for key in ("forbidden", "allowed", "na")},
        }

    # ------------------------------------------------------------------
    # Records, values and snapshots
    # ------------------------------------------------------------------
    def _record(self, model, role, scope):
        key = (model, role, scope)
        cache = self.__dict__.setdefault("_records", {})
        if key not in cache:
            if model in RECORDS:
                found = RECORDS[model](self, role, scope)
            elif model in WIZARD_VALS:
                vals = WIZARD_VALS[model]
                found = wizard_record(model, vals)(self, role, scope) if vals(self, person(role, scope)) else None
            else:
                found = report_record(model)(self, role, scope)
            cache[key] = found if found else None
        return cache[key]

    def _base_vals(self, model, role, scope):
        if scope in NO_RECORD_SCOPES.get(model, ()):
            return None
        key = person(role, scope)
        if model in WIZARD_VALS:
            return WIZARD_VALS[model](self, key) if key in self.enr else None
        if model not in BASE_VALS:
            return {}
        if key not in self.emp:
            return None
        return BASE_VALS[model](self, key, scope)

    def _other(self, comodel, current, role):
        """A record of `comodel` other than `current`, plausible for an attacker to set."""
        env = self.env
        preferred = {
            "res.users": self.hr_admin,
            "hr.employee": self.emp["extra2"],
            "res.company": self.company_b,
            "onboarding.program": self.program_a3,
            "onboarding.enrollment": self.enr["extra2"],
            "onboarding.task": self.task("extra2", "Culture"),
            "onboarding.program.stage": self.program_a3.stage_ids[:1],
            "onboarding.program.item": self.item(self.program_a3, "Culture"),
            "ir.attachment": self.evidence,
        }.get(comodel)
        if preferred and preferred not in current:
            return preferred
        Comodel = env[comodel].sudo().with_context(active_test=False)
        domain = [("id", "not in", current.ids)]
        # Preferably one of company A's, so that the company checks are not what refuses it.
        if "company_id" in Comodel._fields:
            other = Comodel.search(
                [*domain, ("company_id", "in", [self.company_a.id, False])], limit=1, order="id desc"
            )
            if other:
                return other
        other = Comodel.search(domain, limit=1, order="id desc")
        self.assertTrue(other, f"no {comodel} record to try")
        return other

    def _value(self, model, record, fname, role):
        """A plausible value for `fname`, different from what `record` (if any, else a new record) holds."""
        cache = self.__dict__.setdefault("_values", {})
        key = (model, record and record.id, fname, role)
        if key not in cache:
            cache[key] = self._new_value(model, record, fname, role)
        return cache[key]

    def _new_value(self, model, record, fname, role):
        if (model, fname) in VALUES:
            return VALUES[model, fname](self, record)
        Model = self.env[model].sudo()
        field = Model._fields[fname]
        if record:
            current = record.sudo()[fname]
        else:
            # A new record: what its default would be.
            default = Model.default_get([fname]).get(fname, False)
            current = field.convert_to_record(field.convert_to_cache(default, Model, validate=False), Model)
        kind = field.type
        if fname in LOG:
            # Somebody else, some other day: what a forger would write.
            return self.reviewer.id if kind == "many2one" else fields.Datetime.now() - timedelta(days=400)
        if kind == "boolean":
            return not current
        if kind == "integer":
            return (current or 0) + 7
        if kind in ("float", "monetary"):
            return 99.0 if current != 99.0 else 98.0
        if kind == "date":
            return self.today + timedelta(days=9) if current != self.today + timedelta(days=9) else self.today
        if kind == "datetime":
            return fields.Datetime.now() - timedelta(days=2)
        if kind == "selection":
            options = [value for value, _label in field._description_selection(self.env) if value != current]
            preferred = [value for value in SELECTION_PREFERENCE if value in options]
            return (preferred or options)[0]
        if kind in ("char", "text"):
            return "Set by hand"
        if kind == "html":
            return "<p>Set by hand</p>"
        if kind == "json":
            return [{"code": "set_by_hand", "points": 0}]
        if kind == "binary":
            return base64.b64encode(PNG_BYTES)
        if kind == "many2one":
            return self._other(field.comodel_name, current, role).id
        if kind in ("one2many", "many2many"):
            other = self._other(field.comodel_name, current, role)
            return [Command.link(other.id)]
        raise AssertionError(f"no value for {field}")

    def _load_value(self, record, fname, value):
        """The import column and cell for `value`."""
        field = record._fields[fname]
        if field.type == "many2one":
            return f"{fname}/.id", str(value)
        if field.type in ("one2many", "many2many"):
            return f"{fname}/.id", str(value[0][1])
        if field.type == "boolean":
            return fname, "1" if value else "0"
        if field.type == "json":
            return fname, json.dumps(value)
        if field.type == "binary":
            return fname, value.decode()
        return fname, str(value)

    def _snapshot(self, record, fname):
        """The value of `fname` in the database, re-read as superuser."""
        record = record.sudo().with_context(active_test=False)
        record.invalidate_recordset([fname])
        value = record[fname]
        return tuple(sorted(value.ids)) if hasattr(value, "_ids") else value

    def _fingerprint(self, model):
        """A digest of the rows of the model's table and of its many2many tables: any change changes it."""
        Model = self.env[model]
        if not Model._auto:
            return None
        tables = {Model._table} | {f.relation for f in Model._fields.values() if f.type == "many2many" and f.store}
        self.env.flush_all()
        digests = []
        for table in sorted(tables):
            self.env.cr.execute(
                SQL("SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM %s t", SQL.identifier(table))
            )
            digests.append(self.env.cr.fetchone()[0])
        return digests

    def _xmlid(self, record):
        key = (record._name, record.id)
        self.xmlids = self.__dict__.get("xmlids", {})
        if key not in self.xmlids:
            name = f"{record._name.replace('.', '_')}_{record.id}"
            self.env["ir.model.data"].sudo().create(
                {"module": XMLID_MODULE, "name": name, "model": record._name, "res_id": record.id}
            )
            self.xmlids[key] = f"{XMLID_MODULE}.{name}"
        return self.xmlids[key]

    # ------------------------------------------------------------------
    # Trying the cells
    # ------------------------------------------------------------------
    def _applicable(self, model, role, scope, path):
        if path == "create":
            return self._base_vals(model, role, scope) is not None
        return self._record(model, role, scope) is not None

    def _may(self, model, role, scope, path):
        """Whether the role's access rights and record rules let it run `path` on the scope's records at all."""
        Model = self.env[model].with_user(self.users[role])
        record = self._record(model, role, scope)
        if path == "create":
            return Model.has_access("create")
        if path == "copy":
            return record.with_user(self.users[role]).has_access("read") and Model.has_access("create")
        return record.with_user(self.users[role]).has_access("write")

    def _create_vals(self, model, role, scope, group):
        base = self._base_vals(model, role, scope)
        keep = SCOPE_FIELDS.get(model, ())
        return {**base, **{fname: self._value(model, None, fname, role) for fname in group if fname not in keep}}

    def _attempt(self, operation):
        """Run `operation` as a request would, in a savepoint always rolled back; return (refused, result).

        Most attempts are refused before anything is written: then the caches still hold the database's
        values and are kept, which spares re-reading the world after each of thousands of attempts. As soon
        as anything was written, or is waiting to be, the caches are cleared along with the savepoint.
        """
        cr = self.env.cr
        writes = []
        execute = cr.execute

        def watched(query, params=None, log_exceptions=True):
            code = query.code if isinstance(query, SQL) else query
            if code.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
                writes.append(code)
            return execute(query, params, log_exceptions)

        savepoint = cr.savepoint(flush=False)
        refused, result = False, None
        try:
            with patch.object(cr, "execute", watched):
                result = operation()
                self.env.flush_all()
        except (AccessError, UserError):  # UserError includes ValidationError
            refused = True
        except psycopg2.Error as error:
            # The value reached the database, which refused it: the application should have, before.
            result = error
        finally:
            pending = self.env.cache.get_dirty_fields() or self.env.transaction.tocompute
            if writes or pending or not refused:
                cr.clear()
            savepoint.close(rollback=True)
        return refused, result

    def _try(self, model, group, table, cell):
        """Try to set the `group` of fields in one (role, scope, path) cell; return the problems found."""
        role, scope, path = cell
        user = self.users[role]
        record = self._record(model, role, scope)
        landed = []
        if path == "create":
            vals = self._create_vals(model, role, scope, group)

            def run():
                created = self.env[model].with_user(user).create(vals)
                landed.extend(f for f in group if self._landed(created, f, vals[f]))

        else:
            values = {fname: self._value(model, record, fname, role) for fname in group}
            mine = record.with_user(user)
            xmlid = self._xmlid(record) if path == "load" else None
            # A copy is a new record: its values are tried against what a new record would get.
            copy_values = {fname: self._value(model, None, fname, role) for fname in group}

            def run():
                if path == "write":
                    result = mine.write(values)
                elif path == "copy":
                    result = mine.copy(default=copy_values)
                else:
                    columns, cells = zip(*(self._load_value(record, f, v) for f, v in values.items()), strict=True)
                    result = mine.browse().load(["id", *columns], [[xmlid, *cells]])
                target, tried = (result, copy_values) if path == "copy" else (record, values)
                landed.extend(f for f in group if self._landed(target, f, tried[f]))
                if path == "load" and not result["ids"]:
                    errors = [m["message"] for m in result["messages"] if m.get("type") == "error"]
                    if errors:
                        raise AccessError(errors[0])

        refused, result = self._attempt(run)
        problems = []
        if landed:
            problems.append(f"changed the database ({path} {', '.join(landed)})")
        if isinstance(result, psycopg2.Error):
            problems.append(f"refused by the database only ({path} {', '.join(group)}): {result.pgcode}")
        elif not refused:
            applied = [f for f in group if not table[f].orm]
            if applied:
                problems.append(f"allowed ({path} {', '.join(applied)})")
        return problems

    def _landed(self, record, fname, value):
        """Whether `record` now holds `value` in `fname` (as superuser)."""
        current = self._snapshot(record, fname)
        field = record._fields[fname]
        if field.type == "many2one":
            return current == ((value,) if value else ())
        if field.type in ("one2many", "many2many"):
            return value[0][1] in current
        return current == field.convert_to_record(field.convert_to_cache(value, record, validate=False), record)

    def _plan(self, model):
        """[(role, scope, path, fields)]: the attempts that cover every forbidden cell of the model.

        A role that may not run the path on those records at all (access rights, record rules) is refused
        whatever the fields: one attempt sets all its forbidden fields at once. Otherwise each field is
        tried on its own.
        """
        table = policy(self.env)[model]
        plan = []
        for role, scope, path in product(ROLES, SCOPES, PATHS):
            forbidden = sorted(f for f, rule in table.items() if not rule.allows(self, model, role, scope, path))
            if not forbidden or not self._applicable(model, role, scope, path):
                continue
            if self._may(model, role, scope, path):
                plan.extend((role, scope, path, [fname]) for fname in forbidden)
            else:
                plan.append((role, scope, path, forbidden))
        return plan

    def _check_model(self, model):
        table = policy(self.env)[model]
        plan = self._plan(model)
        self.assertTrue(plan, f"{model}: no forbidden cell could be tried")
        before = self._fingerprint(model)
        problems = []
        for role, scope, path, group in plan:
            for problem in self._try(model, group, table, (role, scope, path)):
                problems.append(f"  {role:8} {scope:13} {problem}")
        self.assertEqual(self._fingerprint(model), before, f"{model}: the tries left the database changed")
        if problems:
            self.fail(f"{model}: {len(problems)} forbidden cell(s) not refused\n" + "\n".join(problems))

    # ------------------------------------------------------------------
    # The allowed side: what the table lets people set, they can set
    # ------------------------------------------------------------------
    def test_allowed_writes_land(self):
        """Each allowed write cell with a plain value succeeds and writes it: the table is no stricter than the code."""
        problems = []
        tried = 0
        for model, rows_ in sorted(policy(self.env).items()):
            for fname, rule in sorted(rows_.items()):
                if (model, fname) in ALLOWED_NEEDS_FLOW or rule.by_access_rights:
                    continue
                for role, scope in product(ROLES, SCOPES):
                    record = self._record(model, role, scope)
                    if record is None or not rule.allows(self, model, role, scope, "write"):
                        continue
                    tried += 1
                    value = self._value(model, record, fname, role)
                    landed = []

                    def write(record=record, fname=fname, value=value, role=role, landed=landed):
                        record.with_user(self.users[role]).write({fname: value})
                        landed.append(self._landed(record, fname, value))

                    refused, result = self._attempt(write)
                    if refused or isinstance(result, Exception) or not all(landed):
                        problems.append(f"  {model}.{fname} {role} {scope}: {'refused' if refused else result}")
        self.assertGreater(tried, 50)
        self.assertFalse(problems, "allowed writes that do not work:\n" + "\n".join(problems))

    def test_forms_still_save(self):
        """The screens send what their fields hold, defaults included: the policy lets them through."""
        enrollment_form = Form(self.env["onboarding.enrollment"].with_user(self.users["officer"]))
        enrollment_form.employee_id = self.emp["peer"]
        enrollment_form.program_id = self.program_a2
        enrollment = enrollment_form.save()
        self.assertEqual((enrollment.state, enrollment.company_id), ("draft", self.company_a))
        with Form(enrollment.with_user(self.users["officer"])) as edit:
            edit.start_date = self.today + timedelta(days=1)
        document_form = Form(self.env["onboarding.knowledge.document"].with_user(self.users["mentor"]))
        document_form.name = "Refunds in three clicks"
        document_form.body = "<p>Orders, then Refund.</p>"
        document = document_form.save()
        self.assertEqual((document.state, document.category), ("draft", "best_practice"))
        program_form = Form(self.env["onboarding.program"].with_user(self.users["manager"]))
        program_form.name = "Returns desk"
        with program_form.stage_ids.new() as stage:
            stage.name = "Week 1"
            stage.deadline_offset_days = 7
            with stage.item_ids.new() as item:
                item.name = "Returns policy"
        program = program_form.save()
        self.assertEqual(program.copy().stage_ids.item_ids.mapped("name"), ["Returns policy"])
        exemption_form = Form(self.env["onboarding.attendance.exemption"].with_user(self.users["officer"]))
        exemption_form.employee_id = self.emp["peer"]
        exemption_form.date_to = self.today
        exemption_form.reason = "Course platform down."
        self.assertEqual(exemption_form.save().granted_by_id, self.users["officer"])

    def test_officer_sets_who_follows_others_not_themself(self):
        officer = self.users["officer"]
        peer = self.enr["peer"].with_user(officer)
        peer.write({"mentor_id": self.emp["manager"].id, "hr_responsible_id": self.hr_admin.id})
        self.assertEqual(peer.mentor_id, self.emp["manager"])
        with self.assertRaises(AccessError):
            self.enr["officer"].with_user(officer).write({"mentor_id": self.emp["mentor"].id})
        self.assertNotEqual(self.enr["officer"].mentor_id, self.emp["mentor"])

    def test_whom_and_when_only_while_draft(self):
        """Moving a running enrollment to someone else (to score it and move it back) is refused at once."""
        officer = self.users["officer"]
        draft = (
            self.env["onboarding.enrollment"]
            .with_user(officer)
            .create({"employee_id": self.emp["peer"].id, "program_id": self.program_a2.id})
        )
        draft.write({"start_date": self.today + timedelta(days=3), "program_id": self.program_a3.id})
        self.assertEqual(draft.program_id, self.program_a3)
        running = self.enr["peer"].with_user(officer)
        for vals in (
            {"employee_id": self.emp["extra2"].id},
            {"program_id": self.program_a3.id},
            {"start_date": self.today - timedelta(days=30)},
        ):
            with self.assertRaises(UserError):  # AccessError, or the start date's own lock
                running.write(vals)
        self.env.invalidate_all()
        self.assertEqual(self.enr["peer"].employee_id, self.emp["peer"])
        # Nor may an officer enroll themself.
        with self.assertRaises(AccessError):
            self.env["onboarding.enrollment"].with_user(officer).create(
                {"employee_id": self.emp["officer"].id, "program_id": self.program_a2.id}
            )

    def test_no_action_on_ones_own_enrollment(self):
        """Starting, resetting or deleting one's own enrollment is another officer's call too."""
        officer = self.users["officer"]
        draft = self.env["onboarding.enrollment"].create(
            {"employee_id": self.emp["officer"].id, "program_id": self.program_a2.id}
        )
        for action in ("action_start", "unlink"):
            with self.assertRaises(AccessError):
                getattr(draft.with_user(officer), action)()
        draft.with_user(self.hr_admin).action_cancel()
        with self.assertRaises(AccessError):
            draft.with_user(officer).action_reset_to_draft()
        self.assertEqual(draft.state, "cancelled")

    def test_tasks_own_note_and_others_deadline(self):
        officer = self.users["officer"]
        own = self.task("officer", "Handbook").with_user(officer)
        own.write({"note": "Read it twice."})
        self.assertEqual(own.note, "Read it twice.")
        with self.assertRaises(AccessError):
            own.write({"deadline": self.today + timedelta(days=30)})
        other = self.task("peer", "Handbook").with_user(officer)
        other.write({"deadline": self.today + timedelta(days=5), "responsible_user_id": self.hr_admin.id})
        self.assertEqual(other.deadline, self.today + timedelta(days=5))
        with self.assertRaises(AccessError):
            other.write({"note": "Written for them."})
        with self.assertRaises(UserError):
            other.unlink()

    def test_mentor_cannot_approve_their_own_document(self):
        """Finding 8: the approval fields are written by the Approve button only."""
        mentor = self.users["mentor"]
        draft = self.doc_draft["mentor"]
        for vals in (
            {"approved_by_id": mentor.id},
            {"approved_date": self.today},
            {"state": "approved"},
            {"author_id": self.hr_admin.id},
        ):
            with self.assertRaises(AccessError):
                draft.with_user(mentor).write(vals)
        draft.with_user(mentor).write({"summary": "Refunds in three clicks."})
        self.assertFalse(draft.approved_by_id)
        draft.with_user(self.users["officer"]).action_approve()
        self.assertEqual(draft.approved_by_id, self.users["officer"])

    def test_manager_in_the_program_leaves_what_decides_to_another(self):
        manager = self.users["manager"]
        own_item = self.item(self.program_a, "Handbook").with_user(manager)
        with self.assertRaises(AccessError):
            own_item.write({"required": False})
        with self.assertRaises(AccessError):
            own_item.stage_id.write({"blocks_attendance": False})
        with self.assertRaises(AccessError):
            self.program_a.with_user(manager).write({"pass_score": 10.0})
        own_item.write({"description": "<p>Read chapters 1 to 3.</p>"})
        other_item = self.item(self.program_a2, "Handbook").with_user(manager)
        other_item.write({"required": False})
        self.assertFalse(other_item.required)
        self.assertTrue(self.task("manager", "Handbook").required)

    def test_payslip_settings_come_with_the_computation_or_the_copy(self):
        payroll = self.users["payroll"]
        settings = {"onboarding_lower_threshold": 90.0, "onboarding_upper_threshold": 95.0}
        self.payslip.sudo().write(settings)
        with self.assertRaises(AccessError):
            self.payslip.with_user(payroll).write({"onboarding_lower_threshold": 0.0})
        with self.assertRaises(AccessError):
            self.env["hr.payslip"].with_user(payroll).create(
                {**BASE_VALS["hr.payslip"](self, "peer", "company"), "onboarding_lower_threshold": 50.0}
            )
        copy = self.payslip.with_user(payroll).copy()
        self.assertEqual(copy.onboarding_lower_threshold, 90.0, "a copy keeps the settings of its original")
        with self.assertRaises(AccessError):
            self.payslip.with_user(payroll).copy(default={"onboarding_lower_threshold": 50.0})


def _make_test(model):
    def test(self):
        self._check_model(model)

    test.__name__ = f"test_policy_{model.replace('.', '_')}"
    test.__doc__ = f"Every forbidden cell of {model} is refused and changes nothing."
    return test


for _model in (*POLICY, *REPORTS):
    setattr(TestFieldPolicy, f"test_policy_{_model.replace('.', '_')}", _make_test(_model))
