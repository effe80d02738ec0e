"""The demo's eLearning courses: Bloom Beauty's two handbooks and the customer service team's complaint handling.

The courses (demo/slide_channel_demo.xml) are linked to the course items of the shop's three programs, and a
course item for complaint handling joins the first week of customer service. The hires study them through
eLearning's own API, as themselves: every lesson opened, the quiz answered right. When this addon is installed
in the same run as the history, the history's steps do it (the pre-boarding, the first week); when the history
was built before, the hires whose course tasks are done go through their courses here, so that eLearning's
numbers (attendees, completions, karma) tell the same story as the onboarding's.
"""

from odoo import api, models

COURSES = {
    "Employee handbook": "onboarding_slides.slide_channel_employee_handbook",
    "Culture handbook": "onboarding_slides.slide_channel_culture_handbook",
}
COMPLAINT_COURSE = "onboarding_slides.slide_channel_complaint_handling"
COMPLAINT_ITEM = "Customer complaint handling"


class OnboardingDemo(models.AbstractModel):
    _inherit = "onboarding.demo"

    @api.model
    def _load_slides_demo(self):
        if not self.env.su:
            return False
        self = self.with_env(self._demo_env())
        shop = self._demo_shop(staff=False)
        self._demo_link_courses(shop)
        self._demo_study_done_courses(shop)
        return True

    @api.model
    def _demo_link_courses(self, shop):
        """The handbooks on the programs' course items; complaint handling in customer service's first week."""
        items = self.env["onboarding.program"].concat(*shop.programs.values()).stage_ids.item_ids
        for name, xmlid in COURSES.items():
            items.filtered(lambda i, n=name: i.item_type == "course" and i.name == n).slide_channel_id = self.env.ref(
                xmlid
            )
        week_one = shop.programs["cs"].stage_ids.filtered(lambda s: s.name == "Week 1")[:1]
        if week_one and not week_one.item_ids.filtered(lambda i: i.name == COMPLAINT_ITEM):
            self.env["onboarding.program.item"].create(
                {
                    "stage_id": week_one.id,
                    "name": COMPLAINT_ITEM,
                    "sequence": 5,
                    "item_type": "course",
                    "responsible_role": "employee",
                    "required": False,
                    "slide_channel_id": self.env.ref(COMPLAINT_COURSE).id,
                    "output_requirement": "The eLearning course completed, its quiz passed.",
                }
            )

    @api.model
    def _demo_study_done_courses(self, shop):
        """A history built before this addon: the hires whose course tasks are done studied those courses."""
        tasks = self.env["onboarding.task"].search(
            [
                ("program_id", "in", [program.id for program in shop.programs.values()]),
                ("item_id.slide_channel_id", "!=", False),
                ("enrollment_id.state", "!=", "cancelled"),
            ]
        )
        tasks.enrollment_id._grant_course_access()
        done = tasks.filtered(lambda t: t.state == "done")
        for user, user_tasks in done.grouped(lambda t: t.employee_id.user_id or t.enrollment_id.portal_user_id).items():
            if user:
                self._demo_study(user, user_tasks.item_id.slide_channel_id)

    @api.model
    def _demo_study(self, user, courses):
        """The user goes through the courses in eLearning to the end: every lesson, the quizzes answered right."""
        # sudo: the onboarding enrolls its hires in their courses, as it does when their onboarding starts.
        courses.sudo()._action_add_members(user.partner_id)
        slides = courses.sudo().slide_ids.filtered(lambda s: s.is_published and not s.is_category)
        todo = slides.with_user(user).filtered(lambda s: not s.user_has_completed)
        # What eLearning's quiz page does on the right answers: count the attempt, then complete the lesson.
        for quiz in todo.filtered("question_ids"):
            quiz._action_set_viewed(user.partner_id, quiz_attempts_inc=True)
        todo._action_mark_completed()

    # ------------------------------------------------------------------
    # The history's steps, with the courses in eLearning
    # ------------------------------------------------------------------
    @api.model
    def _demo_preboarding(self, shop, plan, stamps):
        """The handbooks linked to eLearning are studied there; the rest of the pre-boarding is handed in."""
        for hire in plan:
            if self._demo_happened(hire, hire.schedule.pre) and hire.enrollment.state == "running":
                courses = hire.tasks.filtered(
                    lambda t: t.blocks_attendance and t.state in ("todo", "rejected") and t.item_id.slide_channel_id
                )
                if courses and hire.user:
                    self._demo_study(hire.user, courses.item_id.slide_channel_id)
                    self._demo_stamp(stamps, courses, submitted=hire.schedule.pre, done=hire.schedule.pre)
        left = [
            hire
            for hire in plan
            if hire.tasks.filtered(lambda t: t.blocks_attendance and t.state in ("todo", "rejected"))
        ]
        return super()._demo_preboarding(shop, left, stamps)

    @api.model
    def _demo_week_one(self, shop, plan, stamps):
        """Customer service hires take the complaint handling course as they hand in their first checklist."""
        result = super()._demo_week_one(shop, plan, stamps)
        for hire in plan:
            hand_in = hire.schedule.rounds[0][0]
            course = hire.tasks.filtered(lambda t: t.name == COMPLAINT_ITEM and t.state in ("todo", "rejected"))
            if course and hire.user and self._demo_happened(hire, hand_in) and hire.enrollment.state == "running":
                self._demo_study(hire.user, course.item_id.slide_channel_id)
                self._demo_stamp(stamps, course, submitted=hand_in, done=hand_in)
        return result
