import base64

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

PNG_BYTES = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
OUR_ADDONS = ["onboarding_training", "hr_attendance_gate", "training_analytics", "onboarding_payroll"]


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    """The main journeys in a real browser: HR, the new hire on the portal, the mentor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        onboarding = "onboarding_training.group_onboarding_"
        # Logins of eight characters or more: the browser logs in with the login as password.
        cls.hr_user = new_test_user(
            cls.env, "tour_hr_officer", groups=f"base.group_user,hr.group_hr_user,{onboarding}manager", name="Hana HR"
        )
        cls.mentor_user = new_test_user(cls.env, "tour_mentor", groups=f"base.group_user,{onboarding}user")
        cls.mentor_user.name = "Mia Mentor"
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.mentor = Employee.create({"name": "Mia Mentor", "user_id": cls.mentor_user.id})
        cls.job = cls.env["hr.job"].create({"name": "Livestream Agent"})
        cls.hire = Employee.create(
            {"name": "Nina Newhire", "private_email": "nina.newhire@example.com", "coach_id": cls.mentor.id}
        )
        # The week the portal and mentor tours work on: one task with evidence and confirmation.
        cls.program = cls.env["onboarding.program"].create(
            {
                "name": "Livestream week 1",
                "auto_enroll": False,
                "hr_responsible_id": cls.hr_user.id,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Week 1",
                            "deadline_offset_days": 7,
                            "responsible_role": "mentor",
                            "item_ids": [
                                Command.create(
                                    {
                                        "name": "Operate the shop back office",
                                        "item_type": "task",
                                        "evidence_required": True,
                                        "confirmation_required": True,
                                    }
                                )
                            ],
                        }
                    )
                ],
            }
        )
        cls.enrollment = cls.env["onboarding.enrollment"]._enroll(cls.hire, cls.program, start_date=fields.Date.today())
        cls.task = cls.enrollment.task_ids

    def portal_hire(self):
        self.enrollment.with_user(self.hr_user).action_invite_portal()
        user = self.enrollment.portal_user_id
        user.password = user.login
        return user

    def assert_program_from_template(self, name, lang):
        template = self.env.ref("onboarding_training.program_customer_service")
        program = self.env["onboarding.program"].with_context(lang=lang).search([("job_ids", "=", self.job.id)])
        self.assertEqual(len(program), 1)
        self.assertEqual(program.name, name)
        self.assertFalse(program.is_template)
        self.assertEqual(program.company_id, self.env.company)
        self.assertEqual(len(program.stage_ids.item_ids), len(template.stage_ids.item_ids))
        enrollment = self.env["onboarding.enrollment"].search(
            [("employee_id", "=", self.hire.id), ("program_id", "=", program.id)]
        )
        self.assertEqual(enrollment.state, "running")
        self.assertEqual(enrollment.mentor_id, self.mentor)
        self.assertEqual(len(enrollment.task_ids), len(program.stage_ids.item_ids))

    def test_hr_creates_program_from_template(self):
        self.start_tour("/odoo", "onboarding_training_program_from_template", login=self.hr_user.login)
        self.assert_program_from_template("Customer service – Livestream shop", "en_US")

    def test_hr_creates_program_from_template_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(OUR_ADDONS, ["zh_CN"])
        self.hr_user.lang = "zh_CN"
        self.start_tour("/odoo", "onboarding_training_program_from_template_zh", login=self.hr_user.login)
        self.assert_program_from_template("客服 – 直播店铺", "zh_CN")

    def test_hire_uploads_evidence_on_portal(self):
        portal_user = self.portal_hire()
        self.start_tour("/my/onboarding", "onboarding_training_portal_evidence", login=portal_user.login)
        self.assertEqual(self.task.state, "submitted")
        evidence = self.task.evidence_attachment_ids
        self.assertEqual(evidence.mapped("name"), ["back-office.png"])
        self.assertEqual(evidence.mimetype, "image/png")
        self.assertEqual((evidence.res_model, evidence.res_id), ("onboarding.task", self.task.id))

    def test_mentor_confirms_from_to_confirm(self):
        # The hire hands the task in from the portal, whose pages work as superuser for their own tasks.
        task = self.task.with_user(self.portal_hire()).sudo()
        attachment = task._evidence_from_upload("back-office.png", PNG_BYTES)
        task.write({"evidence_attachment_ids": [Command.link(attachment.id)]})
        task.action_submit()
        self.assertEqual(self.task.state, "submitted")
        self.start_tour("/odoo", "onboarding_training_mentor_confirm", login=self.mentor_user.login)
        self.assertEqual(self.task.state, "done")
        self.assertEqual(self.task.confirmed_by_id, self.mentor_user)

    def test_mentor_confirms_from_the_activity_of_a_portal_hand_in(self):
        portal_user = self.portal_hire()
        self.start_tour("/my/onboarding", "onboarding_training_portal_evidence", login=portal_user.login)
        self.assertEqual(self.task.state, "submitted")
        confirm_type = self.env.ref("onboarding_training.mail_activity_type_confirm_task")
        activity = self.task.activity_ids.filtered(lambda a: a.activity_type_id == confirm_type)
        self.assertEqual(activity.user_id, self.mentor_user, "the hand-in reached the mentor at once")
        self.start_tour("/odoo", "onboarding_training_mentor_activity", login=self.mentor_user.login)
        self.assertEqual(self.task.state, "done")
        self.assertEqual(self.task.confirmed_by_id, self.mentor_user)
        self.assertFalse(activity.exists(), "confirming closed the activity")

    def assess_without_exam(self, tour):
        program = self.env["onboarding.program"].create(
            {
                "name": "Livestream practical",
                "auto_enroll": False,
                "hr_responsible_id": self.hr_user.id,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Week 1",
                            "deadline_offset_days": 7,
                            "responsible_role": "mentor",
                            "item_ids": [Command.create({"name": "Host a livestream", "item_type": "task"})],
                        }
                    )
                ],
            }
        )
        self.assertEqual((program.weight_exam, program.weight_practical, program.weight_peer), (0, 100, 0))
        hire = (
            self.env["hr.employee"]
            .with_context(onboarding_no_auto_enroll=True)
            .create({"name": "Paco Practical", "coach_id": self.mentor.id})
        )
        enrollment = self.env["onboarding.enrollment"]._enroll(hire, program, start_date=fields.Date.today())
        enrollment.with_user(self.mentor_user).write({"practical_score": 85, "practical_comment": "Lively host."})
        self.start_tour("/odoo", tour, login=self.hr_user.login)
        self.assertEqual(enrollment.state, "passed")
        self.assertEqual(enrollment.final_score, 85)

    def test_hr_assesses_a_program_without_exam(self):
        self.assess_without_exam("onboarding_training_assess_without_exam")

    def test_hr_assesses_a_program_without_exam_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(OUR_ADDONS, ["zh_CN"])
        self.hr_user.lang = "zh_CN"
        self.assess_without_exam("onboarding_training_assess_without_exam_zh")
