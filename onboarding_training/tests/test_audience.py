from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import OnboardingCase
from .query_counting import QueryCounting


class AudienceSetup:
    """A customer service program whose items target part of its audience (education, job, department, tag)."""

    @classmethod
    def _setup_audience(cls):
        level = cls.env.ref
        cls.graduate = level("onboarding_training.education_level_graduate")
        cls.bachelor = level("onboarding_training.education_level_bachelor")
        cls.master = level("onboarding_training.education_level_master")
        cls.doctor = level("onboarding_training.education_level_doctor")
        cls.job_lead = cls.env["hr.job"].create({"name": "Customer Service Team Lead"})
        cls.dept_vip = cls.env["hr.department"].create({"name": "VIP Customers"})
        cls.tag_night = cls.env["hr.employee.category"].create({"name": "Night shift"})
        cls.audience_program = cls.env["onboarding.program"].create(
            {
                "name": "CS by audience",
                "auto_enroll": False,
                "job_ids": [Command.set((cls.job_cs | cls.job_lead).ids)],
                "department_ids": [Command.set((cls.dept_cs | cls.dept_vip).ids)],
                "hr_responsible_id": cls.officer_user.id,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Pre-boarding",
                            "sequence": 10,
                            "start_offset_days": -7,
                            "deadline_offset_days": -3,
                            "responsible_role": "hr",
                            "item_ids": [
                                Command.create({"name": "Employee handbook", "sequence": 1}),
                                Command.create(
                                    {
                                        "name": "Basic spreadsheets",
                                        "sequence": 2,
                                        "audience_level_ids": [Command.set((cls.graduate | cls.bachelor).ids)],
                                    }
                                ),
                                Command.create(
                                    {
                                        "name": "Data analysis",
                                        "sequence": 3,
                                        "audience_level_ids": [
                                            Command.set((cls.bachelor | cls.master | cls.doctor).ids)
                                        ],
                                    }
                                ),
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "name": "Week 1",
                            "sequence": 20,
                            "start_offset_days": 1,
                            "deadline_offset_days": 7,
                            "responsible_role": "mentor",
                            "item_ids": [
                                Command.create({"name": "Back office", "item_type": "task", "sequence": 1}),
                                Command.create(
                                    {
                                        "name": "Team lead briefing",
                                        "item_type": "task",
                                        "sequence": 2,
                                        "audience_job_ids": [Command.set(cls.job_lead.ids)],
                                    }
                                ),
                                Command.create(
                                    {
                                        "name": "VIP etiquette",
                                        "item_type": "task",
                                        "sequence": 3,
                                        "audience_department_ids": [Command.set(cls.dept_vip.ids)],
                                    }
                                ),
                                Command.create(
                                    {
                                        "name": "Night shift safety",
                                        "item_type": "task",
                                        "sequence": 4,
                                        "audience_category_ids": [Command.set(cls.tag_night.ids)],
                                    }
                                ),
                            ],
                        }
                    ),
                ],
            }
        )
        items = cls.audience_program.item_ids
        cls.basic_item = items.filtered(lambda i: i.name == "Basic spreadsheets")
        cls.analysis_item = items.filtered(lambda i: i.name == "Data analysis")
        cls.analysis_item.prerequisite_ids = cls.basic_item

    @classmethod
    def _hire(cls, name, **vals):
        Employee = cls.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        return Employee.create(
            {
                "name": name,
                "job_id": cls.job_cs.id,
                "department_id": cls.dept_cs.id,
                "parent_id": cls.manager.id,
                "coach_id": cls.mentor.id,
                **vals,
            }
        )


@tagged("post_install", "-at_install")
class TestAudience(AudienceSetup, OnboardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_audience()

    def _task_names(self, enrollment):
        return enrollment.task_ids.sorted(lambda t: (t.stage_sequence, t.sequence)).mapped("name")

    def test_master_and_high_school_hires_get_their_own_lists(self):
        master = self._hire("Mona Master", certificate="master")
        high_school = self._hire("Gao Graduate", certificate="graduate")
        enrollments = self.env["onboarding.enrollment"]._enroll(
            master | high_school, self.audience_program, start_date=self.START
        )
        by_employee = {e.employee_id: e for e in enrollments}
        self.assertEqual(self._task_names(by_employee[master]), ["Employee handbook", "Data analysis", "Back office"])
        self.assertEqual(
            self._task_names(by_employee[high_school]), ["Employee handbook", "Basic spreadsheets", "Back office"]
        )

    def test_jobs_departments_and_tags_target_their_people(self):
        agent = self._hire("Ada Agent", certificate="bachelor")
        lead = self._hire(
            "Leo Lead",
            certificate="bachelor",
            job_id=self.job_lead.id,
            department_id=self.dept_vip.id,
            category_ids=[Command.set(self.tag_night.ids)],
        )
        vip_only = self._hire("Vera VIP", certificate="bachelor", department_id=self.dept_vip.id)
        enrollments = self.env["onboarding.enrollment"]._enroll(
            agent | lead | vip_only, self.audience_program, start_date=self.START
        )
        names = {e.employee_id: self._task_names(e) for e in enrollments}
        common = ["Employee handbook", "Basic spreadsheets", "Data analysis", "Back office"]
        self.assertEqual(names[agent], common)
        self.assertEqual(names[lead], [*common, "Team lead briefing", "VIP etiquette", "Night shift safety"])
        self.assertEqual(names[vip_only], [*common, "VIP etiquette"])

    def test_a_hire_without_a_level_gets_only_what_targets_everyone(self):
        enrollment = self.enroll(self._hire("Nia Nolevel"), program=self.audience_program)
        self.assertEqual(self._task_names(enrollment), ["Employee handbook", "Back office"])

    def test_a_skipped_prerequisite_does_not_block(self):
        master, bachelor = (
            self._hire("Mona Master", certificate="master"),
            self._hire("Ben Bachelor", certificate="bachelor"),
        )
        enrollments = self.env["onboarding.enrollment"]._enroll(
            master | bachelor, self.audience_program, start_date=self.START
        )
        master_enr, bachelor_enr = (enrollments.filtered(lambda e, x=x: e.employee_id == x) for x in (master, bachelor))
        # The bachelor gets both: the analysis waits for the basics.
        self.assertEqual(self.task(bachelor_enr, "Data analysis").state, "locked")
        self.assertEqual(self.task(bachelor_enr, "Data analysis").waiting_for, "Basic spreadsheets")
        # The master never gets the basics: the analysis is open at once, and they can hand it in.
        analysis = self.task(master_enr, "Data analysis")
        self.assertEqual(analysis.state, "todo")
        self.assertFalse(analysis.waiting_for)
        analysis.sudo().action_submit()
        self.assertEqual(analysis.state, "done")
        # Nor does the skipped item hold its stage back: pre-boarding done, week 1 opens before its planned start.
        self.task(master_enr, "Employee handbook").sudo().action_submit()
        self.assertEqual(self.task(master_enr, "Back office").state, "todo")
        self.assertEqual(self.task(bachelor_enr, "Back office").state, "locked")

    def test_a_skipped_prerequisite_stays_skipped_when_locks_are_refreshed(self):
        enrollment = self.enroll(self._hire("Mona Master", certificate="master"), program=self.audience_program)
        with freeze_time(self.day(1)):
            enrollment._refresh_locks()
        self.assertEqual(self.task(enrollment, "Data analysis").state, "todo")
        self.assertEqual(self.task(enrollment, "Back office").state, "todo")

    def test_rates_count_only_the_hire_s_own_tasks(self):
        enrollment = self.enroll(self._hire("Mona Master", certificate="master"), program=self.audience_program)
        self.task(enrollment, "Employee handbook").sudo().action_submit()
        self.assertEqual(enrollment.task_count, 3)
        self.assertAlmostEqual(enrollment.completion_rate, 100.0 / 3, places=2)
        self.task(enrollment, "Data analysis").sudo().action_submit()
        self.task(enrollment, "Back office").sudo().action_submit()
        self.assertEqual(enrollment.completion_rate, 100.0)

    def test_program_form_says_who_gets_each_item(self):
        summaries = dict(
            zip(
                self.audience_program.item_ids.mapped("name"),
                self.audience_program.item_ids.mapped("audience_summary"),
                strict=True,
            )
        )
        self.assertEqual(summaries["Employee handbook"], "Everyone in the program")
        self.assertEqual(
            summaries["Data analysis"], "Only employees with education Bachelor's degree, Master's degree, Doctorate"
        )
        self.assertEqual(summaries["Team lead briefing"], "Only employees with job Customer Service Team Lead")
        self.assertEqual(summaries["Night shift safety"], "Only employees with tag Night shift")
        self.assertEqual(
            self.analysis_item.prerequisite_note,
            "Some employees who get this item do not get Basic spreadsheets: for them it is skipped and does not "
            "hold this item back.",
        )
        self.assertFalse(self.basic_item.prerequisite_note)

    def test_audience_within_the_program(self):
        warehouse = self.env["hr.job"].create({"name": "Warehouse Picker"})
        with self.assertRaises(ValidationError) as caught:
            self.basic_item.audience_job_ids = warehouse
        self.assertEqual(
            str(caught.exception),
            "Basic spreadsheets targets Warehouse Picker, which the program CS by audience is not for: "
            "choose among the program's job positions and departments.",
        )
        dept_wh = self.env["hr.department"].create({"name": "Warehouse"})
        with self.assertRaises(ValidationError) as caught:
            self.basic_item.audience_department_ids = dept_wh
        self.assertIn("targets Warehouse,", str(caught.exception))
        # Nor can the program drop a job that one of its items targets.
        with self.assertRaises(ValidationError) as caught:
            self.audience_program.job_ids = self.job_cs
        self.assertIn("Team lead briefing targets Customer Service Team Lead", str(caught.exception))
        # A program for every job leaves every job to its items.
        by_department = self._make_program("Customer service department", departments=self.dept_cs)
        by_department.item_ids[:1].audience_job_ids = warehouse
        self.assertEqual(by_department.item_ids[:1].audience_summary, "Only employees with job Warehouse Picker")

    def test_audience_set_in_the_item_dialog(self):
        manager = new_test_user(
            self.env, "onb_config", groups="base.group_user,onboarding_training.group_onboarding_manager"
        )
        action = self.basic_item.action_open_audience()
        self.assertEqual(action["res_model"], "onboarding.program.item")
        with Form(self.basic_item.with_user(manager), view=action["views"][0][0]) as form:
            form.audience_level_ids.add(self.doctor)
        self.assertIn("Doctorate", self.basic_item.audience_summary)

    def test_only_configuration_managers_set_the_audience(self):
        with self.assertRaises(AccessError):
            self.basic_item.with_user(self.officer_user).write({"audience_level_ids": [Command.link(self.doctor.id)]})


@tagged("post_install", "-at_install")
class TestAudienceQueries(AudienceSetup, QueryCounting, OnboardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_audience()
        levels = ("graduate", "bachelor", "master", "doctor")
        cls.batches = {
            size: cls.env["hr.employee"]
            .with_context(onboarding_no_auto_enroll=True)
            .create(
                [
                    {
                        "name": f"Hire {size}-{i}",
                        "certificate": levels[i % 4],
                        "job_id": (cls.job_lead if i % 3 else cls.job_cs).id,
                        "department_id": (cls.dept_vip if i % 2 else cls.dept_cs).id,
                        "category_ids": [Command.set(cls.tag_night.ids)] if i % 5 == 0 else [],
                        "coach_id": cls.mentor.id,
                    }
                    for i in range(size)
                ]
            )
            for size in (1, 2, 20)
        }

    def test_enrollment_with_audience_rules_is_flat(self):
        """Enrolling 2 or 20 hires in a program with audience rules costs the same queries."""
        enroll = self.env["onboarding.enrollment"]._enroll
        self.count_queries(enroll, self.batches[1], self.audience_program, start_date=self.START)
        two = self.count_queries(enroll, self.batches[2], self.audience_program, start_date=self.START)
        twenty = self.count_queries(enroll, self.batches[20], self.audience_program, start_date=self.START)
        tasks = self.env["onboarding.task"].search_count([("employee_id", "in", self.batches[20].ids)])
        tasks_two = self.env["onboarding.task"].search_count([("employee_id", "in", self.batches[2].ids)])
        self.assertEqual(twenty - self.insert_batches(tasks) + self.insert_batches(tasks_two), two)
