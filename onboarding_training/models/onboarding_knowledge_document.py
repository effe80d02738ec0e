from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import check_field_policy

CATEGORIES = [
    ("handbook", "Handbook"),
    ("role_guide", "Role Guide"),
    ("best_practice", "Best Practice"),
]
CONTENT_TYPES = [
    ("file", "File"),
    ("url", "Link"),
    ("html", "Text"),
]
# Field policy (tools.check_field_policy): what authors write, officers on any document and mentors on their own
# draft best practices (record rules); the state, the author and the approval are set by the system, the
# approval by the Approve button only.
CONTENT_FIELDS = frozenset(
    {
        "name",
        "sequence",
        "active",
        "category",
        "content_type",
        "datas",
        "filename",
        "url",
        "body",
        "summary",
        "company_id",
        "program_ids",
        "item_ids",
    }
)


class OnboardingKnowledgeDocument(models.Model):
    _name = "onboarding.knowledge.document"
    _description = "Onboarding Knowledge Document"
    _inherit = ["mail.thread"]
    _order = "category, sequence, name, id"
    _check_company_auto = True

    def _default_category(self):
        return "handbook" if self._is_officer() else "best_practice"

    name = fields.Char("Title", required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category = fields.Selection(CATEGORIES, required=True, default=_default_category, tracking=True, index=True)
    content_type = fields.Selection(CONTENT_TYPES, required=True, default="html", tracking=True)
    datas = fields.Binary("File", attachment=True)
    filename = fields.Char()
    url = fields.Char("Link")
    body = fields.Html("Content", translate=True, sanitize=True)
    summary = fields.Char(translate=True, help="One line shown in lists and on the new hire's portal page.")
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        help="Only approved documents are shown to the employees in onboarding.",
    )
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        ondelete="cascade",
        index=True,
        help="Leave empty to share the document with every company.",
    )
    program_ids = fields.Many2many(
        "onboarding.program",
        "onboarding_knowledge_document_program_rel",
        "document_id",
        "program_id",
        string="Programs",
        check_company=True,
    )
    item_ids = fields.Many2many(
        "onboarding.program.item",
        "onboarding_knowledge_document_item_rel",
        "document_id",
        "item_id",
        string="Items",
        check_company=True,
    )
    author_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, readonly=True, ondelete="set null", copy=False
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, ondelete="set null", copy=False)
    approved_date = fields.Date(readonly=True, copy=False)

    @api.constrains("content_type", "datas", "url", "body")
    def _check_content(self):
        for document in self:
            if document.content_type == "file" and not document.datas:
                raise ValidationError(self.env._("%(document)s needs a file.", document=document.name))
            if document.content_type == "url" and not (document.url or "").startswith(("https://", "http://")):
                raise ValidationError(
                    self.env._("%(document)s needs a link starting with https:// or http://.", document=document.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        check_field_policy(self, vals_list, CONTENT_FIELDS, create=True)
        if not self.env.su and not self._is_officer():
            for vals in vals_list:
                if vals.get("category", "best_practice") != "best_practice":
                    raise AccessError(
                        self.env._("Mentors can add best practices; an onboarding officer approves them.")
                    )
        return super().create(vals_list)

    def write(self, vals):
        check_field_policy(self, [vals], CONTENT_FIELDS)
        if not self.env.su and not self._is_officer() and vals.get("category", "best_practice") != "best_practice":
            raise AccessError(self.env._("Mentors can only write best practices."))
        return super().write(vals)

    def _is_officer(self):
        return self.env.user.has_group("onboarding_training.group_onboarding_officer")

    def action_approve(self):
        if not self._is_officer():
            raise AccessError(self.env._("Only onboarding officers can approve knowledge documents."))
        self.check_access("write")
        if any(document.state != "draft" for document in self):
            raise UserError(self.env._("Only draft documents can be approved."))
        # sudo: the state is protected from direct writes; rights were checked above.
        self.sudo().write(
            {"state": "approved", "approved_by_id": self.env.uid, "approved_date": fields.Date.context_today(self)}
        )
        return True

    def action_reset_to_draft(self):
        if not self._is_officer():
            raise AccessError(self.env._("Only onboarding officers can withdraw knowledge documents."))
        self.check_access("write")
        if any(document.state != "approved" for document in self):
            raise UserError(self.env._("Only approved documents can be withdrawn."))
        # sudo: the state is protected from direct writes; rights were checked above.
        self.sudo().write({"state": "draft", "approved_by_id": False, "approved_date": False})
        return True

    def _portal_url(self):
        self.ensure_one()
        if self.content_type == "url":
            return self.url
        return f"/my/onboarding/knowledge/{self.id}"

    @api.model
    def _for_enrollments(self, enrollments):
        """Approved documents of the enrollments' programs and items (the caller checked the enrollments)."""
        programs = enrollments.program_id
        # sudo: portal hires read the knowledge of their own program; ownership is checked by the caller.
        return self.sudo().search(
            [
                ("state", "=", "approved"),
                ("company_id", "in", [*enrollments.company_id.ids, False]),
                "|",
                ("program_ids", "in", programs.ids),
                ("item_ids.program_id", "in", programs.ids),
            ]
        )
