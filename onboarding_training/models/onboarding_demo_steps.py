"""The steps of the demo's history: each hire's onboarding, through the actions people use, as those people.

What the schedule of onboarding_demo_history.py dates before today happens here; the time of each step is
noted (`_demo_stamp`) for onboarding_demo_dates.py, which moves the bookkeeping columns to it afterwards.
"""

from collections import defaultdict

from odoo import Command, api, models

from .onboarding_demo import TEAMS

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201e2279a6f0000000049454e44ae426082"
)
CHAT_LOG = b"Customer: Where is my parcel?\nAgent: It left our warehouse this morning, here is the tracking link.\n"
REJECT_REASON = "The screenshot shows only the last step: attach the whole record, from the first step to the last."
RESIGNATION = "Resigned in the second week: the warehouse shifts did not suit them."
JUSTIFICATION = "Sick leave, certificate received."
EXEMPTION = "Course platform outage: the handbooks were read on paper with HR."
PRACTICAL_COMMENTS = {
    True: "Handles the daily work on their own; keep asking when unsure.",
    False: "Still needs help with most of the daily work.",
}
PEER_COMMENTS = {
    True: "Reliable and friendly with the team, asks good questions.",
    False: "Often needs someone to check the work again.",
}


class OnboardingDemo(models.AbstractModel):
    _inherit = "onboarding.demo"

    # ------------------------------------------------------------------
    # The steps of the onboarding
    # ------------------------------------------------------------------
    @api.model
    def _demo_as(self, hire, records):
        """The hire's own records as the hire acts on them: in the backend, or through the portal's pages,
        which find them by ownership and then act as the superuser on the hire's behalf."""
        records = records.with_user(hire.user)
        return records.sudo() if hire.user.share else records

    @api.model
    def _demo_happened(self, hire, when):
        return bool(when) and when < hire.cutoff

    @api.model
    def _demo_preboarding(self, shop, plan, stamps):
        """Each hire reads both handbooks online; course tasks are done as soon as they are handed in."""
        for hire in plan:
            if self._demo_happened(hire, hire.schedule.pre) and hire.enrollment.state == "running":
                courses = hire.tasks.filtered(lambda t: t.blocks_attendance and t.state in ("todo", "rejected"))
                self._demo_as(hire, courses).action_submit()
                self._demo_stamp(stamps, courses, submitted=hire.schedule.pre, done=hire.schedule.pre)

    @api.model
    def _demo_first_days(self, shop, plan, stamps):
        """Without the attendance gate, the hires who came to the orientation hand in its task themselves."""
        for hire in plan:
            if self._demo_happened(hire, hire.schedule.checkin) and hire.enrollment.state == "running":
                session = hire.tasks.filtered(lambda t: t.item_type == "session" and t.state == "todo")
                self._demo_as(hire, session).action_submit()
                self._demo_stamp(stamps, session, submitted=hire.schedule.checkin, done=hire.schedule.checkin)

    @api.model
    def _demo_missed_days(self, shop, plan):
        """Missed check-ins belong to the attendance gate."""

    @api.model
    def _demo_week_one(self, shop, plan, stamps):
        """The mentor's checklist, one round per prerequisite depth: hand in with evidence, then confirm.

        Each mentor confirms the round of all their mentees from "To Confirm" at once.
        """
        for depth in range(3):
            for hire in plan:
                hand_in = hire.schedule.rounds[depth][0]
                if not self._demo_happened(hire, hand_in) or hire.enrollment.state != "running":
                    continue
                tasks = hire.week[depth]
                if hire.schedule.first_only:
                    tasks = tasks[:1] if depth == 0 else tasks.browse()
                self._demo_hand_in(hire, tasks, stamps, hand_in)
            to_confirm = defaultdict(lambda: self.env["onboarding.task"])
            for hire in plan:
                confirm = hire.schedule.rounds[depth][1]
                tasks = hire.week[depth].filtered(lambda t: t.state == "submitted")
                if not tasks or not self._demo_happened(hire, confirm):
                    continue
                mentor = tasks[:1].responsible_user_id
                if depth == 0 and hire.schedule.reject:
                    rejected = tasks[:1]
                    rejected.with_user(mentor).action_reject(REJECT_REASON)
                    tasks -= rejected
                    again, confirmed = hire.schedule.reject
                    if self._demo_happened(hire, again):
                        self._demo_hand_in(hire, rejected, stamps, again, CHAT_LOG)
                        if self._demo_happened(hire, confirmed):
                            to_confirm[mentor] |= rejected
                            self._demo_stamp(stamps, rejected, done=confirmed)
                to_confirm[mentor] |= tasks
                self._demo_stamp(stamps, tasks, done=confirm)
            for mentor, tasks in to_confirm.items():
                tasks.with_user(mentor).action_confirm()

    @api.model
    def _demo_week_tasks(self, hire):
        """{depth: the hire's mentor tasks whose prerequisites are that deep}; optional ones only if they take them."""
        week = hire.tasks.filtered(lambda t: t.item_id.responsible_role == "mentor" and t.item_type == "task")
        if not hire.schedule.advanced:
            week = week.filtered("required")

        def depth_of(item):
            return 1 + max(map(depth_of, item.prerequisite_ids)) if item.prerequisite_ids else 0

        return {
            depth: week.filtered(lambda t, depth=depth: depth_of(t.item_id) == depth).sorted(
                lambda t: (t.sequence, t.id)
            )
            for depth in range(3)
        }

    @api.model
    def _demo_hand_in(self, hire, tasks, stamps, when, content=PNG):
        """The hire uploads a file to each task from their onboarding page and hands the tasks in."""
        tasks = tasks.filtered(lambda t: t.state in ("todo", "rejected"))
        if not tasks:
            return
        name = "full-record.txt" if content is CHAT_LOG else "screenshot.png"
        for task in self._demo_as(hire, tasks):
            if task.evidence_required:
                attachment = task._evidence_from_upload(name, content)
                task.write({"evidence_attachment_ids": [Command.link(attachment.id)]})
        self._demo_as(hire, tasks).action_submit()
        self._demo_stamp(stamps, tasks, submitted=when, done=when)

    @api.model
    def _demo_stamp(self, stamps, tasks, submitted=None, done=None):
        """Note when the tasks were handed in and done; only what the actions did is kept (see _demo_backdate)."""
        for task in tasks:
            if submitted:
                stamps.tasks[task.id]["submitted"] = submitted
            if done:
                stamps.tasks[task.id]["done"] = done

    @api.model
    def _demo_month_one(self, shop, plan, stamps):
        """Theory exam, practical work scored by the lead, anonymous reviews by three colleagues of the team."""
        for hire in plan:
            exam = hire.tasks.filtered(lambda t: t.item_type == "exam")
            for when, right in hire.schedule.exam:
                if self._demo_happened(hire, when) and exam.state == "todo":
                    answer = self._demo_take_exam(exam, hire.user, right)
                    stamps.exams[answer.id] = when
                    self._demo_stamp(stamps, exam.filtered(lambda t: t.state == "done"), submitted=when, done=when)
        practicals = self.env["onboarding.task"]
        for hire in plan:
            practical = hire.tasks.filtered(lambda t: t.item_type == "task" and t.item_id.responsible_role == "manager")
            if hire.schedule.practical and self._demo_happened(hire, hire.schedule.practical[0]):
                self._demo_as(hire, practical).action_submit()
                self._demo_stamp(stamps, practical, submitted=hire.schedule.practical[0])
                practicals |= practical
        for lead, tasks in practicals.grouped("responsible_user_id").items():
            tasks.with_user(lead).action_confirm()
        for hire in plan:
            if hire.schedule.practical and self._demo_happened(hire, hire.schedule.practical[1]):
                _hand_in, scored, score = hire.schedule.practical
                self._demo_stamp(stamps, hire.tasks & practicals, done=scored)
                hire.enrollment.with_user(shop.users[f"{hire.team}_lead"]).write(
                    {"practical_score": score, "practical_comment": PRACTICAL_COMMENTS[score >= 70]}
                )
                stamps.enrollments[hire.enrollment.id]["practical"] = scored
        self._demo_peer_reviews(shop, plan, stamps)

    @api.model
    def _demo_take_exam(self, task, user, right_answers):
        """The hire opens the exam from their onboarding page and answers it, `right_answers` of them right."""
        answer = self.env["survey.user_input"].with_user(user)._onboarding_exam_answer(task, user)
        # sudo: the survey's own pages record the answers of the attempt the hire opened.
        answer.sudo()._onboarding_answer_choices(right_answers)
        return answer

    @api.model
    def _demo_peer_reviews(self, shop, plan, stamps):
        """The lead invites the team's three reviewers; each answers on their day; the round then publishes."""
        invited = [hire for hire in plan if self._demo_happened(hire, hire.schedule.invite)]
        for hire in invited:
            reviewers = self.env["hr.employee"].concat(
                *(shop.people[f"{hire.team}_reviewer_{number}"] for number in (1, 2, 3))
            )
            wizard = (
                self.env["onboarding.peer.review.invite.wizard"]
                .with_user(shop.users[f"{hire.team}_lead"])
                .create({"enrollment_id": hire.enrollment.id, "reviewer_ids": [Command.set(reviewers.ids)]})
            )
            wizard.action_invite()
        for team in TEAMS:
            for number in (1, 2, 3):
                reviewer = shop.users[f"{team}_reviewer_{number}"]
                answers = {
                    hire.enrollment.id: hire.schedule.answers[number - 1]
                    for hire in invited
                    if hire.team == team and self._demo_happened(hire, hire.schedule.answers[number - 1][0])
                }
                Lines = self.env["onboarding.peer.reviewer"].with_user(reviewer)
                lines = Lines.search([("state", "=", "pending"), ("enrollment_id", "in", list(answers))])
                for line in lines:
                    score = answers[line.enrollment_id.id][1]
                    line.write({"score": score, "comment": PEER_COMMENTS[score >= 70]})
                lines.action_submit_review()
        for hire in invited:
            review = hire.tasks.filtered(lambda t: t.item_type == "review" and t.state == "done")
            last = max(when for when, _score in hire.schedule.answers)
            self._demo_stamp(stamps, review, submitted=last, done=last)

    @api.model
    def _demo_decisions(self, shop, plan, stamps):
        """HR assesses those whose month is complete (passed: converted, 转正) and records the resignations."""
        officer = shop.users["hr_officer"]
        to_assess = [
            hire
            for hire in plan
            if self._demo_happened(hire, hire.schedule.assess) and hire.enrollment.state in ("running", "paused")
        ]
        if to_assess:
            self.env["onboarding.enrollment"].concat(*(hire.enrollment for hire in to_assess)).with_user(
                officer
            ).action_assess()
        for hire in to_assess:
            stamps.enrollments[hire.enrollment.id]["assessed"] = hire.schedule.assess
        resigned = [hire for hire in plan if hire.schedule.quit and hire.schedule.quit < shop.today]
        for hire in resigned:
            if hire.enrollment.state in ("running", "paused"):
                hire.enrollment.with_user(officer).action_fail(RESIGNATION)
            if hire.employee.active:
                wizard = (
                    self.env["hr.departure.wizard"]
                    .with_user(officer)
                    .with_context(active_id=hire.employee.id, toggle_active=True)
                    .create(
                        {
                            "employee_id": hire.employee.id,
                            "departure_reason_id": self.env.ref("hr.departure_resigned").id,
                            "departure_date": hire.schedule.quit,
                            "departure_description": RESIGNATION,
                        }
                    )
                )
                wizard.action_register_departure()
