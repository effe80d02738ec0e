"""Two companies: what belongs to company B stays out of reach of company A's users.

``B_RECORDS`` gives, for every model of the addons with a stored ``company_id`` (reports
included), a record of company B; the test fails if a model with a company has no entry. For each
of them, company A's onboarding officer and manager, and a manager who works for both companies
but has only A selected, must not find it, count it, group it, read it or write it. Selecting
both companies shows it again, which proves that the records are really there.

Wizards carry no company of their own: opened on company B's data by a user of company A, they
must not show that data either.
"""

from contextlib import closing

from security_world import ROLE_GROUPS, SecurityWorld, our_models

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

B_RECORDS = {
    "onboarding.program": (lambda c: c.program_b, {"sequence": 5}),
    "onboarding.program.stage": (lambda c: c.program_b.stage_ids[:1], {"sequence": 5}),
    "onboarding.program.item": (lambda c: c.item(c.program_b, "Handbook"), {"sequence": 5}),
    "onboarding.enrollment": (lambda c: c.enr["b"], {"practical_comment": "Seen from A."}),
    "onboarding.task": (lambda c: c.task("b", "Handbook"), {"note": "Seen from A."}),
    "onboarding.peer.review": (lambda c: c.review_done["b"], {"comment": "Seen from A."}),
    "onboarding.knowledge.document": (lambda c: c.doc_b, {"summary": "Seen from A."}),
    "onboarding.audit.log": (lambda c: c.audit["b"], {"record_name": "Seen from A."}),
    "onboarding.attendance.exemption": (lambda c: c.exemption["b"], {"reason": "Seen from A."}),
    "onboarding.attendance.miss": (lambda c: c.miss["b"], {"justification": "Seen from A."}),
    "onboarding.cohort.report": (
        lambda c: c.env["onboarding.cohort.report"].search([("enrollment_id", "=", c.enr["b"].id)]),
        {"headcount": 0},
    ),
    "onboarding.item.report": (
        lambda c: c.env["onboarding.item.report"].browse(c.task("b", "Handbook").id),
        {"task_count": 0},
    ),
    "onboarding.responsibility.report": (
        lambda c: c.env["onboarding.responsibility.report"].browse(c.task("b", "Back office").id),
        {"owned_count": 0},
    ),
    "onboarding.effectiveness.report": (
        lambda c: c.env["onboarding.effectiveness.report"].search([("company_id", "=", c.company_b.id)]),
        {"passed_count": 0},
    ),
    "onboarding.monthly.report": (lambda c: c.monthly_b, {"sent_date": False}),
    "onboarding.cohort.evaluation": (lambda c: c.evaluation_b, {"headcount": 0}),
    "onboarding.performance.metric.type": (lambda c: c.metric_type_b, {"description": "Seen from A."}),
    "onboarding.performance.metric": (lambda c: c.metric["b"], {"note": "Seen from A."}),
}


def models_with_company(env):
    return {
        name
        for name in our_models(env)
        if not env[name]._abstract
        and not env[name]._transient
        and name.startswith("onboarding.")
        and "company_id" in env[name]._fields
        and env[name]._fields["company_id"].store
    }


@tagged("post_install", "-at_install")
class TestMultiCompany(SecurityWorld, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_world()
        cls.both = new_test_user(
            cls.env,
            "sec_two_shops",
            groups=ROLE_GROUPS["manager"],
            name="Tess Two-Shops",
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )
        only_a = {"allowed_company_ids": cls.company_a.ids}
        cls.a_users = {
            "officer of A": cls.env(user=cls.users["officer"]),
            "manager of A": cls.env(user=cls.users["manager"]),
            "manager of A and B, A selected": cls.env(user=cls.both, context=dict(cls.env.context, **only_a)),
        }
        cls.env_both = cls.env(
            user=cls.both, context=dict(cls.env.context, allowed_company_ids=(cls.company_a | cls.company_b).ids)
        )

    def test_every_model_with_a_company_has_a_record_of_b(self):
        self.assertEqual(models_with_company(self.env), set(B_RECORDS))
        for model, (record, _vals) in B_RECORDS.items():
            rec = record(self)
            self.assertEqual(len(rec), 1, model)
            self.assertEqual(rec.company_id, self.company_b, model)

    def test_b_is_out_of_reach_of_a(self):
        problems = []
        for model, (record, vals) in sorted(B_RECORDS.items()):
            b_record = record(self)
            for who, env in self.a_users.items():
                problems += [f"{model}, {who}: {p}" for p in self._reach(env, b_record, vals)]
        self.assertFalse(problems, "\n" + "\n".join(problems))

    def test_b_is_visible_with_both_companies_selected(self):
        """The control: the same user sees B's records once B is selected (reports and config included)."""
        hidden = []
        for model, (record, _vals) in sorted(B_RECORDS.items()):
            b_record = record(self)
            Model = self.env_both[model].with_context(active_test=False)
            if not Model.has_access("read"):
                continue
            if not Model.search([("id", "=", b_record.id)]):
                hidden.append(model)
        self.assertFalse(hidden, f"B's records stay hidden with B selected: {hidden}")

    def _reach(self, env, b_record, vals):
        """What `env`'s user can do with `b_record`; an empty list when nothing."""
        problems = []
        Model = env[b_record._name].with_context(active_test=False)
        if not Model.has_access("read"):
            return problems  # no access to the model at all: nothing to leak
        if Model.search([("id", "=", b_record.id)]):
            problems.append("search finds it")
        if Model.search_count([("company_id", "=", self.company_b.id)]):
            problems.append("search_count counts B's records")
        groups = Model._read_group([], ["company_id"], ["__count"])
        if any(company == self.company_b for company, _count in groups):
            problems.append("read_group shows a group for B")
        if b_record.id in [row[0] for row in Model.name_search("", limit=1000)]:
            problems.append("name_search lists it")
        try:
            b_record.with_env(env).read(["company_id"])
            problems.append("read works")
        except AccessError:
            pass
        with closing(env.cr.savepoint()):
            try:
                b_record.with_env(env).write(vals)
                env.flush_all()
                problems.append("write works")
            except AccessError:
                pass
        env.invalidate_all()
        return problems

    def _wizard_shows(self, env, model, vals, fields):
        """Values that a wizard opened by `env`'s user on B's data shows, as {field: value}."""
        with closing(env.cr.savepoint()):
            try:
                wizard = env[model].create(vals)
                env.flush_all()
                shown = wizard.read(fields)[0]
                if shown.get("line_ids"):
                    # Who is on the sheet, as the user reads it.
                    shown["line_ids"] = [line["employee_id"] for line in wizard.line_ids.read(["employee_id"])]
            except (AccessError, UserError):
                return {}
            finally:
                env.invalidate_all()
        return {name: shown[name] for name in fields if shown[name]}

    def test_peer_review_invitation_does_not_show_b(self):
        shown = self._wizard_shows(
            self.a_users["officer of A"],
            "onboarding.peer.review.invite.wizard",
            {"enrollment_id": self.enr["b"].id},
            ["employee_id", "company_id", "invited_count"],
        )
        self.assertFalse(shown, "a peer review invitation opened on B's enrollment shows B's data")
        # The control: opened by the mentor on their own hire, the invitation shows who it is about.
        own = self._wizard_shows(
            self.env(user=self.users["mentor"]),
            "onboarding.peer.review.invite.wizard",
            {"enrollment_id": self.enr["employee"].id},
            ["employee_id", "invited_count"],
        )
        self.assertEqual(
            own, {"employee_id": (self.emp["employee"].id, self.emp["employee"].display_name), "invited_count": 1}
        )

    def test_signin_sheet_does_not_show_b(self):
        shown = self._wizard_shows(
            self.a_users["officer of A"],
            "onboarding.session.signin.wizard",
            {
                "item_id": self.item(self.program_b, "Orientation").id,
                "session_date": self.task("b", "Orientation").deadline,
            },
            ["line_ids"],
        )
        self.assertFalse(shown, "a sign-in sheet opened on B's session lists B's hires")
        # The control: the sheet of A's own session lists A's hires.
        own = self._wizard_shows(
            self.a_users["officer of A"],
            "onboarding.session.signin.wizard",
            {
                "item_id": self.item(self.program_a, "Orientation").id,
                "session_date": self.task("employee", "Orientation").deadline,
            },
            ["line_ids"],
        )
        self.assertIn((self.emp["employee"].id, self.emp["employee"].display_name), own.get("line_ids", []))
