"""The attachment takeover as an attacker makes it: JSON-RPC requests and the portal's upload form, over HTTP.

A plain employee links another employee's document to their own task, tries to download it, and tries to delete
or move their own confirmed evidence (directly, or by putting it on a chatter message and editing the message).
A portal hire uploads evidence on their page, and posts the same form for another hire's task.
"""

import json
import re

from security_world import PNG_BYTES, SecurityWorld

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestAttackAttachmentsHttp(SecurityWorld, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_world()
        cls.id_card = cls.env["ir.attachment"].create(
            {"name": "pia-peer-id-card.png", "raw": PNG_BYTES, "res_model": "hr.employee", "res_id": cls.emp["peer"].id}
        )
        cls.own_task = cls.task("employee", "Handbook")
        cls.done_task = cls.task("employee", "Back office")
        assert cls.done_task.state == "done" and cls.evidence in cls.done_task.evidence_attachment_ids

    def login(self, role):
        self.authenticate(f"sec_{role}", self.passwords[role])

    def post_json(self, route, params):
        """The JSON-RPC answer of ``route``: (result, error message or None)."""
        payload = {"id": 0, "jsonrpc": "2.0", "method": "call", "params": params}
        with mute_logger("odoo.http"):
            response = self.url_open(route, json.dumps(payload), headers={"Content-Type": "application/json"})
        answer = response.json()
        error = answer.get("error")
        return answer.get("result"), error and error["data"]["message"]

    def call_kw(self, model, method, args, kwargs=None):
        return self.post_json(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def snapshot(self, attachment):
        self.env.invalidate_all()
        file = attachment.sudo().exists()
        return file and (file.res_model, file.res_id, file.checksum, file.name)

    def csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return CSRF_RE.search(response.text).group(1)

    # ------------------------------------------------------------------
    # Plain employee over JSON-RPC
    # ------------------------------------------------------------------
    def test_employee_cannot_take_another_employee_s_document(self):
        before = self.snapshot(self.id_card)
        self.login("employee")
        _result, error = self.call_kw(
            "onboarding.task", "write", [[self.own_task.id], {"evidence_attachment_ids": [[4, self.id_card.id]]}]
        )
        self.assertTrue(error)
        self.assertNotIn(self.id_card.name, error)
        self.assertEqual(self.snapshot(self.id_card), before)
        self.assertFalse(self.own_task.sudo().evidence_attachment_ids)
        for url in (f"/web/content/{self.id_card.id}", f"/web/content/{self.id_card.id}?download=true"):
            with mute_logger("odoo.http"):
                response = self.url_open(url)
            self.assertIn(response.status_code, (403, 404), url)
            self.assertNotEqual(response.content, PNG_BYTES, url)
        _result, error = self.call_kw("ir.attachment", "read", [[self.id_card.id], ["name"]])
        self.assertTrue(error)
        self.assertNotIn(self.id_card.name, error)

    def test_confirmed_evidence_cannot_be_deleted_or_moved_over_rpc(self):
        before = self.snapshot(self.evidence)
        attempts = {
            "ir.attachment unlink": ("ir.attachment", "unlink", [[self.evidence.id]]),
            "ir.attachment moved": ("ir.attachment", "write", [[self.evidence.id], {"res_id": self.own_task.id}]),
            "ir.attachment rewritten": (
                "ir.attachment",
                "write",
                [[self.evidence.id], {"raw": "dGFtcGVyZWQ=", "datas": "dGFtcGVyZWQ="}],
            ),
            "task unlink command": (
                "onboarding.task",
                "write",
                [[self.done_task.id], {"evidence_attachment_ids": [[3, self.evidence.id]]}],
            ),
            "task set command": (
                "onboarding.task",
                "write",
                [[self.done_task.id], {"evidence_attachment_ids": [[6, 0, []]]}],
            ),
            "delete command from another task": (
                "onboarding.task",
                "write",
                [[self.own_task.id], {"evidence_attachment_ids": [[2, self.evidence.id]]}],
            ),
        }
        for role in ("employee", "officer"):
            self.login(role)
            for label, (model, method, args) in attempts.items():
                with self.subTest(role=role, attempt=label):
                    _result, error = self.call_kw(model, method, args)
                    self.assertTrue(error)
                    self.assertEqual(self.snapshot(self.evidence), before)
                    self.assertIn(self.evidence, self.done_task.sudo().evidence_attachment_ids)

    def test_confirmed_evidence_survives_a_chatter_edit(self):
        """Putting the evidence on a message, then removing the message's files, deletes them as superuser."""
        before = self.snapshot(self.evidence)
        self.login("employee")
        _result, error = self.post_json(
            "/mail/message/post",
            {
                "thread_model": "onboarding.task",
                "thread_id": self.done_task.id,
                "post_data": {
                    "body": "My proof again",
                    "attachment_ids": self.evidence.ids,
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        self.assertFalse(error)
        message = self.env["mail.message"].search(
            [
                ("model", "=", "onboarding.task"),
                ("res_id", "=", self.done_task.id),
                ("attachment_ids", "in", self.evidence.ids),
            ]
        )
        self.assertEqual(len(message), 1)
        _result, error = self.post_json(
            "/mail/message/update_content", {"message_id": message.id, "body": "", "attachment_ids": []}
        )
        self.assertTrue(error)
        self.assertEqual(self.snapshot(self.evidence), before)
        self.assertIn(self.evidence, self.done_task.sudo().evidence_attachment_ids)

    # ------------------------------------------------------------------
    # Portal hire on the upload form
    # ------------------------------------------------------------------
    def test_portal_upload_for_the_own_task_only(self):
        own = self.task("portal", "Handbook")
        foreign = self.task("peer", "Handbook")
        self.assertIn(own.state, ("todo", "rejected"))
        self.login("portal")
        token = self.csrf(f"/my/onboarding/task/{own.id}")
        response = self.url_open(
            f"/my/onboarding/task/{own.id}/evidence",
            data={"csrf_token": token, "attachment_ids": str(self.id_card.id)},
            files={"evidence": ("handbook-read.png", PNG_BYTES, "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("message=uploaded", response.url)
        uploaded = own.sudo().evidence_attachment_ids
        self.assertEqual(uploaded.mapped("name"), ["handbook-read.png"])
        self.assertEqual((uploaded.res_model, uploaded.res_id), ("onboarding.task", own.id))
        self.assertEqual(uploaded.create_uid, self.users["portal"])

        before = (self.snapshot(self.id_card), foreign.sudo().evidence_attachment_ids)
        count = self.env["ir.attachment"].sudo().search_count([])
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/my/onboarding/task/{foreign.id}/evidence",
                data={"csrf_token": token},
                files={"evidence": ("not-mine.png", PNG_BYTES, "image/png")},
            )
        self.assertEqual(response.status_code, 404)
        self.assertEqual((self.snapshot(self.id_card), foreign.sudo().evidence_attachment_ids), before)
        self.assertEqual(self.env["ir.attachment"].sudo().search_count([]), count)

    def test_portal_upload_cannot_change_a_done_task(self):
        done = self.task("portal", "Culture")
        self.assertEqual(done.state, "done")
        self.login("portal")
        # The page of a done task has no form: the token comes from an open one, as the session's.
        token = self.csrf(f"/my/onboarding/task/{self.task('portal', 'Handbook').id}")
        count = self.env["ir.attachment"].sudo().search_count([])
        response = self.url_open(
            f"/my/onboarding/task/{done.id}/evidence",
            data={"csrf_token": token},
            files={"evidence": ("late.png", PNG_BYTES, "image/png")},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(done.sudo().evidence_attachment_ids)
        self.assertEqual(self.env["ir.attachment"].sudo().search_count([]), count)
