import base64

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, tagged

from .test_assessment import AssessmentSetup


@tagged("post_install", "-at_install")
class TestKnowledge(AssessmentSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_assessment()
        cls.Document = cls.env["onboarding.knowledge.document"]
        cls.exam_item = cls.exam_task.item_id
        cls.handbook = cls.Document.with_user(cls.officer_user).create(
            {
                "name": "Employee handbook",
                "category": "handbook",
                "content_type": "html",
                "body": "<p>Working hours, leave, refunds policy.</p>",
                "program_ids": [Command.link(cls.program.id)],
            }
        )

    def test_enrolled_employees_read_approved_documents_only(self):
        as_hire = self.Document.with_user(self.hire_user)
        self.assertFalse(as_hire.search([]), "drafts are not shown")
        self.handbook.with_user(self.officer_user).action_approve()
        self.assertEqual(as_hire.search([("name", "ilike", "handbook")]), self.handbook)
        self.assertEqual(as_hire.search([("category", "=", "handbook"), ("content_type", "=", "html")]), self.handbook)
        self.assertFalse(as_hire.search([("category", "=", "role_guide")]))
        self.assertFalse(self.Document.with_user(self.reviewer_users[0]).search([]), "not enrolled, nothing to read")
        self.assertEqual(self.Document._for_enrollments(self.enrollment), self.handbook)

    def test_content_must_match_its_type(self):
        Document = self.Document.with_user(self.officer_user)
        with self.assertRaises(ValidationError):
            Document.create({"name": "Chat guide", "content_type": "url", "url": "javascript:alert(1)"})
        with self.assertRaises(ValidationError):
            Document.create({"name": "Scan", "content_type": "file"})
        guide = Document.create(
            {
                "name": "Role guide",
                "category": "role_guide",
                "content_type": "file",
                "datas": base64.b64encode(b"%PDF-1.4 guide"),
                "filename": "guide.pdf",
            }
        )
        self.assertEqual(guide._portal_url(), f"/my/onboarding/knowledge/{guide.id}")

    def test_mentors_add_best_practices_officers_approve(self):
        as_mentor = self.Document.with_user(self.mentor_user)
        tip = as_mentor.create(
            {
                "name": "Answer within 30 seconds",
                "body": "<p>Greet first.</p>",
                "item_ids": [Command.link(self.exam_item.id)],
            }
        )
        self.assertEqual((tip.category, tip.state), ("best_practice", "draft"))
        tip.write({"summary": "Speed matters"})
        with self.assertRaises(AccessError):
            as_mentor.create({"name": "My handbook", "category": "handbook", "body": "<p>x</p>"})
        with self.assertRaises(AccessError):
            tip.action_approve()
        with self.assertRaises(AccessError):
            tip.write({"state": "approved"})
        with self.assertRaises(AccessError):
            self.handbook.with_user(self.mentor_user).write({"name": "Hijacked"})
        tip.with_user(self.officer_user).action_approve()
        self.assertEqual(tip.approved_by_id, self.officer_user)
        with self.assertRaises(AccessError):
            tip.write({"summary": "Changed after approval"})
        self.assertEqual(self.Document.with_user(self.hire_user).search([]), tip, "the item's best practice is shown")

    def test_program_copy_keeps_its_knowledge(self):
        tip = self.Document.create(
            {
                "name": "Refund tips",
                "category": "best_practice",
                "body": "<p>x</p>",
                "item_ids": [Command.link(self.exam_item.id)],
            }
        )
        copy = self.program.copy()
        self.assertEqual(copy.knowledge_document_ids, self.handbook)
        new_exam_item = copy.stage_ids.item_ids.filtered(lambda i: i.item_type == "exam")
        self.assertEqual(tip.item_ids, self.exam_item | new_exam_item)
