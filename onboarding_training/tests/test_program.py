from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import OnboardingCase


@tagged("post_install", "-at_install")
class TestProgram(OnboardingCase):
    def _item(self, name, program=None):
        return (program or self.program).stage_ids.item_ids.filtered(lambda i: i.name == name)

    def test_copy_keeps_structure_and_remaps_prerequisites(self):
        copy = self.program.copy()
        self.assertEqual(copy.name, "CS – 30 days (copy)")
        self.assertEqual(len(copy.stage_ids), 3)
        self.assertEqual(len(copy.stage_ids.item_ids), 6)
        advanced = self._item("Advanced: refunds", copy)
        self.assertEqual(advanced.prerequisite_ids, self._item("Basic: back office", copy))
        self.assertEqual(advanced.prerequisite_ids.program_id, copy, "prerequisites must point inside the copy")
        self.assertFalse(copy.is_template)

    def test_shipped_templates_copy_into_a_working_program(self):
        template = self.env.ref("onboarding_training.program_customer_service")
        self.assertTrue(template.is_template)
        self.assertEqual(template.duration_days, 30)
        program = template.copy({"name": "Our CS", "job_ids": [Command.set(self.job_cs.ids)]})
        self.assertEqual(len(program.stage_ids), 4)
        refund = self._item("Handle a refund request end to end", program)
        self.assertEqual(refund.prerequisite_ids.program_id, program)
        self.assertTrue(program.stage_ids.filtered("blocks_attendance"))
        self.assertTrue(program.stage_ids.filtered("requires_daily_checkin"))

    def test_cyclic_prerequisites_are_refused(self):
        basic = self._item("Basic: back office")
        advanced = self._item("Advanced: refunds")
        with self.assertRaises(ValidationError):
            basic.prerequisite_ids = advanced
        with self.assertRaises(ValidationError):
            basic.prerequisite_ids = basic

    def test_prerequisite_from_another_program_is_refused(self):
        other = self._make_program("Other")
        with self.assertRaisesRegex(ValidationError, "same program"):
            self._item("Advanced: refunds").prerequisite_ids = [
                Command.link(self._item("Basic: back office", other).id)
            ]

    def test_offsets_out_of_range_are_refused(self):
        stage = self.program.stage_ids[0]
        with self.assertRaises(ValidationError):
            stage.deadline_offset_days = 400
        with self.assertRaises(ValidationError):
            stage.write({"start_offset_days": 5, "deadline_offset_days": 2})
        with self.assertRaises(ValidationError):
            self._item("Orientation").deadline_offset_days = -366

    def test_pass_score_between_0_and_100(self):
        with self.assertRaises(ValidationError):
            self.program.pass_score = 101
        with self.assertRaises(ValidationError):
            self.program.pass_score = -1

    def test_item_defaults_follow_stage(self):
        week1 = self.program.stage_ids.filtered(lambda s: s.name == "Week 1")
        item = self.env["onboarding.program.item"].create({"stage_id": week1.id, "name": "Extra"})
        self.assertEqual(item.deadline_offset_days, 7)
        self.assertEqual(item.responsible_role, "mentor")
        self.assertEqual(item.program_id, self.program)
