"""Every field of the four addons that points at ir.attachment: nobody links a file they did not upload.

``attachment_fields`` finds in the registry every many2one, many2many and one2many to ``ir.attachment`` on the
addons' models (inherited fields included) and every such field the addons add to standard models. ``FIELDS``
holds one row per field: how to get a record each attacker may try to write, the values of a new record, and
the role allowed to write the field. ``test_table_covers_every_attachment_field`` fails as soon as a field has
no row (or a row has no field left).

For each field, the plain employee, the portal user and the role allowed to write the field try to link files
they did not upload (a document on another employee, confirmed evidence, a partner's image, another user's
upload) through write and create, with every command form. Each attempt must be refused, name none of the
files, and leave the files and the field as they were. The allowed role's own fresh upload is then accepted and
homed on the record, which shows the refusals are about the files.
"""

import base64
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from security_world import OUR_ADDONS, PNG_BYTES, SecurityWorld

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

# AccessError and ValidationError are UserErrors; Odoo's assertRaises takes one class.
REFUSED = UserError
RELATIONAL = ("many2one", "many2many", "one2many")
ATTACKERS = ("employee", "portal")


@dataclass(frozen=True)
class Target:
    record: Callable  # (case, role) -> the record the role tries to write (their own where they have one)
    create: Callable  # (case) -> values of a new record, without the attachment field
    writer: str  # the role that may write the field on that record


FIELDS = {
    ("onboarding.task", "evidence_attachment_ids"): Target(
        record=lambda case, role: case.task(role if role in case.enr else "employee", "Handbook"),
        create=lambda case: {
            "enrollment_id": case.enr["employee"].id,
            "item_id": case.item(case.program_a, "Handbook").id,
            "deadline": case.today,
        },
        writer="employee",
    ),
    ("onboarding.monthly.report", "attachment_id"): Target(
        record=lambda case, role: case.monthly_a,
        create=lambda case: {
            "company_id": case.company_a.id,
            "month": case.today.replace(day=1) - relativedelta(months=4),
        },
        writer="officer",
    ),
}


def attachment_fields(env):
    """{(model, field)} of every relational field to ir.attachment that the four addons define or inherit."""
    found = set()
    for name in env.registry:
        model = env[name]
        if model._abstract:
            continue  # its fields are checked on the models that inherit it
        ours = model._original_module in OUR_ADDONS
        for field in model._fields.values():
            if field.type not in RELATIONAL or field.comodel_name != "ir.attachment":
                continue
            if ours or set(field._modules or ()) & set(OUR_ADDONS):
                found.add((name, field.name))
    return found


def commands(field, attachment):
    """Every form of value that links ``attachment`` through ``field``."""
    if field.type == "many2one":
        return {"id": attachment.id}
    return {
        "link": [Command.link(attachment.id)],
        "set": [Command.set(attachment.ids)],
        "plain ids": attachment.ids,
    }


@tagged("post_install", "-at_install")
class TestAttachmentFields(SecurityWorld, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_world()
        Attachment = cls.env["ir.attachment"]
        partner = cls.env["res.partner"].create({"name": "Logo Supplier", "image_1920": base64.b64encode(PNG_BYTES)})
        cls.files = {
            "another employee's document": Attachment.create(
                {
                    "name": "pia-peer-id-card.png",
                    "raw": PNG_BYTES,
                    "res_model": "hr.employee",
                    "res_id": cls.emp["peer"].id,
                }
            ),
            "confirmed evidence": cls.evidence,
            "a partner's image": Attachment.sudo().search(
                [("res_model", "=", "res.partner"), ("res_id", "=", partner.id), ("res_field", "=", "image_1920")]
            ),
            "another user's upload": Attachment.with_user(cls.reviewer).create(
                {"name": "ray-reviewer-draft.png", "raw": PNG_BYTES}
            ),
        }
        assert all(len(file) == 1 for file in cls.files.values())

    def snapshot(self, file):
        file = file.sudo()
        return file.res_model, file.res_id, file.res_field, file.checksum, file.name, file.create_uid

    def assertRefused(self, attempt, file, watched):
        """``attempt`` is refused without naming ``file``; ``watched()`` and the file stay as they were."""
        before = (self.snapshot(file), watched())
        with self.assertRaises(REFUSED) as caught:
            attempt()
        self.assertNotIn(file.sudo().name, str(caught.exception.args[0]))
        self.env.invalidate_all()
        self.assertEqual((self.snapshot(file), watched()), before)

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_table_covers_every_attachment_field(self):
        found = attachment_fields(self.env)
        self.assertTrue(found, "the evidence field at least points at ir.attachment")
        self.assertFalse(found - set(FIELDS), "attachment fields without a row in FIELDS")
        self.assertFalse(set(FIELDS) - found, "rows in FIELDS without a field")

    def test_nobody_links_a_file_they_did_not_upload(self):
        for (model, name), target in sorted(FIELDS.items()):
            field = self.env[model]._fields[name]
            for role in dict.fromkeys((*ATTACKERS, target.writer)):
                user = self.users[role]
                record = target.record(self, role)
                for label, file in self.files.items():
                    for how, value in commands(field, file).items():
                        with self.subTest(field=f"{model}.{name}", role=role, file=label, path=f"write {how}"):
                            self.assertRefused(
                                lambda: record.with_user(user).write({name: value}),
                                file,
                                lambda: record.sudo()[name],
                            )
                    with self.subTest(field=f"{model}.{name}", role=role, file=label, path="create"):
                        vals = {**target.create(self), name: next(iter(commands(field, file).values()))}
                        self.assertRefused(
                            lambda: self.env[model].with_user(user).create(vals),
                            file,
                            lambda: self.env[model].sudo().search_count([]),
                        )

    def test_the_writer_s_own_fresh_upload_is_accepted(self):
        for (model, name), target in sorted(FIELDS.items()):
            field = self.env[model]._fields[name]
            user = self.users[target.writer]
            record = target.record(self, target.writer)
            with self.subTest(field=f"{model}.{name}"):
                fresh = self.env["ir.attachment"].with_user(user).create({"name": "fresh.png", "raw": PNG_BYTES})
                record.with_user(user).write({name: next(iter(commands(field, fresh).values()))})
                self.assertIn(fresh, record.sudo()[name])
                self.assertEqual((fresh.sudo().res_model, fresh.sudo().res_id), (model, record.id))
