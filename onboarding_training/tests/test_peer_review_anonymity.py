import json

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .test_assessment import AssessmentSetup

REVIEWER_LIKE_FIELDS = ("reviewer_id", "reviewer_ids", "user_id", "partner_id", "author_id", "create_uid", "write_uid")


@tagged("post_install", "-at_install")
class TestPeerReviewAnonymity(AssessmentSetup, HttpCase):
    """Nobody around the reviewee learns who wrote which review: not through any screen, export or RPC call."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_assessment()
        cls.invited = cls.reviewers[:3]
        # Exporting is allowed to them, so that the export really is one more way to try.
        export = cls.env.ref("base.group_allow_export")
        (cls.manager_user | cls.officer_user).write({"groups_id": [Command.link(export.id)]})

    def rpc(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def assertNoReviewer(self, payload):
        text = json.dumps(payload, default=str)
        for user in self.invited.user_id:
            self.assertNotIn(user.name, text)
            self.assertNotIn(user.login, text)

    def test_reviews_stay_hidden_until_the_minimum_is_done(self):
        self.invite_reviewers(self.enrollment, self.invited)
        for user, score in zip(self.invited.user_id[:2], (60, 90), strict=True):
            self.submit_review(user, score)
        for user in (self.manager_user, self.officer_user, self.hire_user):
            Review = self.env["onboarding.peer.review"].with_user(user)
            self.assertFalse(Review.search([]), "two reviews could be attributed: none is shown")
            self.assertEqual(self.enrollment.with_user(user).peer_score, 0)
        self.assertEqual(self.enrollment.with_user(self.officer_user).peer_review_done_count, 2)
        # A reviewer sees their own review only, and cannot hand it in twice.
        first = self.env["onboarding.peer.review"].with_user(self.invited.user_id[0])
        self.assertEqual(len(first.search([])), 1)
        with self.assertRaises(UserError):
            first.search([]).action_submit_review()
        third = self.env["onboarding.peer.review"].with_user(self.invited.user_id[2])
        with self.assertRaises(AccessError):
            third.browse(first.search([]).id).write({"score": 0})
        with self.assertRaises(AccessError):
            self.env["onboarding.peer.reviewer"].with_user(self.officer_user).search([])

    def test_no_reviewer_identity_over_rpc(self):
        self.invite_reviewers(self.enrollment, self.invited, user=self.manager_user)
        for user, score in zip(self.invited.user_id, (60, 90, 75), strict=True):
            self.submit_review(user, score)
        for login in ("asm_manager", "asm_officer"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                self._check_rpc_surface()

    def _check_rpc_surface(self):
        model = "onboarding.peer.review"
        fields_info = self.rpc(model, "fields_get", attributes=["type", "relation", "store", "groupable"])
        people_fields = {
            name: info["relation"]
            for name, info in fields_info.items()
            if info.get("relation") in ("res.users", "res.partner", "hr.employee", "onboarding.peer.reviewer")
        }
        self.assertEqual(people_fields, {"employee_id": "hr.employee"}, "the reviewee is the only person named")
        self.assertFalse(set(REVIEWER_LIKE_FIELDS) & set(fields_info))

        all_fields = list(fields_info)
        records = self.rpc(model, "search_read", [], all_fields)
        self.assertEqual(len(records), 3)
        self.assertEqual(sorted(r["score"] for r in records), [60, 75, 90], "scores and comments are readable")
        self.assertEqual({r["employee_id"][0] for r in records}, {self.hire.id})
        self.assertNoReviewer(records)
        self.assertNoReviewer(self.rpc(model, "read", [r["id"] for r in records], all_fields))
        self.assertNoReviewer(self.rpc(model, "export_data", [r["id"] for r in records], all_fields))
        for name, info in fields_info.items():
            if info.get("groupable"):
                groups = self.rpc(model, "read_group", [], ["score:avg"], [name], lazy=False)
                self.assertNoReviewer(groups)
        for name in REVIEWER_LIKE_FIELDS:
            with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
                self.rpc(model, "search_read", [(name, "=", self.invited.user_id[0].id)], ["id"])
        self.assertEqual(self.rpc(model, "search_read", [("is_my_review", "=", True)], ["id"]), [])
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self.rpc("onboarding.peer.reviewer", "search_read", [], ["user_id"])

        enrollment = self.rpc("onboarding.enrollment", "read", [self.enrollment.id], [])
        self.assertEqual(enrollment[0]["peer_score"], 75)
        self.assertNoReviewer(enrollment)
        messages = self.rpc(
            "mail.message",
            "search_read",
            [("model", "=", "onboarding.enrollment"), ("res_id", "=", self.enrollment.id)],
            ["body", "author_id", "partner_ids"],
        )
        self.assertNoReviewer(messages)
