from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import check_field_policy

ONBOARDING_FIELDS = {"onboarding_task_id", "onboarding_round"}


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    onboarding_task_id = fields.Many2one(
        "onboarding.task", readonly=True, ondelete="set null", index="btree_not_null", copy=False
    )
    onboarding_round = fields.Integer("Onboarding Assessment Round", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(ONBOARDING_FIELDS & set(vals) for vals in vals_list):
            raise AccessError(self.env._("Only the onboarding can link an exam attempt to a task."))
        # Field policy: nor through the defaults of a context.
        check_field_policy(self, vals_list, frozenset(), create=True)
        if self.env.su:
            self._inherit_onboarding_task(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and ONBOARDING_FIELDS & set(vals):
            raise AccessError(self.env._("Only the onboarding can link an exam attempt to a task."))
        return super().write(vals)

    def _mark_done(self):
        result = super()._mark_done()
        self.filtered(lambda i: i.onboarding_task_id and not i.test_entry)._onboarding_record_exam()
        return result

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _inherit_onboarding_task(self, vals_list):
        """A retry from the survey page reuses the invite token of the attempt it retries: same task."""
        tokens = {v["invite_token"] for v in vals_list if v.get("invite_token") and not v.get("onboarding_task_id")}
        if not tokens:
            return
        previous = self.search(
            [("invite_token", "in", list(tokens)), ("onboarding_task_id", "!=", False)], order="id desc"
        )
        by_token = {}
        for user_input in previous:
            by_token.setdefault(user_input.invite_token, user_input)
        for vals in vals_list:
            origin = by_token.get(vals.get("invite_token"))
            if origin and not vals.get("onboarding_task_id"):
                vals["onboarding_task_id"] = origin.onboarding_task_id.id
                vals["onboarding_round"] = origin.onboarding_round

    def _onboarding_record_exam(self):
        """A finished attempt records the best score on its task; a pass, or the last allowed attempt, ends it."""
        # sudo: exam results move tasks on behalf of the system; each attempt's owner is checked below.
        inputs = self.sudo().filtered(lambda i: i._is_onboarding_owner_attempt())
        tasks = inputs.onboarding_task_id.filtered(
            lambda t: t.state in ("todo", "rejected") and t.enrollment_id.state in ("running", "paused")
        )
        if not tasks:
            return
        stats = self._onboarding_attempt_stats(tasks)
        best_scores = defaultdict(tasks.browse)
        finished = tasks.browse()
        for task in tasks:
            survey = task.item_id.survey_id
            best, done_count, passed = stats[task]
            best_scores[best] |= task
            left = survey.attempts_limit - done_count if survey.is_attempts_limited else 1
            if passed or left <= 0:
                finished |= task
            task.message_post(body=self._onboarding_result_message(task, best, passed, left))
        for score, score_tasks in best_scores.items():
            score_tasks.write({"score": score})
        if finished:
            now = fields.Datetime.now()
            finished.write({"state": "done", "submitted_date": now, "done_date": now, "reject_reason": False})
            finished.enrollment_id._register_progress()

    def _is_onboarding_owner_attempt(self):
        self.ensure_one()
        task = self.onboarding_task_id
        owners = task.employee_id.user_id.partner_id | task.enrollment_id.portal_user_id.partner_id
        return self.partner_id in owners and self.onboarding_round == task.enrollment_id.assessment_round

    @api.model
    def _onboarding_attempt_stats(self, tasks):
        """Per task, over the finished attempts of the current round: best score, count, whether one passed."""
        groups = self.sudo()._read_group(
            [("onboarding_task_id", "in", tasks.ids), ("state", "=", "done"), ("test_entry", "=", False)],
            ["onboarding_task_id", "onboarding_round", "scoring_success"],
            ["__count", "scoring_percentage:max"],
        )
        stats = {task: [0.0, 0, False] for task in tasks}
        for task, attempt_round, success, count, best in groups:
            if task in stats and attempt_round == task.enrollment_id.assessment_round:
                entry = stats[task]
                entry[0] = max(entry[0], best or 0.0)
                entry[1] += count
                entry[2] = entry[2] or success
        return stats

    def _onboarding_result_message(self, task, best, passed, left):
        survey = task.item_id.survey_id
        if passed:
            return self.env._(
                "Exam passed with %(score)s%% (%(required)s%% required).",
                score=best,
                required=survey.scoring_success_min,
            )
        if left > 0:
            return self.env._(
                "Exam not passed yet: best score %(score)s%% (%(required)s%% required); it can be taken again.",
                score=best,
                required=survey.scoring_success_min,
            )
        return self.env._(
            "Exam failed: best score %(score)s%% (%(required)s%% required) and no attempt left.",
            score=best,
            required=survey.scoring_success_min,
        )

    @api.model
    def _onboarding_exam_answer(self, task, user):
        """The attempt to open for the task's exam: the one in progress, else a new one if attempts are left.

        The caller checked that the user owns the task.
        """
        survey = task.item_id.survey_id
        if task.item_type != "exam" or not survey:
            raise UserError(self.env._("%(task)s has no exam to take.", task=task.name))
        if task.state not in ("todo", "rejected") or task.enrollment_id.state not in ("running", "paused"):
            raise UserError(self.env._("%(task)s cannot be taken now.", task=task.name))
        assessment_round = task.enrollment_id.assessment_round
        # sudo: attempts of the task are the system's records; the owner was checked by the caller.
        attempts = self.sudo().search(
            [
                ("onboarding_task_id", "=", task.id),
                ("onboarding_round", "=", assessment_round),
                ("test_entry", "=", False),
            ],
            order="id desc",
        )
        current = attempts.filtered(lambda i: i.state != "done" and i.partner_id == user.partner_id)[:1]
        if current:
            return current
        done_count = len(attempts.filtered(lambda i: i.state == "done"))
        if survey.is_attempts_limited and done_count >= survey.attempts_limit:
            raise UserError(self.env._("No attempt left for %(task)s.", task=task.name))
        invite_token = attempts[:1].invite_token or self._generate_invite_token()
        return survey.sudo()._create_answer(
            user=user,
            invite_token=invite_token,
            onboarding_task_id=task.id,
            onboarding_round=assessment_round,
        )

    def _onboarding_answer_choices(self, right_answers):
        """Answer every question of this attempt as the survey's pages record it, the first `right_answers`
        right and the others wrong, then hand it in (the demo's hires and the tests take exams this way)."""
        self.ensure_one()
        questions = self.survey_id.question_ids.sorted("id")
        self.env["survey.user_input.line"].create(
            [
                {
                    "user_input_id": self.id,
                    "question_id": question.id,
                    "answer_type": "suggestion",
                    "suggested_answer_id": question.suggested_answer_ids.filtered(
                        lambda a, right=index < right_answers: a.is_correct == right
                    ).id,
                }
                for index, question in enumerate(questions)
            ]
        )
        self._mark_done()
