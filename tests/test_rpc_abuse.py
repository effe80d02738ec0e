"""Every public method of the four addons, called over JSON-RPC by users who should not run it.

``METHODS`` lists each public method the addons define on their model classes (found by walking
the classes' MRO, standard ORM overrides left out) with the record it is called on: a record of
someone else (``peer``, a colleague of the plain employee, in a state where the method would
work). Two attackers call it through ``/web/dataset/call_kw``: the plain employee and a portal
user. Each call must fail with an AccessError or a UserError and leave the database exactly as it
was; the same call by a user entitled to it then succeeds, which shows that the refusal is about
rights, not about the state of the record.

``NAVIGATION`` lists the public methods that only return a window action or static data: they
read and write nothing, so they may answer anyone; the test checks that they change nothing.
"""

import inspect
from contextlib import closing
from dataclasses import dataclass, field

from security_world import OUR_ADDONS, SecurityWorld, our_models

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import SQL

ATTACKERS = ("employee", "portal")
# Over JSON-RPC the error comes back as the exception's class name.
ACCESS_ERROR = "odoo.exceptions.AccessError"
REFUSALS = {ACCESS_ERROR, "odoo.exceptions.UserError", "odoo.exceptions.ValidationError"}
# ORM entry points the addons override; their access is the matrix's business (test_access_matrix).
ORM_METHODS = {
    "create",
    "write",
    "unlink",
    "read",
    "search",
    "search_read",
    "copy",
    "copy_data",
    "default_get",
    "name_search",
    "fields_get",
    "onchange",
    "web_read",
    "web_save",
    "init",
}
# Tables whose content must not change when a call is refused, besides the addons' own.
WATCHED_TABLES = (
    "res_users",
    "res_partner",
    "hr_employee",
    "hr_payslip",
    "hr_payslip_input",
    "hr_payslip_line",
    "mail_message",
    "mail_mail",
    "mail_activity",
    "mail_followers",
    "survey_user_input",
)


@dataclass(frozen=True)
class Call:
    victim: callable  # (case) -> records the method is called on
    args: tuple = ()
    kwargs: object = field(default_factory=dict)  # a dict, or (case) -> dict for ids known at run time
    entitled: str = "officer"  # role whose same call succeeds (None: not replayed)
    refusal: str = ACCESS_ERROR  # what the attackers get


METHODS = {
    # onboarding_training
    "onboarding.task.action_submit": Call(lambda c: c.task("peer", "Handbook")),
    "onboarding.task.action_confirm": Call(lambda c: c.task("peer", "Back office"), entitled="mentor"),
    "onboarding.task.action_reject": Call(
        lambda c: c.task("peer", "Back office"), args=("Not the right screen.",), entitled="mentor"
    ),
    "onboarding.task.action_open_reject_wizard": Call(lambda c: c.task("peer", "Back office"), entitled="mentor"),
    # HR's own items (the pre-boarding handbook is HR's in this world), recorded as done by an officer.
    "onboarding.task.action_mark_done": Call(lambda c: c.task("peer", "Handbook")),
    # The peer's handbook of their third program, credited from their first one.
    "onboarding.task.action_withdraw_credit": Call(lambda c: c.credited, args=("The handbook changed.",)),
    "onboarding.task.action_open_withdraw_credit_wizard": Call(lambda c: c.credited),
    "onboarding.enrollment.action_start": Call(lambda c: c.enr_draft),
    "onboarding.enrollment.action_cancel": Call(lambda c: c.enr["peer"]),
    "onboarding.enrollment.action_reset_to_draft": Call(lambda c: c.enr_cancelled),
    "onboarding.enrollment.action_invite_portal": Call(lambda c: c.enr["peer"]),
    # The peer's first program already published its reviews (a closed round takes nobody): their third one has none.
    "onboarding.enrollment.action_open_peer_review_invite": Call(lambda c: c.enr_assess, entitled="mentor"),
    "onboarding.enrollment.action_assess": Call(lambda c: c.enr_assess),
    "onboarding.enrollment.action_fail": Call(lambda c: c.enr["peer"], args=("Left the company.",)),
    "onboarding.enrollment.action_open_fail_wizard": Call(lambda c: c.enr["peer"]),
    "onboarding.enrollment.action_reassess": Call(lambda c: c.enr_failed),
    "onboarding.peer.reviewer.action_submit_review": Call(lambda c: c.review_pending["mentor"], entitled="mentor"),
    "onboarding.knowledge.document.action_approve": Call(lambda c: c.doc_draft["mentor"]),
    "onboarding.knowledge.document.action_reset_to_draft": Call(lambda c: c.doc_a),
    "onboarding.audit.log.action_verify": Call(lambda c: c.env["onboarding.audit.log"]),
    "onboarding.enroll.wizard.action_enroll": Call(lambda c: c.wizards["enroll"]),
    "onboarding.enrollment.fail.wizard.action_fail": Call(lambda c: c.wizards["fail"]),
    "onboarding.peer.review.invite.wizard.action_invite": Call(lambda c: c.wizards["invite"]),
    "onboarding.task.reject.wizard.action_reject": Call(lambda c: c.wizards["reject"], entitled="mentor"),
    "onboarding.task.credit.withdraw.wizard.action_withdraw": Call(lambda c: c.wizards["withdraw"]),
    # hr_attendance_gate
    "onboarding.attendance.miss.action_justify": Call(lambda c: c.miss["peer"], args=("Doctor's note.",)),
    "onboarding.attendance.miss.action_open_justify_wizard": Call(lambda c: c.miss["peer"]),
    "onboarding.attendance.miss.justify.wizard.action_justify": Call(lambda c: c.wizards["justify"]),
    "onboarding.session.signin.wizard.action_confirm": Call(lambda c: c.wizards["signin"]),
    # training_analytics
    "onboarding.monthly.report.action_print": Call(lambda c: c.monthly_a),
    # Sending renders the PDF: the entitled call is left to the addon's own tests.
    "onboarding.monthly.report.action_send": Call(lambda c: c.monthly_a, entitled=None),
    "onboarding.cohort.evaluation.action_print": Call(lambda c: c.evaluation_a),
    "onboarding.cohort.evaluation.action_view_pdfs": Call(lambda c: c.evaluation_a),
    "onboarding.cohort.evaluation.wizard.action_print": Call(lambda c: c.wizards["evaluation"]),
    # onboarding_payroll
    "hr.payslip.compute_sheet": Call(lambda c: c.payslip, entitled="payroll"),
    # mail.thread's own API, overridden to skip a subscription the scheduled jobs have already made
    "onboarding.enrollment.message_subscribe": Call(
        lambda c: c.enr["peer"], kwargs=lambda c: {"partner_ids": c.users["mentor"].partner_id.ids}
    ),
    "onboarding.task.message_subscribe": Call(
        lambda c: c.task("peer", "Back office"), kwargs=lambda c: {"partner_ids": c.users["mentor"].partner_id.ids}
    ),
    "onboarding.attendance.miss.message_subscribe": Call(
        lambda c: c.miss["peer"], kwargs=lambda c: {"partner_ids": c.users["mentor"].partner_id.ids}
    ),
}
NAVIGATION = {
    "onboarding.program.action_view_enrollments": (lambda c: c.program_a, "window action filtered by record rules"),
    "onboarding.enrollment.action_view_tasks": (lambda c: c.enr["peer"], "window action filtered by record rules"),
    "hr.employee.action_view_onboarding": (lambda c: c.emp["peer"], "window action filtered by record rules"),
    "onboarding.task.action_open_course": (
        lambda c: c.task("peer", "Handbook"),
        "the linked course's URL, for whoever may read the task (onboarding_slides)",
    ),
    "onboarding.program.item.action_open_audience": (
        lambda c: c.item(c.program_a, "Handbook"),
        "opens the item's audience form; saving it needs an onboarding manager",
    ),
    "onboarding.program.item.action_open_signin_sheet": (
        lambda c: c.item(c.program_a, "Orientation"),
        "opens the sheet form; filling it in needs an onboarding officer",
    ),
    "onboarding.today.get_today": (
        lambda c: c.env["onboarding.today"],
        "counts of the landing page, read with the caller's own rights",
    ),
    "onboarding.performance.metric.get_import_templates": (
        lambda c: c.env["onboarding.performance.metric"],
        "static list of import template files",
    ),
}


# Decisions that only their action may take, because the action checks the state and leaves the audit
# trail entry: written directly over RPC, even by an onboarding manager, they must be refused.
DECISIONS = {
    "task confirmed": (lambda c: c.task("peer", "Back office"), {"state": "done"}),
    "enrollment converted": (lambda c: c.enr["peer"], {"state": "passed"}),
    "peer review handed in": (lambda c: c.review_pending["manager"], {"state": "done"}),
    "knowledge document approved": (lambda c: c.doc_draft["mentor"], {"state": "approved"}),
    "missed check-in justified": (lambda c: c.miss["peer"], {"justified": True, "justification": "Forged."}),
    "audit entry rewritten": (lambda c: c.audit["peer"], {"details": "{}"}),
}


def public_methods(env):
    """{'model.method'} of public functions defined by the addons on their model classes."""
    prefixes = tuple(f"odoo.addons.{addon}." for addon in OUR_ADDONS)
    found = set()
    for model_name in env.registry:
        for klass in type(env[model_name]).mro():
            for name, value in vars(klass).items():
                function = value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
                if name.startswith("_") or name in ORM_METHODS or not inspect.isfunction(function):
                    continue
                if function.__module__.startswith(prefixes):
                    found.add(f"{model_name}.{name}")
    return found


@tagged("post_install", "-at_install")
class TestRpcAbuse(SecurityWorld, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_world()
        cls._build_victims()
        cls.tables = cls._watched_tables()

    @classmethod
    def _build_victims(cls):
        env = cls.env
        Enrollment = env["onboarding.enrollment"]
        cls.enr_draft = Enrollment.create({"employee_id": cls.emp["peer"].id, "program_id": cls.program_a2.id})
        cls.enr_cancelled = Enrollment._enroll(cls.emp["extra1"], cls.program_a2, start_date=cls.start)
        cls.enr_cancelled.sudo().write({"state": "cancelled"})
        cls.enr_failed = Enrollment._enroll(cls.emp["extra2"], cls.program_a2, start_date=cls.start)
        cls.enr_failed.sudo().write({"state": "failed", "failure_reason": "Final score below the pass score."})
        cls.program_a3.write({"weight_exam": 0.0, "weight_practical": 100.0, "weight_peer": 0.0})
        cls.enr_assess = Enrollment._enroll(cls.emp["peer"], cls.program_a3, start_date=cls.start)
        cls.enr_assess.sudo().write({"practical_score": 80.0, "practical_score_date": cls.today})
        cls.review_pending["mentor"].sudo().write({"score": 70.0, "comment": "Calm with angry customers."})
        source = cls.task("peer", "Culture")
        cls.credited = cls.enr_assess.task_ids.filtered(lambda t: t.name == "Handbook")
        cls.credited.sudo().write(
            {
                "state": "done",
                "done_date": source.done_date,
                "credit_source_task_id": source.id,
                "credited_date": source.done_date,
            }
        )
        orientation = cls.task("peer", "Orientation")
        cls.wizards = {
            key: env[model].with_user(cls.hr_admin).sudo().create(vals).sudo(False)
            for key, model, vals in (
                (
                    "enroll",
                    "onboarding.enroll.wizard",
                    {"employee_ids": [Command.set(cls.emp["rev"].ids)], "program_id": cls.program_a2.id},
                ),
                ("fail", "onboarding.enrollment.fail.wizard", {"enrollment_id": cls.enr["peer"].id, "reason": "Quit."}),
                (
                    "invite",
                    "onboarding.peer.review.invite.wizard",
                    {"enrollment_id": cls.enr_assess.id, "reviewer_ids": [Command.set(cls.emp["payroll"].ids)]},
                ),
                (
                    "reject",
                    "onboarding.task.reject.wizard",
                    {"task_id": cls.task("peer", "Back office").id, "reason": "Blurry."},
                ),
                (
                    "withdraw",
                    "onboarding.task.credit.withdraw.wizard",
                    {"task_id": cls.credited.id, "reason": "The handbook changed."},
                ),
                (
                    "justify",
                    "onboarding.attendance.miss.justify.wizard",
                    {"miss_ids": [Command.set(cls.miss["peer"].ids)], "reason": "Train strike."},
                ),
                (
                    "signin",
                    "onboarding.session.signin.wizard",
                    {"item_id": orientation.item_id.id, "session_date": orientation.deadline},
                ),
                (
                    "evaluation",
                    "onboarding.cohort.evaluation.wizard",
                    {"program_id": cls.program_a.id, "company_id": cls.company_a.id, "month": cls.start},
                ),
            )
        }
        env.flush_all()
        cls.wizards["signin"].sudo().line_ids.write({"attended": True})
        env.flush_all()

    @classmethod
    def _watched_tables(cls):
        env = cls.env
        ours = {env[m]._table for m in our_models(env) if env[m]._auto and m.startswith("onboarding.")}
        return sorted(ours | set(WATCHED_TABLES))

    def _fingerprint(self):
        """A digest of every watched table's rows: any change anywhere changes it."""
        self.env.flush_all()
        digests = {}
        for table in self.tables:
            self.env.cr.execute(
                SQL("SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM %s t", SQL.identifier(table))
            )
            digests[table] = self.env.cr.fetchone()[0]
        return digests

    def _rpc(self, records, method, args=(), kwargs=None):
        is_model_method = getattr(getattr(type(records), method), "_api", None) == "model"
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": records._name,
                "method": method,
                "args": list(args) if is_model_method else [records.ids, *args],
                "kwargs": kwargs or {},
            },
        )

    def _kwargs(self, call):
        return call.kwargs(self) if callable(call.kwargs) else call.kwargs

    def _split(self, key):
        model, method = key.rsplit(".", 1)
        return model, method

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_every_public_method_has_a_row(self):
        found = public_methods(self.env)
        listed = set(METHODS) | set(NAVIGATION)
        self.assertFalse(set(METHODS) & set(NAVIGATION))
        self.assertEqual(found - listed, set(), "public methods without a row in METHODS or NAVIGATION")
        self.assertEqual(listed - found, set(), "rows for methods the addons no longer define")

    def test_refused_and_nothing_changed(self):
        problems = []
        for attacker in ATTACKERS:
            self.authenticate(f"sec_{attacker}", self.passwords[attacker])
            for key, call in sorted(METHODS.items()):
                model, method = self._split(key)
                victim = call.victim(self)
                self.assertEqual(victim._name, model, key)
                before = self._fingerprint()
                try:
                    result = self._rpc(victim, method, call.args, self._kwargs(call))
                except JsonRpcException as error:
                    if str(error) != call.refusal:
                        problems.append(f"{attacker}: {key} failed with {error}, not {call.refusal}")
                else:
                    problems.append(f"{attacker}: {key} was allowed and returned {result!r:.120}")
                self.env.invalidate_all()
                changed = [table for table, digest in self._fingerprint().items() if before[table] != digest]
                if changed:
                    problems.append(f"{attacker}: {key} changed {', '.join(changed)}")
        self.assertFalse(problems, "\n" + "\n".join(problems))

    def test_entitled_user_may(self):
        """The refused calls work for the user they are meant for: the refusal was about rights."""
        problems = []
        for key, call in sorted(METHODS.items()):
            if not call.entitled:
                continue
            model, method = self._split(key)
            victim = call.victim(self).with_user(self.users[call.entitled])
            with closing(self.env.cr.savepoint()):
                try:
                    getattr(victim, method)(*call.args, **self._kwargs(call))
                    self.env.flush_all()
                except Exception as error:  # every failure is reported, by name
                    problems.append(f"{call.entitled}: {key} failed: {type(error).__name__}: {error}")
            self.env.invalidate_all()
        self.assertFalse(problems, "\n" + "\n".join(problems))

    def test_navigation_changes_nothing(self):
        problems = []
        for attacker in ATTACKERS:
            self.authenticate(f"sec_{attacker}", self.passwords[attacker])
            for key, (victim, _reason) in sorted(NAVIGATION.items()):
                model, method = self._split(key)
                records = victim(self)
                before = self._fingerprint()
                try:
                    result = self._rpc(records, method)
                except JsonRpcException as error:
                    if str(error) not in REFUSALS:
                        problems.append(f"{attacker}: {key} failed with {error}")
                    result = None
                if result is not None and not isinstance(result, (dict, list)):
                    problems.append(f"{attacker}: {key} returned {result!r:.120}")
                self.env.invalidate_all()
                changed = [table for table, digest in self._fingerprint().items() if before[table] != digest]
                if changed:
                    problems.append(f"{attacker}: {key} changed {', '.join(changed)}")
        self.assertFalse(problems, "\n" + "\n".join(problems))

    def test_decisions_only_through_their_actions(self):
        self.authenticate("sec_manager", self.passwords["manager"])
        problems = []
        for label, (victim, vals) in sorted(DECISIONS.items()):
            records = victim(self)
            before = self._fingerprint()
            try:
                self._rpc(records, "write", (vals,))
            except JsonRpcException as error:
                if str(error) != ACCESS_ERROR:
                    problems.append(f"{label}: refused with {error}, not {ACCESS_ERROR}")
                self.env.invalidate_all()
                changed = [table for table, digest in self._fingerprint().items() if before[table] != digest]
                if changed:
                    problems.append(f"{label}: the refused write changed {', '.join(changed)}")
            else:
                problems.append(f"{label}: a direct write of {sorted(vals)} on {records._name} was accepted")
        self.assertFalse(problems, "\n" + "\n".join(problems))
