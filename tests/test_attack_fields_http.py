"""Finding 4 over HTTP: the requests an attacker really sends to set what only the system may set.

An onboarding officer who is in onboarding themself tries to lift their own attendance gate by
writing the stored flags the gate reads (``/web/dataset/call_kw/.../write``), then checks in from the
systray; officers try to create a task that is already done, to copy one with a done state, to import
an enrollment with its completion rate, or to slip a result in through the defaults of a context.
Every request must be refused, the check-in too, and the database must be as it was.
"""

import json

from security_world import SecurityWorld

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import SQL

ACCESS_ERROR = "odoo.exceptions.AccessError"
BLOCKED_ERROR = "odoo.addons.hr_attendance_gate.exceptions.AttendanceBlockedError"
WATCHED_TABLES = (
    "onboarding_enrollment",
    "onboarding_task",
    "hr_employee",
    "hr_attendance",
    "onboarding_attendance_exemption",
    "onboarding_audit_log",
)


@tagged("post_install", "-at_install")
class TestAttackFieldsHttp(SecurityWorld, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_world()
        cls.own = cls.enr["officer"]
        cls.own_employee = cls.emp["officer"]
        cls.peer_task = cls.task("peer", "Handbook")
        cls.env["ir.model.data"].create(
            {
                "module": "__attack__",
                "name": "peer_enrollment",
                "model": cls.enr["peer"]._name,
                "res_id": cls.enr["peer"].id,
            }
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def fingerprint(self):
        self.env.flush_all()
        digests = {}
        for table in WATCHED_TABLES:
            self.env.cr.execute(
                SQL("SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM %s t", SQL.identifier(table))
            )
            digests[table] = self.env.cr.fetchone()[0]
        return digests

    def assertRefused(self, model, method, args, kwargs=None, error=ACCESS_ERROR):
        before = self.fingerprint()
        with self.assertRaises(JsonRpcException) as caught:
            self.call_kw(model, method, args, kwargs)
        self.assertEqual(str(caught.exception), error, f"{model}.{method}{args!r:.100}")
        self.env.invalidate_all()
        self.assertEqual(self.fingerprint(), before, f"{model}.{method} was refused but changed the database")

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_officer_cannot_lift_their_own_gate(self):
        """The reproduced finding: write the flags the gate reads, then check in. Both refused."""
        self.assertTrue(self.own.preboarding_pending)
        self.assertTrue(self.own_employee.attendance_blocked)
        self.authenticate("sec_officer", self.passwords["officer"])
        self.assertRefused("onboarding.enrollment", "write", [self.own.ids, {"preboarding_pending": False}])
        self.assertRefused("hr.employee", "write", [self.own_employee.ids, {"attendance_blocked": False}])
        self.assertRefused("hr.employee", "write", [self.own_employee.ids, {"onboarding_state": "training"}])
        handbook = self.task("officer", "Handbook")
        for vals in ({"required": False}, {"blocks_attendance": False}, {"state": "done"}, {"signed_in": True}):
            self.assertRefused("onboarding.task", "write", [handbook.ids, vals])
        # Deleting the blocking tasks would lift the gate just as well.
        self.assertRefused("onboarding.task", "unlink", [self.own.task_ids.ids], error="odoo.exceptions.UserError")
        # An officer may change who follows the others, never their own onboarding.
        self.assertRefused("onboarding.enrollment", "write", [self.own.ids, {"mentor_id": self.emp["mentor"].id}])
        before = self.fingerprint()
        with self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request("/hr_attendance/systray_check_in_out", {})
        self.assertEqual(str(caught.exception), BLOCKED_ERROR)
        self.env.invalidate_all()
        self.assertEqual(self.fingerprint(), before)
        self.assertFalse(self.env["hr.attendance"].search([("employee_id", "=", self.own_employee.id)]))
        self.assertTrue(self.own.preboarding_pending)

    def test_task_created_done_refused(self):
        self.authenticate("sec_officer", self.passwords["officer"])
        vals = {
            "enrollment_id": self.enr["peer"].id,
            "item_id": self.item(self.program_a, "Culture").id,
            "deadline": fields.Date.to_string(self.today),
            "state": "done",
            "score": 100,
        }
        self.assertRefused("onboarding.task", "create", [vals])
        # Not even an empty task: tasks come from the program when an enrollment starts.
        self.assertRefused(
            "onboarding.task", "create", [{k: vals[k] for k in ("enrollment_id", "item_id", "deadline")}]
        )
        self.assertRefused("onboarding.task", "create", [vals], {"context": {"default_state": "done"}})

    def test_copy_with_a_done_state_refused(self):
        self.authenticate("sec_officer", self.passwords["officer"])
        self.assertRefused("onboarding.task", "copy", [self.peer_task.ids], {"default": {"state": "done"}})
        self.assertRefused("onboarding.task", "copy", [self.peer_task.ids])
        self.assertRefused("onboarding.enrollment", "copy", [self.enr["peer"].ids], {"default": {"state": "passed"}})

    def test_context_defaults_cannot_carry_a_result(self):
        """An officer creating an enrollment for a newcomer may; not one born passed through a default."""
        self.authenticate("sec_officer", self.passwords["officer"])
        vals = {"employee_id": self.emp["peer"].id, "program_id": self.program_a2.id}
        for key, value in (("state", "passed"), ("final_score", 100.0), ("completion_rate", 100.0)):
            self.assertRefused("onboarding.enrollment", "create", [vals], {"context": {f"default_{key}": value}})
        created = self.call_kw("onboarding.enrollment", "create", [vals])
        self.assertEqual(self.env["onboarding.enrollment"].browse(created).state, "draft")

    def test_import_with_completion_rate_refused(self):
        """An import goes through create and write: a completion rate in it is refused, nothing is imported."""
        self.authenticate("sec_officer", self.passwords["officer"])
        Enrollment = self.env["onboarding.enrollment"]
        count = Enrollment.search_count([])
        before = self.fingerprint()
        new_rows = [[str(self.emp["peer"].id), str(self.program_a2.id), "100"]]
        result = self.call_kw(
            "onboarding.enrollment", "load", [["employee_id/.id", "program_id/.id", "completion_rate"], new_rows]
        )
        self.assertFalse(result["ids"], "the import created an enrollment")
        self.assertTrue([m for m in result["messages"] if m["type"] == "error"])
        update = self.call_kw(
            "onboarding.enrollment",
            "load",
            [["id", "completion_rate", "preboarding_pending"], [["__attack__.peer_enrollment", "100", "0"]]],
        )
        self.assertFalse(update["ids"], "the import updated the enrollment")
        self.assertIn("Completion Rate", json.dumps(update["messages"]))
        self.env.invalidate_all()
        self.assertEqual(Enrollment.search_count([]), count)
        self.assertEqual(self.fingerprint(), before)
