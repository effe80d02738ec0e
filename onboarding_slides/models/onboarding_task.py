from odoo import api, fields, models

# Tasks a course completion can move on: open ones. Locked tasks wait for their prerequisites, which are never
# skipped; they are checked again when they open (onboarding.enrollment._refresh_locks).
OPEN_STATES = ("todo", "rejected")
RUNNING_STATES = ("running", "paused")


class OnboardingTask(models.Model):
    _inherit = "onboarding.task"

    slide_channel_id = fields.Many2one(related="item_id.slide_channel_id")
    course_completion = fields.Integer(
        "Course Progress",
        compute="_compute_course_completion",
        help="The hire's progress in the linked eLearning course, in percent, as eLearning records it.",
    )
    course_url = fields.Char("Course Link", compute="_compute_course_url")

    @api.depends("item_id.slide_channel_id", "employee_id.user_id", "enrollment_id.portal_user_id")
    def _compute_course_completion(self):
        memberships = self._course_memberships()
        for task in self:
            membership = memberships.get(task._course_key())
            if not membership:
                task.course_completion = 0
            else:
                task.course_completion = 100 if membership.member_status == "completed" else membership.completion

    @api.depends("item_id.slide_channel_id")
    def _compute_course_url(self):
        slug = self.env["ir.http"]._slug
        for task in self:
            channel = task.item_id.slide_channel_id
            task.course_url = f"/slides/{slug(channel)}" if channel else False

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_open_course(self):
        """The hire (or whoever may read the task) opens the linked course in eLearning."""
        self.ensure_one()
        self.check_access("read")
        if not self.course_url:
            return False
        return {"type": "ir.actions.act_url", "url": self.course_url, "target": "new"}

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _completes_by_itself(self):
        # A linked course completes its task through eLearning only: no hand-in, no responsible's mark.
        return super()._completes_by_itself() or (self.item_type == "course" and bool(self.item_id.slide_channel_id))

    def _completes_by_itself_reason(self):
        self.ensure_one()
        if self.item_type != "course" or not self.item_id.slide_channel_id:
            return super()._completes_by_itself_reason()
        return self.env._(
            "%(task)s completes by itself once the eLearning course %(course)s is completed: every lesson, "
            "and its quizzes passed.",
            task=self.name,
            # sudo: the name of the course linked to a task the caller acts on; the course may be for members only.
            course=self.item_id.slide_channel_id.sudo().name,
        )

    def _course_partner(self):
        """Who studies the course in eLearning: the hire's user, else their portal login."""
        self.ensure_one()
        return self.enrollment_id._course_partner()

    def _course_key(self):
        self.ensure_one()
        # sudo: which course and which person, to find the hire's progress; the task itself is readable.
        task = self.sudo()
        return task.item_id.slide_channel_id.id, task._course_partner().id

    def _course_memberships(self):
        """{(course id, partner id): eLearning membership} of the tasks' hires in their linked courses, one query."""
        keys = {task._course_key() for task in self}
        keys = {key for key in keys if all(key)}
        if not keys:
            return {}
        # sudo: eLearning shows memberships to its officers only; the progress shown is that of these tasks' hires.
        memberships = (
            self.env["slide.channel.partner"]
            .sudo()
            .search_fetch(
                [
                    ("channel_id", "in", list({channel for channel, _partner in keys})),
                    ("partner_id", "in", list({partner for _channel, partner in keys})),
                ],
                ["channel_id", "partner_id", "member_status", "completion"],
            )
        )
        return {
            (m.channel_id.id, m.partner_id.id): m for m in memberships if (m.channel_id.id, m.partner_id.id) in keys
        }

    def _complete_finished_courses(self):
        """Open tasks whose course eLearning already records as completed by the hire are done: a course
        completed once counts for every item and program that links it."""
        # sudo: which tasks link a course, on behalf of the system (start, unlock); no user acts here.
        tasks = self.sudo().filtered(
            lambda t: t.state in OPEN_STATES and t.item_id.slide_channel_id and t.enrollment_id.state in RUNNING_STATES
        )
        if not tasks:
            return tasks
        memberships = tasks._course_memberships()
        done = tasks.filtered(
            lambda t: memberships.get(t._course_key()) and memberships[t._course_key()].member_status == "completed"
        )
        done._mark_course_done()
        return done

    @api.model
    def _complete_course_tasks(self, memberships):
        """eLearning recorded these memberships as completed: the open tasks that link those courses for those
        people are done, in one write. The tasks are found by course and person in one query, so the cost does
        not depend on how many other enrollments link the same course."""
        completed = memberships.filtered(lambda m: m.member_status == "completed")
        if not completed:
            return self.browse()
        partners = completed.partner_id.ids
        # sudo: task states are the system's; eLearning's own completion is what moves them.
        tasks = self.sudo().search(
            [
                ("item_id.slide_channel_id", "in", completed.channel_id.ids),
                ("state", "in", OPEN_STATES),
                ("enrollment_id.state", "in", RUNNING_STATES),
                "|",
                ("employee_id.user_id.partner_id", "in", partners),
                ("enrollment_id.portal_user_id.partner_id", "in", partners),
            ]
        )
        pairs = {(m.channel_id.id, m.partner_id.id) for m in completed}
        tasks = tasks.filtered(lambda t: t._course_key() in pairs)
        tasks._mark_course_done()
        return tasks

    def _mark_course_done(self):
        if not self:
            return
        now = fields.Datetime.now()
        # sudo: states are protected from direct writes; callers found the course completed in eLearning.
        self.sudo().write({"state": "done", "submitted_date": now, "done_date": now, "reject_reason": False})
        self.enrollment_id._register_progress()
