import base64

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

PNG_BYTES = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestEvidenceTour(HttpCase):
    """Evidence in the task form: the mentor previews what was handed in; the hire knows the button uploads."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        onboarding = "onboarding_training.group_onboarding_"
        cls.mentor_user = new_test_user(cls.env, "evidence_mentor", groups=f"base.group_user,{onboarding}user")
        cls.hire_user = new_test_user(cls.env, "evidence_hire", groups="base.group_user")
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        mentor = Employee.create({"name": "Eva Mentor", "user_id": cls.mentor_user.id})
        hire = Employee.create({"name": "Hugo Hire", "user_id": cls.hire_user.id, "coach_id": mentor.id})
        item = {"item_type": "task", "evidence_required": True, "confirmation_required": True}
        program = cls.env["onboarding.program"].create(
            {
                "name": "Evidence week",
                "auto_enroll": False,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Week 1",
                            "deadline_offset_days": 7,
                            "responsible_role": "mentor",
                            "item_ids": [
                                Command.create({"name": "Operate the back office", "sequence": 1, **item}),
                                Command.create({"name": "Chat etiquette", "sequence": 2, **item}),
                            ],
                        }
                    )
                ],
            }
        )
        enrollment = cls.env["onboarding.enrollment"]._enroll(hire, program, start_date=fields.Date.today())
        cls.handed_in, cls.open_task = enrollment.task_ids.sorted("sequence")
        for task, name in ((cls.handed_in, "back-office.png"), (cls.open_task, "draft.png")):
            attachment = (
                cls.env["ir.attachment"]
                .with_user(cls.hire_user)
                .create({"name": name, "raw": PNG_BYTES, "res_model": "onboarding.task", "res_id": task.id})
            )
            task.with_user(cls.hire_user).write({"evidence_attachment_ids": [Command.link(attachment.id)]})
        cls.handed_in.with_user(cls.hire_user).action_submit()

    def test_mentor_previews_handed_in_evidence(self):
        self.assertEqual(self.handed_in.state, "submitted")
        url = f"/odoo/action-onboarding_training.onboarding_task_action/{self.handed_in.id}"
        self.start_tour(url, "onboarding_training_evidence_preview", login=self.mentor_user.login)
        self.assertEqual(self.handed_in.evidence_attachment_ids.mapped("name"), ["back-office.png"])

    def test_hire_sees_an_upload_button(self):
        url = f"/odoo/action-onboarding_training.onboarding_task_action/{self.open_task.id}"
        self.start_tour(url, "onboarding_training_evidence_upload_button", login=self.hire_user.login)
