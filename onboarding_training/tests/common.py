import base64
from datetime import date, timedelta

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

PNG_BYTES = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


class OnboardingCase(TransactionCase):
    """A small shop: HR officer, a manager with a user, a mentor with a user, and a program."""

    # A Monday two to three weeks ahead, so the suite never ages out of the start-date sanity window.
    START = date.today() + timedelta(days=14 + (7 - date.today().weekday()) % 7)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.company = cls.env.company
        cls.officer_user = new_test_user(
            cls.env,
            "onb_officer",
            groups="base.group_user,onboarding_training.group_onboarding_officer",
            name="Olivia Officer",
        )
        cls.manager_user = new_test_user(
            cls.env,
            "onb_manager",
            groups="base.group_user,onboarding_training.group_onboarding_user",
            name="Mark Manager",
        )
        cls.mentor_user = new_test_user(
            cls.env,
            "onb_mentor",
            groups="base.group_user,onboarding_training.group_onboarding_user",
            name="Mia Mentor",
        )
        cls.hire_user = new_test_user(cls.env, "onb_hire", groups="base.group_user", name="Henry Hire")
        cls.other_user = new_test_user(cls.env, "onb_other", groups="base.group_user", name="Oscar Other")
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.director = Employee.create({"name": "Diana Director"})
        cls.manager = Employee.create(
            {"name": "Mark Manager", "user_id": cls.manager_user.id, "parent_id": cls.director.id}
        )
        cls.mentor = Employee.create({"name": "Mia Mentor", "user_id": cls.mentor_user.id, "parent_id": cls.manager.id})
        cls.job_cs = cls.env["hr.job"].create({"name": "Customer Service Agent"})
        cls.dept_cs = cls.env["hr.department"].create({"name": "Customer Service"})
        cls.hire = Employee.create(
            {
                "name": "Henry Hire",
                "user_id": cls.hire_user.id,
                "parent_id": cls.manager.id,
                "coach_id": cls.mentor.id,
            }
        )
        cls.other = Employee.create(
            {
                "name": "Oscar Other",
                "user_id": cls.other_user.id,
                "parent_id": cls.manager.id,
                "coach_id": cls.mentor.id,
            }
        )
        cls.program = cls._make_program("CS – 30 days", jobs=cls.job_cs)

    @classmethod
    def _make_program(cls, name, jobs=None, departments=None, auto_enroll=True):
        program = cls.env["onboarding.program"].create(
            {
                "name": name,
                "auto_enroll": auto_enroll,
                "job_ids": [Command.set(jobs.ids)] if jobs else [],
                "department_ids": [Command.set(departments.ids)] if departments else [],
                "hr_responsible_id": cls.officer_user.id,
                "pass_score": 70,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Pre-boarding",
                            "sequence": 10,
                            "start_offset_days": -7,
                            "deadline_offset_days": -3,
                            "responsible_role": "hr",
                            "blocks_attendance": True,
                            "item_ids": [
                                Command.create({"name": "Employee handbook", "item_type": "course", "sequence": 1}),
                                Command.create({"name": "Culture handbook", "item_type": "course", "sequence": 2}),
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "name": "Day 1",
                            "sequence": 20,
                            "start_offset_days": 0,
                            "deadline_offset_days": 0,
                            "responsible_role": "hr",
                            "item_ids": [Command.create({"name": "Orientation", "item_type": "session"})],
                        }
                    ),
                    Command.create(
                        {
                            "name": "Week 1",
                            "sequence": 30,
                            "start_offset_days": 1,
                            "deadline_offset_days": 7,
                            "responsible_role": "mentor",
                            "requires_daily_checkin": True,
                            "item_ids": [
                                Command.create(
                                    {
                                        "name": "Basic: back office",
                                        "item_type": "task",
                                        "sequence": 1,
                                        "evidence_required": True,
                                        "confirmation_required": True,
                                    }
                                ),
                                Command.create(
                                    {
                                        "name": "Advanced: refunds",
                                        "item_type": "task",
                                        "sequence": 2,
                                        "evidence_required": True,
                                        "confirmation_required": True,
                                    }
                                ),
                                Command.create(
                                    {
                                        "name": "Optional: complaints",
                                        "item_type": "task",
                                        "sequence": 3,
                                        "required": False,
                                    }
                                ),
                            ],
                        }
                    ),
                ],
            }
        )
        items = program.stage_ids.item_ids
        basic = items.filtered(lambda i: i.name == "Basic: back office")
        items.filtered(lambda i: i.name == "Advanced: refunds").prerequisite_ids = basic
        items.filtered(lambda i: i.name == "Optional: complaints").prerequisite_ids = basic
        return program

    @classmethod
    def day(cls, offset):
        """The date `offset` days from the start, for freeze_time."""
        return cls.START + timedelta(days=offset)

    def enroll(self, employees=None, start=None, program=None):
        return self.env["onboarding.enrollment"]._enroll(
            employees or self.hire, program or self.program, start_date=start or self.START
        )

    @staticmethod
    def task(enrollment, name):
        return enrollment.task_ids.filtered(lambda t: t.name == name)

    def attach(self, task, content=PNG_BYTES, name="proof.png", user=None):
        attachment = (
            self.env["ir.attachment"]
            .with_user(user or self.hire_user)
            .create({"name": name, "raw": content, "res_model": "onboarding.task", "res_id": task.id})
        )
        task.with_user(user or self.hire_user).write({"evidence_attachment_ids": [Command.link(attachment.id)]})
        return attachment

    def finish(self, tasks):
        """Bring tasks to done the way people would: submit as the hire, confirm as an officer."""
        for task in tasks:
            if task.evidence_required and not task.evidence_attachment_ids:
                self.attach(task)
            task.with_user(self.hire_user).action_submit()
            if task.state == "submitted":
                task.with_user(self.officer_user).action_confirm()
