from datetime import date, datetime

import lxml.html
from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

# September 2025 has 22 working days from Monday to Friday.
PERIOD_START = date(2025, 9, 1)
PERIOD_END = date(2025, 9, 30)
WORKING_DAYS = 22
TODAY = date(2025, 10, 3)
WAGE = 6000.0
# Done on 10 September, well inside the period in any time zone.
IN_TIME = datetime(2025, 9, 10, 2, 0)
# 30 September 17:00 UTC is already 1 October in Shanghai: too late for September.
LATE_IN_SHANGHAI = datetime(2025, 9, 30, 17, 0)


class OnboardingPayrollCase(TransactionCase):
    """A shop paying new hires on a structure with the training rules, in a 40-hour week in Shanghai."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.startClassPatcher(freeze_time(TODAY))
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, mail_notrack=True, onboarding_no_auto_enroll=True)
        )
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        cls.payroll_officer = new_test_user(
            cls.env, "opay_officer", groups="base.group_user,payroll.group_payroll_user", name="Paul Officer"
        )
        # Company settings need the Settings rights on top of payroll management.
        cls.payroll_manager = new_test_user(
            cls.env,
            "opay_manager",
            groups="base.group_user,base.group_system,payroll.group_payroll_manager",
            name="Pia Manager",
        )
        cls.onboarding_officer = new_test_user(
            cls.env,
            "opay_hr",
            groups="base.group_user,onboarding_training.group_onboarding_officer",
            name="Hana HR",
        )
        cls.calendar = cls.env["resource.calendar"].create({"name": "Shop 40h", "tz": "Asia/Shanghai"})
        cls._setup_structure()

    @classmethod
    def _setup_structure(cls):
        Category = cls.env["hr.salary.rule.category"]
        Rule = cls.env["hr.salary.rule"]
        basic_category = Category.create({"name": "Basic", "code": "BASIC"})
        net_category = Category.create({"name": "Net", "code": "NET"})
        rules = Rule.create(
            [
                {
                    "name": "Basic Salary",
                    "code": "BASIC",
                    "sequence": 1,
                    "category_id": basic_category.id,
                    "amount_select": "code",
                    "amount_python_compute": "result = contract.wage",
                },
                {
                    "name": "Net Salary",
                    "code": "NET",
                    "sequence": 200,
                    "category_id": net_category.id,
                    "amount_select": "code",
                    "amount_python_compute": "result = categories.BASIC + categories.ONB",
                },
            ]
        )
        cls.training_rules = (
            cls.env.ref("onboarding_payroll.hr_salary_rule_onboarding_deduction")
            | cls.env.ref("onboarding_payroll.hr_salary_rule_onboarding_bonus")
            | cls.env.ref("onboarding_payroll.hr_salary_rule_onboarding_missed")
        )
        cls.structure = cls.env["hr.payroll.structure"].create(
            {
                "name": "New hires",
                "code": "NEWHIRE",
                "parent_id": False,
                "rule_ids": [Command.set((rules | cls.training_rules).ids)],
            }
        )

    @classmethod
    def _make_employees(cls, names):
        """Employees in Shanghai with a running 6,000.00 contract on the shop's calendar."""
        employees = cls.env["hr.employee"].create(
            [{"name": name, "tz": "Asia/Shanghai", "resource_calendar_id": cls.calendar.id} for name in names]
        )
        cls.env["hr.contract"].create(
            [
                {
                    "name": f"Contract {employee.name}",
                    "employee_id": employee.id,
                    "wage": WAGE,
                    "date_start": date(2025, 1, 1),
                    "resource_calendar_id": cls.calendar.id,
                    "struct_id": cls.structure.id,
                    "state": "open",
                }
                for employee in employees
            ]
        )
        return employees

    @classmethod
    def _make_program(cls, required_items, name="Customer service – 30 days"):
        """Required items due on 15 September for a 1 September start, one optional item, one due in October."""
        return cls.env["onboarding.program"].create(
            {
                "name": name,
                "auto_enroll": False,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Weeks 1-2",
                            "sequence": 10,
                            "deadline_offset_days": 14,
                            "item_ids": [
                                Command.create({"name": f"Task {index}", "item_type": "task", "sequence": index})
                                for index in range(required_items)
                            ]
                            + [Command.create({"name": "Optional reading", "required": False, "sequence": 999})],
                        }
                    ),
                    Command.create(
                        {
                            "name": "Month 2",
                            "sequence": 20,
                            "start_offset_days": 30,
                            "deadline_offset_days": 40,
                            "item_ids": [Command.create({"name": "October assessment", "item_type": "exam"})],
                        }
                    ),
                ],
            }
        )

    @classmethod
    def _enroll(cls, employees, program):
        return cls.env["onboarding.enrollment"]._enroll(employees, program, start_date=PERIOD_START)

    @classmethod
    def _finish(cls, enrollment, count, when=IN_TIME):
        """Mark `count` more of the enrollment's required September tasks done at `when`."""
        tasks = enrollment.task_ids.filtered(lambda t: t.required and t.state != "done" and t.deadline.month == 9)
        tasks[:count].sudo().write({"state": "done", "done_date": when})

    @classmethod
    def _miss(cls, employee, days, justified=False):
        return (
            cls.env["onboarding.attendance.miss"]
            .sudo()
            .create(
                [
                    {
                        "employee_id": employee.id,
                        "date": date(2025, 9, day),
                        "justified": justified,
                        "justification": "Doctor's note" if justified else False,
                    }
                    for day in days
                ]
            )
        )

    def make_payslips(self, employees, user=None):
        Payslip = self.env["hr.payslip"].with_user(user or self.payroll_manager)
        return Payslip.create(
            [
                {
                    "name": f"Payslip {employee.name}",
                    "employee_id": employee.id,
                    "contract_id": employee.contract_id.id,
                    "struct_id": self.structure.id,
                    "date_from": PERIOD_START,
                    "date_to": PERIOD_END,
                }
                for employee in employees
            ]
        )

    @staticmethod
    def total(payslip, code):
        return sum(payslip.line_ids.filtered(lambda line: line.code == code).mapped("total"))

    @staticmethod
    def summary_text(payslip):
        return lxml.html.fromstring(payslip.onboarding_summary).text_content()

    @staticmethod
    def training_inputs(payslip):
        return {
            line.code: (line.amount, line.amount_qty)
            for line in payslip.input_line_ids
            if line.code in ("ONB_RATE", "ONB_MISSED")
        }
