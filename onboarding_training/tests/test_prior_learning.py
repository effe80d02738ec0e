from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import PNG_BYTES, OnboardingCase
from .exam import answer_exam
from .query_counting import QueryCounting


def noon(day):
    return datetime.combine(day, time(12, 0))


class PriorLearningSetup:
    """A hire who did the customer service program before: the culture handbook 13 months ago, the employee
    handbook and the back office task (with evidence, confirmed) 5 months ago; then they left."""

    @classmethod
    def _setup_prior_learning(cls):
        today = fields.Date.today()
        cls.old_day = today - relativedelta(months=13, days=2)
        cls.recent_day = today - relativedelta(months=5)
        Enrollment = cls.env["onboarding.enrollment"]
        with freeze_time(noon(cls.old_day)):
            cls.first = Enrollment._enroll(cls.hire, cls.program, start_date=cls.old_day)
            cls.first._refresh_locks()
            cls.task(cls.first, "Culture handbook").with_user(cls.hire_user).action_submit()
        with freeze_time(noon(cls.recent_day)):
            cls.first._refresh_locks()
            cls.task(cls.first, "Employee handbook").with_user(cls.hire_user).action_submit()
            basic = cls.task(cls.first, "Basic: back office")
            cls.proof = (
                cls.env["ir.attachment"]
                .with_user(cls.hire_user)
                .create({"name": "orders.png", "raw": PNG_BYTES, "res_model": "onboarding.task", "res_id": basic.id})
            )
            basic.with_user(cls.hire_user).write({"evidence_attachment_ids": [Command.link(cls.proof.id)]})
            basic.with_user(cls.hire_user).action_submit()
            basic.with_user(cls.mentor_user).action_confirm()
        cls.first.with_user(cls.officer_user).action_cancel()
        cls.original = {name: cls.task(cls.first, name) for name in ("Employee handbook", "Basic: back office")}


@tagged("post_install", "-at_install")
class TestPriorLearning(PriorLearningSetup, OnboardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_prior_learning()

    def _credited(self, enrollment):
        return enrollment.task_ids.filtered("credited_date")

    def test_rehire_gets_two_items_credited_with_the_original_dates(self):
        rehire = self.enroll()
        credited = self._credited(rehire)
        self.assertEqual(sorted(credited.mapped("name")), ["Basic: back office", "Employee handbook"])
        for name, original in self.original.items():
            task = self.task(rehire, name)
            self.assertEqual(task.state, "done")
            self.assertEqual(task.done_date, original.done_date)
            self.assertEqual(task.done_date.date(), self.recent_day)
            self.assertEqual(task.credit_source_task_id, original)
            self.assertEqual(task.credit_source_enrollment_id, self.first)
        # The evidence is the original's file, linked, not moved: it still proves the original task.
        basic = self.task(rehire, "Basic: back office")
        self.assertEqual(basic.evidence_attachment_ids, self.proof)
        self.assertEqual(
            (self.proof.res_model, self.proof.res_id), ("onboarding.task", self.original["Basic: back office"].id)
        )
        self.assertEqual(self.original["Basic: back office"].evidence_attachment_ids, self.proof)
        # 13 months ago is outside the 12 months of the default window.
        self.assertEqual(self.task(rehire, "Culture handbook").state, "todo")
        self.assertFalse(self.task(rehire, "Culture handbook").credited_date)
        # What the credit unlocks opens: the optional follow-up of the back office task.
        self.assertEqual(self.task(rehire, "Optional: complaints").state, "todo")
        self.assertEqual(rehire.completion_rate, 40.0)
        entries = self.env["onboarding.audit.log"].search(
            [("event", "=", "credit"), ("res_model", "=", "onboarding.task"), ("res_id", "in", credited.ids)]
        )
        self.assertEqual(len(entries), 2)
        self.assertIn(
            str(self.original["Basic: back office"].done_date), entries.filtered(lambda e: e.res_id == basic.id).details
        )
        self.assertTrue(any("Credited from prior learning" in (m.body or "") for m in basic.message_ids))
        self.assertFalse(self.env["onboarding.audit.log"]._first_broken())

    def test_withdrawing_a_credit_reopens_it(self):
        rehire = self.enroll()
        handbook = self.task(rehire, "Employee handbook")
        with self.assertRaisesRegex(UserError, "reason"):
            handbook.with_user(self.officer_user).action_withdraw_credit("  ")
        wizard = Form(
            self.env["onboarding.task.credit.withdraw.wizard"]
            .with_user(self.officer_user)
            .with_context(**handbook.with_user(self.officer_user).action_open_withdraw_credit_wizard()["context"])
        )
        wizard.reason = "The handbook changed since: read the new edition."
        wizard.save().action_withdraw()
        self.assertEqual(handbook.state, "todo")
        self.assertFalse(handbook.done_date)
        self.assertFalse(handbook.credit_source_task_id)
        self.assertFalse(handbook.credited_date)
        self.assertEqual(self.task(rehire, "Basic: back office").state, "done", "the other credit stays")
        self.assertEqual(rehire.completion_rate, 20.0)
        original = self.original["Employee handbook"]
        self.assertEqual((original.state, original.done_date.date()), ("done", self.recent_day))
        entry = self.env["onboarding.audit.log"].search(
            [("event", "=", "withdraw_credit"), ("res_id", "=", handbook.id)]
        )
        self.assertEqual(entry.user_id, self.officer_user)
        self.assertIn("read the new edition", entry.details)
        self.assertTrue(any("read the new edition" in (m.body or "") for m in handbook.message_ids))
        # The hire does it again.
        handbook.with_user(self.hire_user).action_submit()
        self.assertEqual(handbook.state, "done")
        self.assertEqual(handbook.done_date.date(), fields.Date.today())

    def test_withdrawing_takes_the_evidence_back_and_locks_what_waits(self):
        rehire = self.enroll()
        basic = self.task(rehire, "Basic: back office")
        optional = self.task(rehire, "Optional: complaints")
        self.assertEqual(optional.state, "todo")
        basic.with_user(self.officer_user).action_withdraw_credit("Done in another shop's back office.")
        self.assertFalse(basic.evidence_attachment_ids)
        self.assertTrue(self.proof.exists())
        self.assertEqual(self.original["Basic: back office"].evidence_attachment_ids, self.proof)
        self.assertEqual(basic.score, 0.0)
        self.assertEqual(optional.state, "locked", "nothing was handed in for it: it waits for the back office again")
        self.assertEqual(optional.waiting_for, "Basic: back office")

    def test_window_setting(self):
        self.company.onboarding_credit_months = 14
        rehire = self.enroll()
        self.assertEqual(len(self._credited(rehire)), 3)
        self.assertEqual(self.task(rehire, "Culture handbook").done_date.date(), self.old_day)
        rehire.with_user(self.officer_user).action_cancel()
        self.company.onboarding_credit_months = 0
        self.assertFalse(self._credited(self.enroll()))
        with self.assertRaises(ValidationError):
            self.company.onboarding_credit_months = -1

    def test_only_officers_withdraw_and_never_their_own(self):
        rehire = self.enroll()
        handbook = self.task(rehire, "Employee handbook")
        for user in (self.hire_user, self.mentor_user, self.other_user):
            with self.assertRaises(AccessError):
                handbook.with_user(user).action_withdraw_credit("No.")
            with self.assertRaises(AccessError):
                handbook.with_user(user).action_open_withdraw_credit_wizard()
        self.assertEqual(handbook.state, "done")
        self.assertFalse(handbook.with_user(self.mentor_user).can_withdraw_credit)
        self.assertTrue(handbook.with_user(self.officer_user).can_withdraw_credit)
        with self.assertRaisesRegex(UserError, "not credited"):
            self.task(rehire, "Culture handbook").with_user(self.officer_user).action_withdraw_credit("Why not.")
        # An officer who is a rehire leaves their own credits to another officer.
        officer_employee = (
            self.env["hr.employee"]
            .with_context(onboarding_no_auto_enroll=True)
            .create({"name": "Olivia Officer", "user_id": self.officer_user.id})
        )
        past = self.enroll(officer_employee, start=self.START)
        self.task(past, "Employee handbook").sudo().action_submit()
        past.sudo().write({"state": "cancelled"})
        own = self.task(self.enroll(officer_employee), "Employee handbook")
        self.assertTrue(own.credited_date)
        with self.assertRaises(AccessError):
            own.with_user(self.officer_user).action_withdraw_credit("Mine.")

    def test_credit_fields_are_the_system_s(self):
        rehire = self.enroll()
        culture = self.task(rehire, "Culture handbook")
        for user in (self.officer_user, self.hire_user):
            with self.assertRaises(AccessError):
                culture.with_user(user).write({"credited_date": fields.Datetime.now()})
            with self.assertRaises(AccessError):
                culture.with_user(user).write({"credit_source_task_id": self.original["Employee handbook"].id})
        self.assertFalse(culture.credited_date)

    def test_a_credit_of_a_credit_goes_back_to_the_original(self):
        second = self.enroll()
        second.with_user(self.officer_user).action_cancel()
        third = self.enroll()
        task = self.task(third, "Basic: back office")
        self.assertEqual(task.credit_source_task_id, self.original["Basic: back office"])
        self.assertEqual(task.done_date, self.original["Basic: back office"].done_date)
        self.assertEqual(task.evidence_attachment_ids, self.proof)


@tagged("post_install", "-at_install")
class TestPriorExam(OnboardingCase):
    """An internal transfer: the same exam in another program is credited with its score; a failed one is not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def question(title):
            return Command.create(
                {
                    "title": title,
                    "question_type": "simple_choice",
                    "suggested_answer_ids": [
                        Command.create({"value": "Right", "is_correct": True, "answer_score": 1}),
                        Command.create({"value": "Wrong", "answer_score": 0}),
                    ],
                }
            )

        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "Customer service theory",
                "access_mode": "token",
                "users_login_required": True,
                "scoring_type": "scoring_with_answers",
                "certification": True,
                "scoring_success_min": 75,
                "is_attempts_limited": True,
                "attempts_limit": 1,
                "question_and_page_ids": [question("Refund window?"), question("First reply delay?")],
            }
        )
        cls.cs, cls.ops = (
            cls.env["onboarding.program"].create(
                {
                    "name": name,
                    "auto_enroll": False,
                    "hr_responsible_id": cls.officer_user.id,
                    "stage_ids": [
                        Command.create(
                            {
                                "name": "Month 1",
                                "start_offset_days": 0,
                                "deadline_offset_days": 30,
                                "item_ids": [
                                    Command.create(
                                        {"name": f"{name} exam", "item_type": "exam", "survey_id": cls.survey.id}
                                    ),
                                    Command.create({"name": f"{name} reviews", "item_type": "review"}),
                                ],
                            }
                        )
                    ],
                }
            )
            for name in ("Customer service", "Operations")
        )

    def _take_cs_exam(self, right_answers):
        first = self.enroll(program=self.cs, start=fields.Date.today())
        exam = first.task_ids.filtered(lambda t: t.item_type == "exam")
        answer_exam(self.env, exam, self.hire_user, right_answers)
        self.assertEqual(exam.state, "done")
        return exam

    def test_passed_exam_is_credited_with_its_score(self):
        exam = self._take_cs_exam(right_answers=2)
        transfer = self.enroll(program=self.ops)
        ops_exam = transfer.task_ids.filtered(lambda t: t.item_type == "exam")
        self.assertEqual(ops_exam.state, "done")
        self.assertEqual(ops_exam.credit_source_task_id, exam)
        self.assertEqual(ops_exam.score, 100.0)
        self.assertEqual(transfer.exam_score, 100.0)
        # Peer reviews are about one onboarding: never credited.
        self.assertEqual(transfer.task_ids.filtered(lambda t: t.item_type == "review").state, "todo")

    def test_failed_exam_is_not_credited(self):
        exam = self._take_cs_exam(right_answers=0)
        self.assertEqual(exam.score, 0.0)
        transfer = self.enroll(program=self.ops)
        self.assertFalse(transfer.task_ids.filtered("credited_date"))


@tagged("post_install", "-at_install")
class TestPriorLearningQueries(QueryCounting, OnboardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.batches = {
            size: Employee.create([{"name": f"Rehire {size}-{i}", "coach_id": cls.mentor.id} for i in range(size)])
            for size in (1, 2, 20)
        }
        past_day = fields.Date.today() - relativedelta(months=3)
        Enrollment = cls.env["onboarding.enrollment"]
        with freeze_time(noon(past_day)):
            past = Enrollment._enroll(
                cls.batches[1] | cls.batches[2] | cls.batches[20], cls.program, start_date=past_day
            )
            handbooks = past.task_ids.filtered(lambda t: t.name in ("Employee handbook", "Culture handbook"))
            handbooks.sudo().action_submit()
        past.sudo().write({"state": "cancelled"})

    def test_crediting_is_flat(self):
        """Re-enrolling 2 or 20 rehires with prior learning to credit costs the same queries."""
        enroll = self.env["onboarding.enrollment"]._enroll
        self.count_queries(enroll, self.batches[1], self.program, start_date=self.START)
        two = self.count_queries(enroll, self.batches[2], self.program, start_date=self.START)
        twenty = self.count_queries(enroll, self.batches[20], self.program, start_date=self.START)
        credited = self.env["onboarding.task"].search(
            [("employee_id", "in", self.batches[20].ids), ("credited_date", "!=", False)]
        )
        self.assertEqual(len(credited), 40)
        # The ORM splits INSERTs of more than 100 rows: 20 hires x 6 tasks.
        self.assertEqual(twenty - self.insert_batches(20 * 6) + self.insert_batches(2 * 6), two)
