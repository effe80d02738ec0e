from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import OnboardingCase

TEMPLATES = [
    "onboarding_training.program_customer_service",
    "onboarding_training.program_operations",
    "onboarding_training.program_warehouse",
]


def weights(program):
    return (program.weight_exam, program.weight_practical, program.weight_peer)


@tagged("post_install", "-at_install")
class TestWeights(OnboardingCase):
    """Assessment weights follow the parts a program has; a part it lacks weighs nothing."""

    def new_program(self, *item_types, **vals):
        return self.env["onboarding.program"].create(
            {
                "name": "Parts " + "+".join(item_types),
                "auto_enroll": False,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Month 1",
                            "deadline_offset_days": 30,
                            "item_ids": [
                                Command.create({"name": f"{item_type} item", "item_type": item_type})
                                for item_type in item_types
                            ],
                        }
                    )
                ],
                **vals,
            }
        )

    def test_defaults_follow_the_parts(self):
        self.assertEqual(weights(self.new_program("exam", "review", "task")), (40, 40, 20))
        self.assertEqual(weights(self.new_program("exam", "task")), (50, 50, 0))
        self.assertEqual(weights(self.new_program("review", "task")), (0, 80, 20))
        self.assertEqual(weights(self.new_program("task", "course")), (0, 100, 0))
        self.assertEqual(weights(self.program), (0, 100, 0), "the shop's week-1 program has neither")

    def test_parts_added_one_by_one_get_their_share(self):
        """As templates are loaded: the program first, then its stages, then its items."""
        program = self.env["onboarding.program"].create({"name": "Step by step", "auto_enroll": False})
        self.assertEqual(weights(program), (0, 100, 0))
        stage = self.env["onboarding.program.stage"].create({"program_id": program.id, "name": "Month 1"})
        Item = self.env["onboarding.program.item"]
        Item.create({"stage_id": stage.id, "name": "Exam", "item_type": "exam"})
        self.assertEqual(weights(program), (50, 50, 0))
        review = Item.create({"stage_id": stage.id, "name": "Peers", "item_type": "review"})
        self.assertEqual(weights(program), (40, 40, 20))
        review.item_type = "task"
        self.assertEqual(weights(program), (50, 50, 0), "the review is gone: its share goes back")

    def test_chosen_weights_stay_while_they_fit(self):
        program = self.new_program("exam", "review")
        program.write({"weight_exam": 30, "weight_practical": 50, "weight_peer": 20})
        program.stage_ids.item_ids = [Command.create({"name": "Chat", "item_type": "task"})]
        self.assertEqual(weights(program), (30, 50, 20), "an unrelated item changes nothing")
        self.assertEqual(weights(program.copy()), (30, 50, 20), "a copy keeps the chosen weights")
        program.stage_ids.item_ids.filtered(lambda i: i.item_type == "exam").unlink()
        self.assertEqual(weights(program), (0, 80, 20), "without the exam, its weight cannot stay")

    def test_a_lacking_part_must_weigh_nothing(self):
        program = self.new_program("review", "task")
        with self.assertRaises(ValidationError) as refused:
            program.write({"weight_exam": 20, "weight_practical": 60, "weight_peer": 20})
        message = str(refused.exception)
        self.assertIn("has no exam item, so its Exam Weight (%) must be 0 (now 20.0)", message)
        self.assertIn("Practical Weight (%) 60", message)
        self.assertEqual(weights(program), (0, 80, 20), "nothing was written")
        with self.assertRaises(ValidationError) as refused:
            program.write({"weight_peer": 50})
        self.assertIn("sum to 100", str(refused.exception))
        self.assertEqual(weights(program), (0, 80, 20))
        with self.assertRaises(ValidationError) as refused:
            self.new_program("exam", weight_exam=40, weight_practical=40, weight_peer=20)
        self.assertIn("has no peer review item", str(refused.exception))

    def test_form_defaults_and_check(self):
        form = Form(self.env["onboarding.program"].with_user(self.env.ref("base.user_admin")))
        form.name = "Warehouse without exam"
        self.assertEqual((form.weight_exam, form.weight_practical, form.weight_peer), (0, 100, 0))
        program = form.save()
        self.assertEqual(weights(program), (0, 100, 0))

    def test_shipped_templates_stay_valid(self):
        for xmlid in TEMPLATES:
            program = self.env.ref(xmlid)
            with self.subTest(xmlid):
                self.assertTrue(program.has_exam and program.has_peer_review)
                self.assertEqual(weights(program), (40, 40, 20))
                self.assertFalse(program._weighted_parts_lacking())
                program._check_weights()
                copy = program.copy()
                self.assertEqual(weights(copy), (40, 40, 20))


@tagged("post_install", "-at_install")
class TestCanAssess(OnboardingCase):
    """Assess is offered only when it can succeed: a program without exam is assessed on what it has."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enrollment = cls.env["onboarding.enrollment"]._enroll(cls.hire, cls.program, start_date=cls.START)

    def test_program_without_exam_is_assessed_on_the_practical_score(self):
        as_officer = self.enrollment.with_user(self.officer_user)
        self.assertFalse(as_officer.can_assess)
        self.assertEqual(as_officer.assessment_waiting_for, "the practical score")
        with self.assertRaisesRegex(UserError, "missing: the practical score"):
            as_officer.action_assess()
        self.enrollment.with_user(self.mentor_user).practical_score = 82
        as_officer.invalidate_recordset(["can_assess", "assessment_waiting_for"])
        self.assertTrue(as_officer.can_assess)
        self.assertFalse(as_officer.assessment_waiting_for)
        self.assertFalse(self.enrollment.with_user(self.mentor_user).can_assess, "only officers assess")
        as_officer.action_assess()
        self.assertEqual(self.enrollment.state, "passed")
        self.assertEqual(self.enrollment.final_score, 82)
        self.assertFalse(as_officer.can_assess, "done: nothing left to assess")

    def test_peer_reviews_counted_when_the_program_has_them(self):
        week1 = self.program.stage_ids.filtered(lambda s: s.name == "Week 1")
        self.env["onboarding.program.item"].create({"stage_id": week1.id, "name": "Peers", "item_type": "review"})
        self.assertEqual(weights(self.program), (0, 80, 20))
        enrollment = self.env["onboarding.enrollment"]._enroll(self.other, self.program, start_date=self.START)
        enrollment.with_user(self.mentor_user).practical_score = 90
        as_officer = enrollment.with_user(self.officer_user)
        self.assertFalse(as_officer.can_assess)
        self.assertIn("peer reviews", as_officer.assessment_waiting_for)

    def test_nobody_is_offered_their_own_assessment(self):
        officers = self.env.ref("onboarding_training.group_onboarding_officer")
        self.hire_user.groups_id = [Command.link(officers.id)]
        self.enrollment.with_user(self.mentor_user).practical_score = 82
        self.assertFalse(self.enrollment.with_user(self.hire_user).can_assess)
        with self.assertRaises(AccessError):
            self.enrollment.with_user(self.hire_user).action_assess()
        self.assertEqual(self.enrollment.state, "running")
