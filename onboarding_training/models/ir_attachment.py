from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.mimetypes import guess_mimetype


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _check_onboarding_evidence(self, companies):
        """Refuse empty, oversized or disguised evidence: the type comes from the bytes, not the name."""
        company = companies[:1] or self.env.company
        allowed = company._onboarding_evidence_types()
        max_bytes = company.onboarding_evidence_max_mb * 1024 * 1024
        # sudo: the raw bytes are read to check them; the caller already holds the attachment.
        for attachment in self.sudo():
            if not attachment.file_size:
                raise UserError(self.env._("%(file)s is empty.", file=attachment.name))
            if attachment.file_size > max_bytes:
                raise UserError(
                    self.env._(
                        "%(file)s is larger than the %(limit)s MB allowed for evidence.",
                        file=attachment.name,
                        limit=company.onboarding_evidence_max_mb,
                    )
                )
            real_type = guess_mimetype(attachment.raw or b"")
            if real_type not in allowed:
                raise UserError(
                    self.env._(
                        "%(file)s is really of type %(type)s, which is not allowed as evidence (allowed: %(allowed)s).",
                        file=attachment.name,
                        type=real_type,
                        allowed=", ".join(sorted(allowed)),
                    )
                )

    def _check_onboarding_upload(self, record):
        """Refuse to link these files to ``record`` (empty: being created) unless they are fresh uploads for it.

        A fresh upload was created by the caller, is stored in no binary field and belongs to no record yet,
        or to ``record`` already. Anything else belongs to someone or something else: once linked, whoever
        reads ``record`` could read it, and it could be taken off its record. The refusal names no file.
        """
        if not self:
            return
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in self.ids):
            raise self._onboarding_upload_error()
        homes = {(False, 0), (record._name, 0), (record._name, record.id or 0)}
        # sudo: the owner and home of each file decide, whether or not the caller may read it; the refusal
        # below tells nothing about them.
        files = self.sudo().exists()
        if len(files) != len(set(self.ids)) or any(
            file.res_field
            or (file.res_model or False, file.res_id or 0) not in homes
            or file.create_uid.id != self.env.uid
            for file in files
        ):
            raise self._onboarding_upload_error()

    def _onboarding_upload_error(self):
        return AccessError(self.env._("You can only attach files that you have just uploaded here."))

    def _frozen_onboarding_evidence(self):
        """Confirmed evidence among these files: in the evidence of a done task, or attached to one."""
        if not self:
            return self.browse()
        evidence = self.env["onboarding.task"]._fields["evidence_attachment_ids"]
        self.env["onboarding.task"].flush_model(["state", "evidence_attachment_ids"])
        self.flush_recordset(["res_model", "res_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT a.id FROM ir_attachment a
                WHERE a.id IN %(ids)s AND (
                    EXISTS (
                        SELECT 1 FROM %(rel)s r JOIN onboarding_task t ON t.id = r.%(task)s
                        WHERE r.%(file)s = a.id AND t.state = 'done'
                    )
                    OR (
                        a.res_model = 'onboarding.task'
                        AND EXISTS (SELECT 1 FROM onboarding_task t WHERE t.id = a.res_id AND t.state = 'done')
                    )
                )
                """,
                ids=tuple(self.ids),
                rel=SQL.identifier(evidence.relation),
                task=SQL.identifier(evidence.column1),
                file=SQL.identifier(evidence.column2),
            )
        )
        return self.browse(row[0] for row in rows)

    def write(self, vals):
        if not self.env.su:
            # Rights first, so that the refusal below tells nothing to those who may not touch the file.
            self.check("write", values=vals)
            if self._frozen_onboarding_evidence():
                raise UserError(self.env._("Confirmed evidence can no longer be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen_evidence(self):
        # Superuser included: editing a chatter message deletes its files as superuser. Deleting a task
        # deletes its files once the task is gone, so that path does not count the task as done.
        if self._frozen_onboarding_evidence():
            raise UserError(self.env._("Confirmed evidence can no longer be deleted."))
