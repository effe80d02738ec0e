import json
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .test_assessment import AssessmentSetup

REVIEW = "onboarding.peer.review"
REVIEWER = "onboarding.peer.reviewer"
# A colleague's answer: the only values that may differ between the published reviews of one round.
CONTENT_FIELDS = {"score", "comment"}
# Per colleague (index into the reviewers), the answer they give in every round.
ANSWERS = [
    (62.0, "Slow with refunds, kind with buyers."),
    (71.0, "Learns the back office fast."),
    (80.0, "Calm on the phone."),
    (88.0, "Helps the others at peak time."),
    (95.0, "Already trains newcomers."),
]
# Four rounds, one per hire: the colleagues are invited one at a time, a day apart, each time with the
# deadline given (days from the first invitation), then answer one a day in the order given.
ROUNDS = [
    {"invite": [0, 1, 2, 3, 4], "deadlines": [20, 18, 25, 21, 30], "answer": [2, 0, 3, 1, 4], "drafts": [1, 4]},
    {"invite": [4, 3, 2, 1, 0], "deadlines": [20, 20, 20, 20, 20], "answer": [4, 1, 3, 2, 0], "drafts": [0]},
    {"invite": [2, 0, 4, 1, 3], "deadlines": [15, 15, 22, 22, 22], "answer": [0, 1, 2, 3, 4], "drafts": []},
    {"invite": [1, 3, 0, 4, 2], "deadlines": [30, 20, 25, 15, 20], "answer": [3, 4, 0, 2, 1], "drafts": [2, 3]},
]


@tagged("post_install", "-at_install")
class TestPeerReviewAnonymity(AssessmentSetup, HttpCase):
    """Nobody around the reviewee can tell who wrote which review: not by a field, the order of the records,
    a date, a deadline, the language or author of a chatter entry; through no screen, export or RPC call."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_assessment()
        env = cls.env
        Employee = env["hr.employee"].with_context(onboarding_no_auto_enroll=True)

        def user(login, name, groups="base.group_user"):
            return new_test_user(env, login, groups=groups, name=name, context={"no_reset_password": True})

        fifth = user("asm_reviewer5", "Rita Reviewer5")
        cls.reviewer_users = [*cls.reviewer_users, fifth]
        cls.reviewers |= Employee.create({"name": fifth.name, "user_id": fifth.id, "parent_id": cls.manager.id})
        # The fifth colleague reads Chinese: nothing published may come out in their language.
        env["res.lang"]._activate_lang("zh_CN")
        fifth.lang = "zh_CN"
        hire_users = [user(f"asm_hire{n}", f"Hugo Hire{n}") for n in range(2, 5)]
        others = Employee.create(
            [
                {"name": u.name, "user_id": u.id, "parent_id": cls.manager.id, "coach_id": cls.mentor.id}
                for u in hire_users
            ]
        )
        Enrollment = env["onboarding.enrollment"]
        cls.rounds = cls.enrollment | Enrollment._enroll(others, cls.program, start_date=fields.Date.today())
        export = env.ref("base.group_allow_export")
        (cls.manager_user | cls.officer_user | cls.hire_user).write({"groups_id": [Command.link(export.id)]})

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def observers(self, enrollment):
        """Who is around the reviewee: the manager, who invites, HR, the mentor and the reviewee themself."""
        return {
            "manager (inviter)": self.manager_user,
            "officer": self.officer_user,
            "mentor": self.mentor_user,
            "reviewee": enrollment.employee_id.user_id,
        }

    def invite(self, enrollment, index, deadline, user=None):
        wizard = (
            self.env["onboarding.peer.review.invite.wizard"]
            .with_user(user or self.manager_user)
            .create(
                {
                    "enrollment_id": enrollment.id,
                    "reviewer_ids": [Command.set(self.reviewers[index].ids)],
                    "deadline": deadline,
                }
            )
        )
        wizard.action_invite()

    def my_line(self, enrollment, index):
        Line = self.env[REVIEWER].with_user(self.reviewer_users[index])
        return Line.search([("enrollment_id", "=", enrollment.id)])

    def answer(self, enrollment, index, draft=False):
        line = self.my_line(enrollment, index)
        if draft:
            line.write({"score": 10.0, "comment": "First thoughts, to be rewritten."})
        score, comment = ANSWERS[index]
        line.write({"score": score, "comment": comment})
        line.action_submit_review()
        return line

    def run_round(self, enrollment, spec):
        start = fields.Date.today()
        for day, (index, offset) in enumerate(zip(spec["invite"], spec["deadlines"], strict=True)):
            with freeze_time(start + timedelta(days=day)):
                self.invite(enrollment, index, start + timedelta(days=offset))
        for day, index in enumerate(spec["answer"], start=len(spec["invite"])):
            with freeze_time(start + timedelta(days=day)):
                self.answer(enrollment, index, draft=index in spec["drafts"])

    def published_rows(self, user, enrollment):
        """Every field of the published reviews the user may read, for every review of the enrollment."""
        Review = self.env[REVIEW].with_user(user)
        names = Review.check_field_access_rights("read", None)
        self.assertEqual(set(names), set(Review._fields), "no field of a review is hidden from them")
        return Review.search([("enrollment_id", "=", enrollment.id)]).read(names)

    def assertNothingButContentDiffers(self, rows, label):
        """Within one round, every readable value other than the id, the score and the comment is the same."""
        self.assertEqual(len(rows), len(ANSWERS), label)
        for name in rows[0]:
            if name in CONTENT_FIELDS or name == "id":
                continue
            values = {json.dumps(row[name], default=str, sort_keys=True) for row in rows}
            self.assertEqual(len(values), 1, f"{label}: {name} tells the reviews of one round apart")
        self.assertEqual(sorted((row["score"], row["comment"]) for row in rows), sorted(ANSWERS), label)

    def assertLinesUnreadable(self, user, lines, label):
        """Not one field of anybody else's invitation line, by search, count, group or read."""
        Line = self.env[REVIEWER].with_user(user)
        self.assertFalse(Line.search([]), label)
        self.assertEqual(Line.search_count([]), 0, label)
        self.assertEqual(Line._read_group([], ["enrollment_id"], ["__count"]), [], label)
        for name in Line._fields:
            with self.subTest(label=label, field=name), self.assertRaises(AccessError):
                lines.with_user(user).read([name])

    def reviewer_ids_in_id_order(self, enrollment):
        reviews = self.env[REVIEW].search([("enrollment_id", "=", enrollment.id)], order="id")
        return [ANSWERS.index((review.score, review.comment)) for review in reviews]

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_one_by_one_invitations_cannot_be_paired(self):
        """Five colleagues invited one at a time, with different or equal deadlines, answer in another order:
        whatever the people around the reviewee read, the published reviews of a round differ by their content
        only, and their order follows neither the invitations nor the answers."""
        for enrollment, spec in zip(self.rounds, ROUNDS, strict=True):
            self.run_round(enrollment, spec)
            self.assertTrue(enrollment.peer_score_available, "the last answer published the round")
            lines = self.env[REVIEWER].sudo().search([("enrollment_id", "=", enrollment.id)])
            self.assertEqual(set(lines.mapped("state")), {"published"})
            self.assertEqual(set(lines.mapped("comment")), {False}, "no answer is kept beside its author")
            self.assertEqual(set(lines.mapped("score")), {0.0})
            self.assertEqual(len(set(lines.mapped("deadline"))), 1, "the round has one deadline")
            for label, user in self.observers(enrollment).items():
                label = f"{enrollment.employee_id.name}, {label}"
                self.assertNothingButContentDiffers(self.published_rows(user, enrollment), label)
                self.assertLinesUnreadable(user, lines, label)
                figures = enrollment.with_user(user).read(["peer_review_deadline", "peer_review_done_count"])[0]
                self.assertEqual(figures["peer_review_done_count"], len(ANSWERS), label)
                self.assertEqual(
                    figures["peer_review_deadline"],
                    fields.Date.today() + timedelta(days=spec["deadlines"][-1]),
                    f"{label}: the last deadline given is the round's",
                )
            self.assertEqual(enrollment.peer_score, 79.2)
            review_task = enrollment.task_ids.filtered(lambda t: t.item_type == "review")
            self.assertEqual((review_task.state, review_task.score), ("done", 79.2))
        by_id = [self.reviewer_ids_in_id_order(enrollment) for enrollment in self.rounds]
        self.assertNotEqual(by_id, [spec["invite"] for spec in ROUNDS], "ids follow the invitations")
        self.assertNotEqual(by_id, [spec["answer"] for spec in ROUNDS], "ids follow the answers")
        self.assertGreater(len({tuple(order) for order in by_id}), 1, "the same order every round")
        self._check_traces()

    def _check_traces(self):
        """Chatter, followers, activities and mails name no colleague; the publication note is the system's,
        in the company's language, whoever answered last (a colleague reading Chinese in the first round)."""
        reviewer_partners = self.reviewers.user_id.partner_id
        names = self.reviewers.mapped("name")
        invitations = self.env["mail.mail"].sudo().search([("recipient_ids", "in", reviewer_partners.ids)])
        self.assertEqual(len(invitations), len(ANSWERS) * len(ROUNDS))
        notes = []
        for enrollment in self.rounds:
            for label, user in self.observers(enrollment).items():
                messages = (
                    self.env["mail.message"]
                    .with_user(user)
                    .search([("model", "=", "onboarding.enrollment"), ("res_id", "=", enrollment.id)])
                )
                for message in messages.sudo():
                    self.assertFalse(message.author_id & reviewer_partners, label)
                    self.assertFalse(message.partner_ids & reviewer_partners, label)
                    self.assertFalse([name for name in names if name in message.body], label)
                if label != "manager (inviter)":
                    readable = (
                        self.env["mail.message"].with_user(user).search([("id", "in", invitations.mail_message_id.ids)])
                    )
                    self.assertFalse(readable, f"{label} reads the invitation mails")
            self.assertFalse(enrollment.message_partner_ids & reviewer_partners, "a colleague follows the hire")
            published = enrollment.message_ids.filtered(lambda m: "were published" in (m.body or ""))
            self.assertEqual(published.author_id, self.env.ref("base.partner_root"))
            notes.append(published.body)
        self.assertEqual(len(set(notes)), 1, "the publication note says the same whoever answered last")
        activities = self.env["mail.activity"].search(
            ["|", ("res_model", "in", (REVIEW, REVIEWER)), ("user_id", "in", self.reviewers.user_id.ids)]
        )
        self.assertFalse(activities)

    def test_drafts_late_additions_and_late_answers(self):
        """A draft is its author's alone; colleagues added later join the same round and its one deadline;
        once published, a round takes no late answer and no new colleague, so nothing stands out later."""
        today = fields.Date.today()
        enrollment = self.enrollment
        self.invite(enrollment, 0, today + timedelta(days=5))
        self.invite(enrollment, 1, today + timedelta(days=6))
        draft = self.my_line(enrollment, 0)
        draft.write({"score": 40.0, "comment": "Draft nobody else may read."})
        self.assertEqual(self.my_line(enrollment, 0).comment, "Draft nobody else may read.")
        for label, user in {**self.observers(enrollment), "other colleague": self.reviewer_users[1]}.items():
            with self.subTest(label), self.assertRaises(AccessError):
                draft.with_user(user).read(["score", "comment"])
            with self.assertRaises(AccessError):
                draft.with_user(user).write({"comment": "Rewritten by someone else."})
        self.assertEqual(enrollment.peer_review_done_count, 0, "a draft is not an answer")
        # Later additions to the open round: one deadline for all, the latest given.
        self.invite(enrollment, 2, today + timedelta(days=9))
        self.invite(enrollment, 3, today + timedelta(days=9))
        lines = self.env[REVIEWER].sudo().search([("enrollment_id", "=", enrollment.id)])
        self.assertEqual(set(lines.mapped("deadline")), {today + timedelta(days=9)})
        for index in (0, 1, 2):
            self.answer(enrollment, index)
        self.assertFalse(self.env[REVIEW].search([("enrollment_id", "=", enrollment.id)]), "one colleague is missing")
        for user in self.observers(enrollment).values():
            self.assertFalse(self.env[REVIEW].with_user(user).search([("enrollment_id", "=", enrollment.id)]))
            self.assertFalse(enrollment.with_user(user).peer_score_available)
        # The fourth draft, never handed in, stays its author's until the deadline passes.
        self.my_line(enrollment, 3).write({"score": 12.0, "comment": "Unfinished."})
        with freeze_time(today + timedelta(days=10)):
            self.env[REVIEWER]._cron_publish_due_rounds()
        reviews = self.env[REVIEW].search([("enrollment_id", "=", enrollment.id)])
        self.assertEqual(sorted(reviews.mapped("score")), [62.0, 71.0, 80.0], "the handed-in answers only")
        self.assertEqual(lines.mapped("state"), ["published", "published", "published", "closed"])
        self.assertEqual(set(lines.mapped("comment")), {False}, "the unfinished draft is dropped")
        self.assertEqual(self.review_task.state, "done")

        before = reviews.read(["score", "comment"])
        mails = self.env["mail.mail"].sudo().search_count([])
        late = self.my_line(enrollment, 3)
        with self.assertRaises(UserError):
            late.write({"score": 90.0, "comment": "Sorry, I am late."})
        with self.assertRaises(UserError):
            late.action_submit_review()
        with self.assertRaises(UserError):
            late.sudo().with_user(self.reviewer_users[3])._submit(90.0, "Sorry, I am late.")
        with self.assertRaises(UserError):
            self.invite(enrollment, 4, today + timedelta(days=12))
        self.assertEqual(
            self.env[REVIEW].search([("enrollment_id", "=", enrollment.id)]).read(["score", "comment"]), before
        )
        self.assertEqual(self.env[REVIEWER].sudo().search_count([("enrollment_id", "=", enrollment.id)]), 4)
        self.assertEqual(self.env["mail.mail"].sudo().search_count([]), mails, "nobody was invited")
        self.assertEqual((late.sudo().state, late.sudo().comment), ("closed", False))

    def test_round_past_its_deadline_waits_for_the_minimum(self):
        """Two answers of the three required are never published, deadline or not; a late third one is."""
        today = fields.Date.today()
        for index in (0, 1, 2, 3):
            self.invite(self.enrollment, index, today + timedelta(days=3))
        self.answer(self.enrollment, 0)
        self.answer(self.enrollment, 1)
        with freeze_time(today + timedelta(days=4)):
            self.env[REVIEWER]._cron_publish_due_rounds()
            self.assertFalse(self.enrollment.peer_review_ids, "two answers could be attributed")
            self.answer(self.enrollment, 2)
        self.assertEqual(len(self.enrollment.peer_review_ids), 3, "the third answer closed the round")
        self.assertEqual(self.enrollment.peer_score, 71.0)

    def test_readers_of_the_reviews_cannot_write_one(self):
        """The hire's managers, mentor and HR read the published reviews: none of them may be a reviewer, or
        leaving out their own review they could tell whose the others are."""
        Employee = self.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        hr_employee = Employee.create({"name": "Olivia HR", "user_id": self.officer_user.id})
        mails = self.env["mail.mail"].sudo().search_count([])
        for label, inviter, employee in (
            ("the manager, inviting themself", self.manager_user, self.manager),
            ("the manager, invited by HR", self.officer_user, self.manager),
            ("the mentor", self.manager_user, self.mentor),
            ("an HR officer", self.manager_user, hr_employee),
        ):
            wizard = (
                self.env["onboarding.peer.review.invite.wizard"]
                .with_user(inviter)
                .create(
                    {
                        "enrollment_id": self.enrollment.id,
                        "reviewer_ids": [Command.set((employee | self.reviewers[:2]).ids)],
                    }
                )
            )
            with self.subTest(label), self.assertRaises(UserError) as refused:
                wizard.action_invite()
            self.assertIn(employee.user_id.name, str(refused.exception))
        self.assertFalse(self.env[REVIEWER].sudo().search([("enrollment_id", "=", self.enrollment.id)]))
        self.assertEqual(self.env["mail.mail"].sudo().search_count([]), mails, "nobody was invited")

    def test_reviewer_sees_and_changes_their_own_line_only(self):
        self.invite(self.enrollment, 0, fields.Date.today() + timedelta(days=7))
        self.invite(self.enrollment, 1, fields.Date.today() + timedelta(days=7))
        mine, theirs = self.my_line(self.enrollment, 0), self.my_line(self.enrollment, 1)
        self.assertEqual(len(mine), 1)
        with self.assertRaises(AccessError):
            theirs.with_user(self.reviewer_users[0]).write({"score": 0.0})
        with self.assertRaises(AccessError):
            mine.write({"deadline": fields.Date.today() + timedelta(days=30)})
        with self.assertRaises(AccessError):
            mine.write({"state": "done"})
        self.answer(self.enrollment, 0)
        with self.assertRaises(UserError):
            mine.action_submit_review()
        with self.assertRaises(UserError):
            mine.write({"comment": "Changed my mind."})
        self.assertEqual(mine.comment, ANSWERS[0][1])

    def test_no_pairing_over_rpc(self):
        """The reviewee and the manager, over /web/dataset/call_kw: search_read, read, read_group, export_data."""
        self.run_round(self.enrollment, ROUNDS[0])
        lines = self.env[REVIEWER].sudo().search([("enrollment_id", "=", self.enrollment.id)])
        for login in ("asm_hire", "asm_manager"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                self._check_rpc_surface(lines)

    def rpc(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def assertNoReviewer(self, payload):
        text = json.dumps(payload, default=str)
        for user in self.reviewers.user_id:
            self.assertNotIn(user.name, text)
            self.assertNotIn(user.login, text)

    def _check_rpc_surface(self, lines):
        fields_info = self.rpc(REVIEW, "fields_get", attributes=["type", "groupable", "exportable"])
        self.assertEqual(set(fields_info), set(self.env[REVIEW]._fields))
        names = list(fields_info)
        rows = self.rpc(REVIEW, "search_read", [("enrollment_id", "=", self.enrollment.id)], names)
        self.assertNothingButContentDiffers(rows, "search_read")
        self.assertNoReviewer(rows)
        ids = [row["id"] for row in rows]
        self.assertNothingButContentDiffers(self.rpc(REVIEW, "read", ids, names), "read")
        exported = [name for name, info in fields_info.items() if info.get("exportable", True) and name != "id"]
        datas = self.rpc(REVIEW, "export_data", ids, exported)["datas"]
        self.assertNothingButContentDiffers([dict(zip(exported, row, strict=True)) for row in datas], "export")
        self.assertNoReviewer(datas)
        for name, info in fields_info.items():
            if info.get("groupable"):
                groups = self.rpc(REVIEW, "read_group", [], ["score:avg"], [name], lazy=False)
                self.assertNoReviewer(groups)
                if name not in CONTENT_FIELDS | {"id"}:
                    self.assertEqual(len(groups), 1, f"grouping by {name} splits the round")
        # The invitation lines: nothing found, nothing readable.
        self.assertEqual(self.rpc(REVIEWER, "search_read", [], ["user_id", "score", "comment", "deadline"]), [])
        self.assertEqual(self.rpc(REVIEWER, "search_count", []), 0)
        self.assertEqual(self.rpc(REVIEWER, "read_group", [], ["deadline:max"], ["user_id"], lazy=False), [])
        for method, args in (("read", (lines.ids, ["user_id"])), ("export_data", (lines.ids, ["user_id", "comment"]))):
            with self.subTest(method=method), self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
                self.rpc(REVIEWER, method, *args)
        enrollment = self.rpc("onboarding.enrollment", "read", [self.enrollment.id], [])
        self.assertEqual(enrollment[0]["peer_score"], 79.2)
        self.assertNoReviewer(enrollment)
