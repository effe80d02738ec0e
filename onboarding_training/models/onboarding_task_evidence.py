"""Evidence of a task: the caller's own fresh uploads only; no file is ever taken from another record."""

from odoo import Command, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

EVIDENCE = "evidence_attachment_ids"


class OnboardingTask(models.Model):
    _inherit = "onboarding.task"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(EVIDENCE in vals for vals in vals_list):
            # Rights first, as in write.
            self.check_access("create")
        added = [self._evidence_added(vals[EVIDENCE], {0: set()}) if EVIDENCE in vals else None for vals in vals_list]
        ids = [attachment_id for attachments in added if attachments for attachment_id in attachments.ids]
        if len(ids) != len(set(ids)):
            raise UserError(self.env._("Attach each file to one task only."))
        for attachments in added:
            if attachments:
                self._check_evidence_links(attachments)
        tasks = super().create(vals_list)
        for task, attachments in zip(tasks, added, strict=True):
            if attachments:
                attachments._check_onboarding_evidence(task.company_id)
                task._link_evidence(attachments)
        return tasks

    def write(self, vals):
        if EVIDENCE not in vals:
            return super().write(vals)
        if not self.env.su:
            # Rights on the tasks first: what is said about the files is only for those who may change the tasks.
            self.check_access("write")
        if any(task.state == "done" for task in self):
            raise UserError(self.env._("Confirmed evidence can no longer be changed."))
        added = self._evidence_added(vals[EVIDENCE], self._evidence_relation())
        if added:
            if len(self) > 1:
                raise UserError(self.env._("Attach each file to one task only."))
            self._check_evidence_links(added)
            added._check_onboarding_evidence(self.company_id)
        result = super().write(vals)
        self._link_evidence(added)
        return result

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _evidence_commands(self, value):
        """The x2many commands that writing ``value`` amounts to, in every form the ORM accepts."""
        if isinstance(value, tuple):
            return [Command.set(value)]
        if isinstance(value, models.BaseModel):
            return [Command.set(value._ids)]
        if value is False or value is None:
            return [Command.clear()]
        if not isinstance(value, list):
            return []  # the ORM refuses it
        if value and not isinstance(value[0], (tuple, list)):
            return [Command.set(tuple(value))]
        return [command for command in value if isinstance(command, (tuple, list)) and command]

    def _evidence_added(self, value, relation):
        """The files that writing ``value`` adds to the tasks of ``relation`` ({task id: evidence ids}).

        Commands that would change or delete a file other than the tasks' own evidence are refused, and so is
        creating a file from values: evidence is uploaded first, then attached.
        """
        current = set().union(*relation.values())
        new = {task_id: set(ids) for task_id, ids in relation.items()}
        for command in self._evidence_commands(value):
            operation = command[0]
            if operation == Command.CREATE:
                raise UserError(self.env._("Upload evidence as a file first, then attach it."))
            if operation in (Command.UPDATE, Command.DELETE) and not self.env.su:
                if command[1] not in current:
                    raise self.env["ir.attachment"]._onboarding_upload_error()
                if operation == Command.UPDATE:
                    raise UserError(self.env._("An attached file cannot be edited: remove it and upload a new one."))
            for ids in new.values():
                if operation == Command.LINK:
                    ids.add(command[1])
                elif operation in (Command.UNLINK, Command.DELETE):
                    ids.discard(command[1])
                elif operation in (Command.CLEAR, Command.SET):
                    ids.clear()
                    ids.update(command[2] if operation == Command.SET else ())
        added = set().union(*(ids - relation[task_id] for task_id, ids in new.items()))
        return self.env["ir.attachment"].browse(list(added))

    def _evidence_relation(self):
        """{task id: evidence ids} as stored, including files the caller may not read."""
        if not self:
            return {}
        field = self._fields[EVIDENCE]
        self.flush_recordset([EVIDENCE])
        rows = self.env.execute_query(
            SQL(
                "SELECT %s, %s FROM %s WHERE %s IN %s",
                SQL.identifier(field.column1),
                SQL.identifier(field.column2),
                SQL.identifier(field.relation),
                SQL.identifier(field.column1),
                tuple(self.ids),
            )
        )
        relation = {task_id: set() for task_id in self.ids}
        for task_id, attachment_id in rows:
            relation[task_id].add(attachment_id)
        return relation

    def _check_evidence_links(self, attachments):
        """Only the caller's fresh uploads for this task (empty while it is created), proving no other task."""
        attachments._check_onboarding_upload(self)
        field = self._fields[EVIDENCE]
        self.env["onboarding.task"].flush_model([EVIDENCE])
        elsewhere = self.env.execute_query(
            SQL(
                "SELECT 1 FROM %s WHERE %s IN %s AND %s NOT IN %s LIMIT 1",
                SQL.identifier(field.relation),
                SQL.identifier(field.column2),
                tuple(attachments.ids),
                SQL.identifier(field.column1),
                tuple(self.ids) or (0,),
            )
        )
        if elsewhere:
            raise self.env["ir.attachment"]._onboarding_upload_error()

    def _link_evidence(self, attachments):
        """Fresh uploads are homed on the task they prove, so that access to the file follows access to the task."""
        # sudo: only the caller's own uploads, checked above, that belong to no record yet.
        loose = attachments.sudo().filtered(lambda a: not a.res_id)
        if loose:
            self.ensure_one()
            loose.write({"res_model": self._name, "res_id": self.id})

    def _evidence_from_upload(self, filename, content):
        """Create an evidence attachment from raw bytes (portal uploads); the caller checked the task is theirs."""
        self.ensure_one()
        if not self.env.su:
            self.check_access("write")
        # sudo: portal hires may not create attachments; the file is born on the task it proves.
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create({"name": filename, "raw": content, "res_model": self._name, "res_id": self.id})
        )
        try:
            attachment._check_onboarding_evidence(self.company_id)
        except UserError:
            attachment.unlink()
            raise
        return attachment
