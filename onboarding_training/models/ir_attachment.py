from odoo import api, models
from odoo.exceptions import UserError
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

    def _frozen_onboarding_evidence(self):
        task_ids = [a.res_id for a in self if a.res_model == "onboarding.task" and a.res_id]
        if not task_ids:
            return self.browse()
        # sudo: whether a task is done decides the freeze, whoever may read the task.
        done = self.env["onboarding.task"].sudo().search([("id", "in", task_ids), ("state", "=", "done")])
        return self.filtered(lambda a: a.res_model == "onboarding.task" and a.res_id in done.ids)

    def write(self, vals):
        if not self.env.su:
            # Rights first, so that the refusal below tells nothing to those who may not touch the file.
            self.check("write", values=vals)
            if self._frozen_onboarding_evidence():
                raise UserError(self.env._("Confirmed evidence can no longer be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen_evidence(self):
        if not self.env.su and self._frozen_onboarding_evidence():
            raise UserError(self.env._("Confirmed evidence can no longer be deleted."))
