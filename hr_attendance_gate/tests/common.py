from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tests import new_test_user

TZ = "Asia/Shanghai"


class GateFixtures:
    """A shop in Shanghai: HR officer, attendance admin, a manager, a blocked new hire and a regular employee."""

    # A Monday two to three weeks ahead, so the suite never ages out of the start-date sanity window.
    START = date.today() + timedelta(days=14 + (7 - date.today().weekday()) % 7)

    @classmethod
    def _setup_gate(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.company = cls.env.company
        cls.company.sudo().write({"attendance_kiosk_mode": "manual", "attendance_kiosk_use_pin": False})
        cls.kiosk_token = cls.company.sudo().attendance_kiosk_key
        cls.officer_user = new_test_user(
            cls.env,
            "gate_officer",
            groups="base.group_user,onboarding_training.group_onboarding_officer",
            name="Olivia Officer",
        )
        cls.att_admin_user = new_test_user(
            cls.env, "gate_att_admin", groups="base.group_user,hr_attendance.group_hr_attendance_manager"
        )
        cls.manager_user = new_test_user(
            cls.env, "gate_manager", groups="base.group_user,onboarding_training.group_onboarding_user"
        )
        cls.hire_user = new_test_user(cls.env, "gate_hire", groups="base.group_user", name="Henry Hire")
        cls.other_user = new_test_user(cls.env, "gate_other", groups="base.group_user", name="Oscar Other")
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        cls.manager = Employee.create({"name": "Mark Manager", "user_id": cls.manager_user.id, "tz": TZ})
        cls.hire, cls.other = Employee.create(
            [
                {
                    "name": "Henry Hire",
                    "user_id": cls.hire_user.id,
                    "parent_id": cls.manager.id,
                    "barcode": "041000000001",
                    "pin": "1234",
                    "tz": TZ,
                    # Employees record their own attendance from the systray when they manage it themselves.
                    "attendance_manager_id": cls.hire_user.id,
                },
                {
                    "name": "Oscar Other",
                    "user_id": cls.other_user.id,
                    "barcode": "041000000002",
                    "pin": "5678",
                    "tz": TZ,
                    "attendance_manager_id": cls.other_user.id,
                },
            ]
        )
        cls.program = cls._make_program("CS – 30 days")
        cls.enrollment = cls.enroll(cls.hire)

    @classmethod
    def _make_program(cls, name):
        return cls.env["onboarding.program"].create(
            {
                "name": name,
                "auto_enroll": False,
                "hr_responsible_id": cls.officer_user.id,
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
                                Command.create({"name": "Optional reading", "item_type": "course", "required": False}),
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
                            "item_ids": [
                                Command.create(
                                    {
                                        "name": "Orientation",
                                        "item_type": "session",
                                        "session_start_hour": 9.0,
                                        "session_end_hour": 11.0,
                                    }
                                )
                            ],
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
                            "item_ids": [Command.create({"name": "Shop back office", "item_type": "task"})],
                        }
                    ),
                ],
            }
        )

    @classmethod
    def enroll(cls, employees, start=None):
        return cls.env["onboarding.enrollment"]._enroll(employees, cls.program, start_date=start or cls.START)

    @classmethod
    def finish_preboarding(cls, enrollment):
        tasks = enrollment.task_ids.filtered(lambda t: t.blocks_attendance and t.required)
        tasks.with_user(enrollment.employee_id.user_id).action_submit()

    @classmethod
    def day(cls, offset):
        return cls.START + timedelta(days=offset)

    @classmethod
    def utc(cls, offset, hour, minute=0):
        """A naive UTC datetime `offset` days from the start; Shanghai is 8 hours ahead."""
        return datetime.combine(cls.day(offset), datetime.min.time()) + timedelta(hours=hour, minutes=minute)

    @staticmethod
    def task(enrollment, name):
        return enrollment.task_ids.filtered(lambda t: t.name == name)
