from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import OnboardingCase


@tagged("post_install", "-at_install")
class TestProgramForm(OnboardingCase):
    """HR builds a program in the form: a stage's planned start follows a deadline set alone."""

    def program_form(self):
        form = Form(self.env["onboarding.program"])
        form.name = "Returns – 10 days"
        form.auto_enroll = False
        return form

    def test_deadline_alone_pulls_the_planned_start(self):
        form = self.program_form()
        with form.stage_ids.new() as stage:
            stage.name = "Pre-boarding"
            stage.deadline_offset_days = -3
            self.assertEqual(stage.start_offset_days, -3)
        program = form.save()
        self.assertEqual(
            (program.stage_ids.start_offset_days, program.stage_ids.deadline_offset_days), (-3, -3), "accepted"
        )

    def test_a_later_deadline_keeps_the_planned_start(self):
        form = self.program_form()
        with form.stage_ids.new() as stage:
            stage.name = "Week 1"
            stage.start_offset_days = 1
            stage.deadline_offset_days = 7
            self.assertEqual(stage.start_offset_days, 1)
        self.assertEqual(form.save().stage_ids.start_offset_days, 1)

    def test_start_after_deadline_is_flagged_in_the_dialog_with_the_field(self):
        form = self.program_form()
        with self.assertRaises(ValidationError) as refused:
            with form.stage_ids.new() as stage:
                stage.name = "Week 1"
                stage.deadline_offset_days = 2
                with self.assertLogs("odoo.tests.form.onchange", "WARNING") as warned:
                    stage.start_offset_days = 5
                self.assertIn("Planned Start (days) (5)", warned.output[0])
                self.assertIn("Deadline (days) (2)", warned.output[0])
            form.save()
        message = str(refused.exception)
        self.assertIn("Week 1", message)
        self.assertIn("Planned Start (days)", message)
        self.assertIn("Deadline (days)", message)
        self.assertFalse(self.env["onboarding.program"].search([("name", "=", "Returns – 10 days")]))

    def test_saved_stage_follows_an_earlier_deadline(self):
        week1 = self.program.stage_ids.filtered(lambda s: s.name == "Week 1")
        self.assertEqual(week1.start_offset_days, 1)
        week1.deadline_offset_days = 0
        self.assertEqual(week1.start_offset_days, 0)
        with self.assertRaises(ValidationError):
            week1.write({"start_offset_days": 3})
        self.assertEqual(week1.start_offset_days, 0)

    def test_prerequisites_of_a_new_item_are_chosen_in_the_program(self):
        """The stage dialog offers the program's saved items: the domain refers to the stage's program."""
        view = self.env.ref("onboarding_training.onboarding_program_stage_view_form")
        self.assertIn("('stage_id.program_id', '=', parent.program_id)", view.arch)
        week1 = self.program.stage_ids.filtered(lambda s: s.name == "Week 1")
        with Form(week1) as stage, stage.item_ids.new() as item:
            item.name = "Expert: chargebacks"
            basic = self.program.stage_ids.item_ids.filtered(lambda i: i.name == "Basic: back office")
            item.prerequisite_ids.add(basic)
        new_item = week1.item_ids.filtered(lambda i: i.name == "Expert: chargebacks")
        self.assertEqual(new_item.prerequisite_ids, basic)
