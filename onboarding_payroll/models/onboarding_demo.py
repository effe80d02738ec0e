"""The demo shop's payroll: a payroll officer, a contract for each hire from their first day, the payslips.

The payroll officer (pei / pei) gives each hire a contract on the onboarding structure from their start
date (the resigned hire's ends on their departure), then runs the payroll of every month that has closed
since the first cohort started, the way it is done from Payroll › Payslip Batches: one batch per month,
"Generate Payslips" for the hires under contract, computed with the training rules. The older months
are confirmed and their batches closed; the last one waits for the officer's confirmation.
"""

from dateutil.relativedelta import relativedelta

from odoo import Command, api, models

WAGES = {"cs": 6000.0, "ops": 6600.0, "wh": 5500.0}


class OnboardingDemo(models.AbstractModel):
    _inherit = "onboarding.demo"

    @api.model
    def _load_payroll_demo(self):
        if not self.env.su:
            return False
        shop = self._demo_shop(staff=False)
        officer = self._demo_payroll_officer(shop)
        contracts = self._demo_contracts(shop, officer)
        self._demo_payroll_runs(shop, officer, contracts)
        return True

    @api.model
    def _demo_payroll_officer(self, shop):
        # Payslip batches are the payroll managers' in OCA payroll: the shop's payroll officer is one.
        groups = [self.env.ref("base.group_user").id, self.env.ref("payroll.group_payroll_manager").id]
        user = self._demo_users(shop.company, [("Pei Yun", "pei", True, groups)])
        self._demo_find_or_create(
            self.env["hr.employee"].with_context(onboarding_no_auto_enroll=True),
            [
                {
                    **self._demo_employee_vals(shop.company, shop.calendar, "Pei Yun", shop.departments["fin"]),
                    "user_id": user.id,
                    "job_title": "Payroll Officer",
                }
            ],
            ("user_id",),
        )
        return user

    @api.model
    def _demo_contracts(self, shop, officer):
        """One contract per hire who did not decline, on the onboarding structure, from the first day."""
        structure = self.env.ref("onboarding_payroll.hr_payroll_structure_onboarding")
        teams = {program: team for team, program in shop.programs.items()}
        enrollments = self.env["onboarding.enrollment"].search(
            [("program_id", "in", [p.id for p in teams]), ("state", "not in", ("draft", "cancelled"))]
        )
        Contract = self.env["hr.contract"].with_context(active_test=False)
        existing = Contract.search([("employee_id", "in", enrollments.employee_id.ids)])
        Contract.with_user(officer).create(
            [
                {
                    "name": f"{enrollment.employee_id.name} – {enrollment.program_id.name}",
                    "employee_id": enrollment.employee_id.id,
                    "company_id": shop.company.id,
                    "wage": WAGES[teams[enrollment.program_id]],
                    "date_start": enrollment.start_date,
                    "date_end": enrollment.employee_id.departure_date,
                    "resource_calendar_id": shop.calendar.id,
                    "struct_id": structure.id,
                    "state": "open" if enrollment.start_date <= shop.today else "draft",
                }
                for enrollment in enrollments
                if enrollment.employee_id not in existing.employee_id
            ]
        )
        return Contract.search([("employee_id", "in", enrollments.employee_id.ids), ("struct_id", "=", structure.id)])

    @api.model
    def _demo_payroll_runs(self, shop, officer, contracts):
        """One payslip batch per closed month since the first start, generated and computed by the officer."""
        if not contracts:
            return
        Run = self.env["hr.payslip.run"].with_user(officer)
        month = min(contracts.mapped("date_start")).replace(day=1)
        this_month = shop.today.replace(day=1)
        runs = Run.browse()
        while month < this_month:
            last = month + relativedelta(months=1, days=-1)
            name = f"Bloom Beauty {month:%Y-%m}"
            run = Run.search([("name", "=", name), ("company_id", "=", shop.company.id)], limit=1)
            paid = contracts.filtered(
                lambda c, month=month, last=last: (
                    c.state == "open" and c.date_start <= last and (not c.date_end or c.date_end >= month)
                )
            )
            if not run and paid:
                run = Run.create({"name": name, "date_start": month, "date_end": last, "company_id": shop.company.id})
                wizard = (
                    self.env["hr.payslip.employees"]
                    .with_user(officer)
                    .with_context(active_id=run.id)
                    .create({"employee_ids": [Command.set(paid.employee_id.filtered("active").ids)]})
                )
                wizard.compute_sheet()
                self._demo_final_payslips(run, paid.employee_id.filtered(lambda e: not e.active), officer)
                runs |= run
            month += relativedelta(months=1)
        # Paid months are confirmed and closed; the last month waits for the officer's check.
        for run in runs.sorted("date_start")[:-1]:
            wizard = (
                self.env["hr.payslip.change.state"]
                .with_user(officer)
                .with_context(active_ids=run.slip_ids.ids)
                .create({"state": "done"})
            )
            wizard.change_state_confirm()
            run.close_payslip_run()

    @api.model
    def _demo_final_payslips(self, run, leavers, officer):
        """Those who left are no longer offered by "Generate Payslips": their last payslip is added to the batch."""
        Payslip = self.env["hr.payslip"].with_user(officer)
        payslips = Payslip.browse()
        for employee in leavers:
            values = Payslip.get_payslip_vals(run.date_start, run.date_end, employee.id)["value"]
            payslips |= Payslip.create(
                {
                    "employee_id": employee.id,
                    "name": values["name"],
                    "contract_id": values["contract_id"],
                    "struct_id": values["struct_id"],
                    "payslip_run_id": run.id,
                    "date_from": run.date_start,
                    "date_to": run.date_end,
                    "input_line_ids": [Command.create(vals) for vals in values["input_line_ids"]],
                    "worked_days_line_ids": [Command.create(vals) for vals in values["worked_days_line_ids"]],
                    "company_id": employee.company_id.id,
                }
            )
        payslips.compute_sheet()
