"""Evidence cannot take over files: only the caller's own fresh uploads become evidence, confirmed evidence stays.

The attack this guards against: a task writable by the attacker, an attachment id of anything else (a file on
another employee, a partner's image, another hire's confirmed evidence), and ``(4, id)`` on the task's evidence:
the file would move onto the attacker's task, readable and deletable by them.
"""

import base64

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import PNG_BYTES, OnboardingCase

# AccessError and ValidationError are UserErrors; Odoo's assertRaises takes one class.
REFUSED = UserError
BASIC = "Basic: back office"


@tagged("post_install", "-at_install")
class TestEvidenceSecurity(OnboardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.portal_user = new_test_user(cls.env, "onb_portal_hire", groups="base.group_portal", name="Paula Portal")
        cls.officer_employee, cls.portal_employee = Employee.create(
            [
                {"name": "Olivia Officer", "user_id": cls.officer_user.id, "parent_id": cls.manager.id},
                {"name": "Paula Portal", "parent_id": cls.manager.id, "coach_id": cls.mentor.id},
            ]
        )
        people = cls.hire | cls.other | cls.mentor | cls.officer_employee | cls.portal_employee
        enrollments = cls.env["onboarding.enrollment"]._enroll(people, cls.program, start_date=cls.START)
        with freeze_time(cls.day(1)):
            enrollments._refresh_locks()
        cls.enrollments = {enrollment.employee_id: enrollment for enrollment in enrollments}
        cls.enrollments[cls.portal_employee].portal_user_id = cls.portal_user

        # Another hire's confirmed evidence.
        cls.other_done = cls.own_task(cls.other, BASIC)
        cls.other_evidence = cls.upload(cls.other_user, cls.other_done, "oscar-secret-chat.png")
        cls.other_done.with_user(cls.other_user).write(
            {"evidence_attachment_ids": [Command.link(cls.other_evidence.id)]}
        )
        cls.other_done.with_user(cls.other_user).action_submit()
        cls.other_done.with_user(cls.officer_user).action_confirm()
        # The hire's own confirmed evidence.
        cls.hire_done = cls.own_task(cls.hire, BASIC)
        cls.hire_evidence = cls.upload(cls.hire_user, cls.hire_done, "henry-proof.png")
        cls.hire_done.with_user(cls.hire_user).write({"evidence_attachment_ids": [Command.link(cls.hire_evidence.id)]})
        cls.hire_done.with_user(cls.hire_user).action_submit()
        cls.hire_done.with_user(cls.officer_user).action_confirm()
        assert cls.hire_done.state == cls.other_done.state == "done"

        # Files that belong to others.
        cls.id_card = cls.env["ir.attachment"].create(
            {"name": "oscar-id-card-copy.png", "raw": PNG_BYTES, "res_model": "hr.employee", "res_id": cls.other.id}
        )
        partner = cls.env["res.partner"].create(
            {"name": "Supplier With Logo", "image_1920": base64.b64encode(PNG_BYTES).decode()}
        )
        cls.partner_image = (
            cls.env["ir.attachment"]
            .sudo()
            .search(
                [("res_model", "=", "res.partner"), ("res_id", "=", partner.id), ("res_field", "=", "image_1920")],
                limit=1,
            )
        )
        cls.partner_image.name = "supplier-logo-secret.png"
        cls.stray = (
            cls.env["ir.attachment"].with_user(cls.other_user).create({"name": "oscar-draft.png", "raw": PNG_BYTES})
        )
        cls.foreign = {
            "an employee's ID card": cls.id_card,
            "another hire's confirmed evidence": cls.other_evidence,
            "a partner's image": cls.partner_image,
            "another user's fresh upload": cls.stray,
        }
        # Who attacks which task they may write.
        cls.attackers = {
            "plain employee on their own task": (cls.hire_user, cls.own_task(cls.hire, "Advanced: refunds")),
            "portal hire on their own task": (cls.portal_user, cls.own_task(cls.portal_employee, BASIC)),
            "mentor on their own task": (cls.mentor_user, cls.own_task(cls.mentor, BASIC)),
            "mentor on their mentee's task": (cls.mentor_user, cls.own_task(cls.hire, "Optional: complaints")),
            "officer on a hire's task": (cls.officer_user, cls.own_task(cls.other, "Advanced: refunds")),
            "enrolled officer on their own task": (cls.officer_user, cls.own_task(cls.officer_employee, BASIC)),
        }

    @classmethod
    def own_task(cls, employee, name):
        return cls.enrollments[employee].task_ids.filtered(lambda t: t.name == name)

    @classmethod
    def upload(cls, user, record=None, name="proof.png"):
        vals = {"name": name, "raw": PNG_BYTES}
        if record:
            vals.update(res_model=record._name, res_id=record.id)
        return cls.env["ir.attachment"].with_user(user).create(vals)

    @staticmethod
    def snapshot(attachment):
        file = attachment.sudo().exists()
        return file and (file.res_model, file.res_id, file.res_field, file.checksum, file.name)

    def assertRefusedQuietly(self, attempt, files, tasks, secret_names=()):
        """The attempt is refused, names none of the files, and leaves files and evidence as they were."""
        before = [self.snapshot(file) for file in files]
        evidence = [task.sudo().evidence_attachment_ids for task in tasks]
        with self.assertRaises(REFUSED) as caught:
            attempt()
        message = str(caught.exception.args[0])
        for name in secret_names or files.sudo().mapped("name"):
            self.assertNotIn(name, message)
        self.env.invalidate_all()
        self.assertEqual([self.snapshot(file) for file in files], before)
        self.assertEqual([task.sudo().evidence_attachment_ids for task in tasks], evidence)
        return message

    # ------------------------------------------------------------------
    # Linking files of others
    # ------------------------------------------------------------------
    def test_foreign_files_cannot_be_linked_by_any_role_or_command(self):
        commands = {
            "link": lambda file: [Command.link(file.id)],
            "set": lambda file: [Command.set(file.ids)],
            "plain ids": lambda file: file.ids,
            "clear then link": lambda file: [Command.clear(), Command.link(file.id)],
        }
        for role, (user, task) in self.attackers.items():
            for label, file in self.foreign.items():
                for how, command in commands.items():
                    with self.subTest(role=role, file=label, command=how):
                        self.assertRefusedQuietly(
                            lambda: task.with_user(user).write({"evidence_attachment_ids": command(file)}), file, task
                        )

    def test_foreign_files_cannot_be_linked_on_create(self):
        task = self.own_task(self.hire, "Advanced: refunds")
        Task = self.env["onboarding.task"]
        for role, user in (("employee", self.hire_user), ("mentor", self.mentor_user), ("officer", self.officer_user)):
            for label, file in self.foreign.items():
                vals = {
                    "enrollment_id": task.enrollment_id.id,
                    "item_id": task.item_id.id,
                    "deadline": task.deadline,
                    "evidence_attachment_ids": [Command.link(file.id)],
                }
                with self.subTest(role=role, file=label):
                    count = Task.search_count([])
                    self.assertRefusedQuietly(lambda: Task.with_user(user).create(vals), file, task)
                    self.assertEqual(Task.search_count([]), count)

    def test_foreign_files_cannot_be_linked_through_import(self):
        for user, task, elsewhere in (
            (
                self.hire_user,
                self.own_task(self.hire, "Advanced: refunds"),
                self.own_task(self.hire, "Optional: complaints"),
            ),
            (
                self.officer_user,
                self.own_task(self.other, "Advanced: refunds"),
                self.own_task(self.hire, "Advanced: refunds"),
            ),
        ):
            # The caller's own file at home on another task: one an import can find, as the caller reads it.
            own_elsewhere = self.upload(user, elsewhere, f"{user.login}-elsewhere.png")
            for label, file in {**self.foreign, "own file at home elsewhere": own_elsewhere}.items():
                with self.subTest(user=user.name, file=label):
                    before = self.snapshot(file)
                    result = (
                        self.env["onboarding.task"]
                        .with_user(user)
                        .load([".id", "evidence_attachment_ids/.id"], [[str(task.id), str(file.id)]])
                    )
                    self.assertFalse(result["ids"])
                    self.assertNotIn(file.sudo().name, str(result["messages"]))
                    self.env.invalidate_all()
                    self.assertEqual(self.snapshot(file), before)
                    self.assertFalse(task.sudo().evidence_attachment_ids)

    def test_own_files_at_home_elsewhere_are_refused_too(self):
        """The caller's own file on another task, or on a record of their own, is not a fresh upload."""
        task = self.own_task(self.hire, "Advanced: refunds")
        other_own_task = self.own_task(self.hire, "Optional: complaints")
        on_other_task = self.upload(self.hire_user, other_own_task, "refunds-elsewhere.png")
        in_other_evidence = self.upload(self.hire_user, name="shared.png")
        other_own_task.with_user(self.hire_user).write(
            {"evidence_attachment_ids": [Command.link(in_other_evidence.id)]}
        )
        for file in (on_other_task, in_other_evidence):
            self.assertRefusedQuietly(
                lambda: task.with_user(self.hire_user).write({"evidence_attachment_ids": [Command.link(file.id)]}),
                file,
                task | other_own_task,
            )

    def test_one_file_proves_one_task(self):
        tasks = self.own_task(self.hire, "Advanced: refunds") | self.own_task(self.hire, "Optional: complaints")
        fresh = self.upload(self.hire_user, name="both.png")
        self.assertRefusedQuietly(
            lambda: tasks.with_user(self.hire_user).write({"evidence_attachment_ids": [Command.link(fresh.id)]}),
            fresh,
            tasks,
        )

    def test_commands_cannot_reach_other_files(self):
        task = self.own_task(self.hire, "Advanced: refunds")
        own = self.upload(self.hire_user, task, "mine.png")
        task.with_user(self.hire_user).write({"evidence_attachment_ids": [Command.link(own.id)]})
        attempts = {
            "delete a foreign file": [Command.delete(self.stray.id)],
            "delete another hire's evidence": [Command.delete(self.other_evidence.id)],
            "edit a foreign file": [Command.update(self.id_card.id, {"res_id": self.hire.id})],
            "edit the own evidence": [Command.update(own.id, {"res_model": "res.partner", "res_id": 1})],
            "create a file from values": [Command.create({"name": "made.png", "raw": PNG_BYTES})],
            "link an id that does not exist": [Command.link(999999999)],
            "link a string": [Command.link("evil")],
        }
        files = self.stray | self.other_evidence | self.id_card | own
        for label, commands in attempts.items():
            with self.subTest(attempt=label):
                self.assertRefusedQuietly(
                    lambda: task.with_user(self.hire_user).write({"evidence_attachment_ids": commands}),
                    files,
                    task,
                    secret_names=(self.stray.name, self.other_evidence.name, self.id_card.name),
                )

    def test_system_paths_never_move_a_file_off_its_record(self):
        """Even as superuser (portal route, wizards) a file at home elsewhere is not linked, hence not moved."""
        task = self.own_task(self.portal_employee, BASIC)
        for label, file in self.foreign.items():
            with self.subTest(file=label):
                self.assertRefusedQuietly(
                    lambda: task.sudo().write({"evidence_attachment_ids": [Command.link(file.id)]}),
                    file,
                    task,
                )

    def test_refusal_names_no_file(self):
        task = self.own_task(self.hire, "Advanced: refunds")
        message = self.assertRefusedQuietly(
            lambda: task.with_user(self.hire_user).write({"evidence_attachment_ids": [Command.link(self.id_card.id)]}),
            self.id_card,
            task,
        )
        self.assertEqual(message, "You can only attach files that you have just uploaded here.")

    def test_onchange_shows_no_foreign_file(self):
        task = self.own_task(self.hire, "Advanced: refunds")
        Task = self.env["onboarding.task"].with_user(self.hire_user)
        try:
            result = Task.browse(task.id).onchange(
                {"evidence_attachment_ids": [Command.link(self.id_card.id)]},
                ["evidence_attachment_ids"],
                {"evidence_attachment_ids": {"fields": {"name": {}}}},
            )
        except AccessError:
            return
        self.assertNotIn(self.id_card.name, str(result))

    # ------------------------------------------------------------------
    # Fresh uploads
    # ------------------------------------------------------------------
    def test_own_fresh_uploads_are_linked_and_homed_on_the_task(self):
        for role, (user, task) in self.attackers.items():
            # Evidence is the hire's own: nobody else sets it (field policy), and portal hires upload on their page.
            if user == self.portal_user or not role.endswith("their own task"):
                continue
            for how in ("unattached", "uploaded on the task"):
                with self.subTest(role=role, upload=how):
                    fresh = self.upload(user, task if how == "uploaded on the task" else None, f"{role}-{how}.png")
                    task.with_user(user).write({"evidence_attachment_ids": [Command.link(fresh.id)]})
                    self.assertIn(fresh, task.sudo().evidence_attachment_ids)
                    self.assertEqual((fresh.sudo().res_model, fresh.sudo().res_id), ("onboarding.task", task.id))

    def test_portal_upload_path_links_the_hire_s_file(self):
        task = self.own_task(self.portal_employee, BASIC).with_user(self.portal_user).sudo()
        attachment = task._evidence_from_upload("portal-proof.png", PNG_BYTES)
        task.write({"evidence_attachment_ids": [Command.link(attachment.id)]})
        self.assertEqual(task.evidence_attachment_ids, attachment)
        self.assertEqual(attachment.create_uid, self.portal_user)
        self.assertEqual((attachment.res_model, attachment.res_id), ("onboarding.task", task.id))

    def test_own_files_of_the_wrong_type_are_named_to_their_owner(self):
        task = self.own_task(self.hire, "Advanced: refunds")
        fresh = self.env["ir.attachment"].with_user(self.hire_user).create({"name": "empty-proof.png", "raw": b""})
        with self.assertRaisesRegex(UserError, "empty-proof.png is empty"):
            task.with_user(self.hire_user).write({"evidence_attachment_ids": [Command.link(fresh.id)]})

    def test_system_create_homes_fresh_uploads(self):
        template = self.own_task(self.hire, "Advanced: refunds")
        fresh = self.upload(self.officer_user, name="at-create.png")
        task = (
            self.env["onboarding.task"]
            .with_user(self.officer_user)
            .sudo()
            .create(
                {
                    "enrollment_id": template.enrollment_id.id,
                    "item_id": template.item_id.id,
                    "deadline": template.deadline,
                    "evidence_attachment_ids": [Command.link(fresh.id)],
                }
            )
        )
        self.assertEqual(task.evidence_attachment_ids, fresh)
        self.assertEqual((fresh.res_model, fresh.res_id), ("onboarding.task", task.id))

    def test_removing_open_evidence_still_works(self):
        task = self.own_task(self.hire, "Advanced: refunds")
        first, second = (self.upload(self.hire_user, task, name) for name in ("first.png", "second.png"))
        task.with_user(self.hire_user).write({"evidence_attachment_ids": [Command.set((first | second).ids)]})
        task.with_user(self.hire_user).write({"evidence_attachment_ids": [Command.unlink(first.id)]})
        self.assertEqual(task.evidence_attachment_ids, second)
        task.with_user(self.hire_user).write({"evidence_attachment_ids": [Command.delete(second.id)]})
        self.assertFalse(task.evidence_attachment_ids)
        self.assertFalse(second.exists())

    # ------------------------------------------------------------------
    # Confirmed evidence
    # ------------------------------------------------------------------
    def test_confirmed_evidence_cannot_be_removed_from_its_task(self):
        evidence, task = self.hire_evidence, self.hire_done
        removals = {
            "unlink": [Command.unlink(evidence.id)],
            "clear": [Command.clear()],
            "set to nothing": [Command.set([])],
            "set to another file": [Command.set(self.upload(self.hire_user, task, "swap.png").ids)],
            "delete": [Command.delete(evidence.id)],
            "False": False,
        }
        for user in (self.hire_user, self.officer_user):
            for label, commands in removals.items():
                with self.subTest(user=user.name, removal=label):
                    self.assertRefusedQuietly(
                        lambda: task.with_user(user).write({"evidence_attachment_ids": commands}), evidence, task
                    )
        with self.assertRaises(UserError):
            task.sudo().write({"evidence_attachment_ids": [Command.clear()]})
        self.assertEqual(task.evidence_attachment_ids, evidence)

    def test_confirmed_evidence_cannot_be_deleted_or_rewritten(self):
        evidence = self.hire_evidence
        open_task = self.own_task(self.hire, "Advanced: refunds")
        changes = {
            "moved to another task": {"res_id": open_task.id},
            "moved to another model": {"res_model": "res.partner", "res_id": self.hire_user.partner_id.id},
            "detached": {"res_model": False, "res_id": False},
            "content replaced": {"datas": base64.b64encode(PNG_BYTES + b"tampered")},
        }
        for user in (self.hire_user, self.officer_user, self.mentor_user):
            for label, vals in changes.items():
                with self.subTest(user=user.name, change=label):
                    self.assertRefusedQuietly(lambda: evidence.with_user(user).write(vals), evidence, self.hire_done)
            with self.subTest(user=user.name, change="deleted"):
                self.assertRefusedQuietly(lambda: evidence.with_user(user).unlink(), evidence, self.hire_done)
        # Deleting it through another task's evidence commands, which run the deletion as the caller.
        self.assertRefusedQuietly(
            lambda: open_task.with_user(self.hire_user).write(
                {"evidence_attachment_ids": [Command.delete(evidence.id)]}
            ),
            evidence,
            self.hire_done | open_task,
        )
        with self.assertRaises(UserError):
            evidence.sudo().unlink()
        self.assertTrue(evidence.exists())

    def test_confirmed_evidence_survives_a_chatter_edit(self):
        """Editing a message deletes its files as superuser: confirmed evidence put on a message stays."""
        message = self.hire_done.with_user(self.hire_user).message_post(
            body="Here is my proof again",
            attachment_ids=self.hire_evidence.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertIn(self.hire_evidence, message.sudo().attachment_ids)
        with self.assertRaisesRegex(UserError, "Confirmed evidence can no longer be deleted"):
            self.hire_done.sudo()._message_update_content(message.sudo(), "", attachment_ids=[])
        self.assertTrue(self.hire_evidence.exists())
        self.assertEqual(self.hire_done.evidence_attachment_ids, self.hire_evidence)

    def test_open_evidence_can_still_be_deleted_by_its_owner(self):
        task = self.own_task(self.hire, "Advanced: refunds")
        fresh = self.upload(self.hire_user, task, "open.png")
        task.with_user(self.hire_user).write({"evidence_attachment_ids": [Command.link(fresh.id)]})
        fresh.with_user(self.hire_user).unlink()
        self.assertFalse(task.evidence_attachment_ids)
