from werkzeug.exceptions import NotFound

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request, route

from odoo.addons.portal.controllers.portal import CustomerPortal

OPEN_TASK_STATES = ("todo", "rejected")
# Item types that are completed by the system (exam results, peer reviews), never handed in by hand.
SYSTEM_ITEM_TYPES = ("exam", "review")


class OnboardingPortal(CustomerPortal):
    """The new hire's onboarding on the portal.

    Portal users have no access to the onboarding models: every route reads them as
    superuser, and only after the single ownership check of ``_onboarding_enrollments``.
    Anything not found among the user's own records answers 404.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "onboarding_count" in counters:
            enrollments = self._onboarding_enrollments()
            open_tasks = enrollments.task_ids.filtered(lambda t: t.state in OPEN_TASK_STATES)
            values["onboarding_count"] = len(open_tasks) or len(enrollments)
        if "onboarding_review_count" in counters:
            values["onboarding_review_count"] = len(request.env["onboarding.peer.reviewer"]._pending_for_current_user())
        return values

    # ------------------------------------------------------------------
    # Ownership
    # ------------------------------------------------------------------
    def _onboarding_enrollments(self):
        """The current user's own enrollments, as superuser records."""
        uid = request.env.uid
        # sudo: hires may have no access to the model; the domain itself is the ownership check.
        return (
            request.env["onboarding.enrollment"]
            .sudo()
            .search(
                [
                    ("state", "!=", "cancelled"),
                    "|",
                    ("portal_user_id", "=", uid),
                    ("employee_id.user_id", "=", uid),
                ]
            )
        )

    def _onboarding_task(self, task_id):
        # sudo: read only to compare with the user's own enrollments right below.
        task = request.env["onboarding.task"].sudo().browse(task_id).exists()
        if not task or task.enrollment_id not in self._onboarding_enrollments():
            raise NotFound()
        return task

    def _onboarding_stage_groups(self, enrollment):
        """[(stage, tasks)] in the program's order, for the overview page."""
        tasks = enrollment.task_ids.sorted(lambda t: (t.stage_sequence, t.stage_id.id, t.sequence, t.id))
        return list(tasks.grouped("stage_id").items())

    def _onboarding_documents(self, enrollments):
        return request.env["onboarding.knowledge.document"]._for_enrollments(enrollments)

    # ------------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------------
    @route("/my/onboarding", type="http", auth="user", website=True)
    def onboarding_home(self, **kwargs):
        enrollments = self._onboarding_enrollments()
        documents = self._onboarding_documents(enrollments)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "onboarding",
                "enrollments": enrollments,
                "stage_groups": {
                    enrollment.id: self._onboarding_stage_groups(enrollment) for enrollment in enrollments
                },
                "documents": documents.filtered(lambda d: d.program_ids & enrollments.program_id),
                "review_count": len(request.env["onboarding.peer.reviewer"]._pending_for_current_user()),
                "open_states": OPEN_TASK_STATES,
            }
        )
        return request.render("onboarding_training.portal_my_onboarding", values)

    @route("/my/onboarding/task/<int:task_id>", type="http", auth="user", website=True)
    def onboarding_task(self, task_id, message=None, **kwargs):
        task = self._onboarding_task(task_id)
        return self._onboarding_task_page(task, success=self._onboarding_success_message(message))

    def _onboarding_task_page(self, task, error=None, success=None, status=200):
        documents = self._onboarding_documents(task.enrollment_id).filtered(lambda d: task.item_id in d.item_ids)
        completes_by_itself = self._onboarding_completes_by_itself(task)
        hand_in = task.state in OPEN_TASK_STATES and not completes_by_itself
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "onboarding_task",
                "task": task,
                "documents": documents,
                "completes_by_itself": completes_by_itself,
                "can_upload": hand_in,
                "can_submit": hand_in,
                "can_take_exam": task.state in OPEN_TASK_STATES
                and task.item_type == "exam"
                and bool(task.item_id.survey_id),
                "attempts": self._onboarding_attempts(task),
                "error": error,
                "success": success,
            }
        )
        return request.render("onboarding_training.portal_my_onboarding_task", values, status=status)

    def _onboarding_completes_by_itself(self, task):
        """Tasks that only the system completes (exams, reviews, linked courses): nothing to hand in by hand."""
        return task.item_type in SYSTEM_ITEM_TYPES or task._completes_by_itself()

    def _onboarding_attempts(self, task):
        if task.item_type != "exam":
            return request.env["survey.user_input"]
        # sudo: the attempts of the user's own task, checked by the caller.
        return (
            request.env["survey.user_input"]
            .sudo()
            .search(
                [("onboarding_task_id", "=", task.id), ("state", "=", "done"), ("test_entry", "=", False)],
                order="id desc",
            )
        )

    def _onboarding_success_message(self, key):
        messages = {
            "uploaded": request.env._("Your evidence was added."),
            "submitted": request.env._("Handed in. Your mentor or HR will look at it."),
            "reviewed": request.env._("Thank you: your review was handed in anonymously."),
        }
        return messages.get(key)

    @route("/my/onboarding/task/<int:task_id>/evidence", type="http", auth="user", methods=["POST"], website=True)
    def onboarding_task_evidence(self, task_id, submit=None, **kwargs):
        task = self._onboarding_task(task_id)
        if task.state not in OPEN_TASK_STATES or self._onboarding_completes_by_itself(task):
            return self._onboarding_task_page(
                task, error=request.env._("Evidence can only be added to an open task."), status=400
            )
        files = [f for f in request.httprequest.files.getlist("evidence") if f and f.filename]
        if not files:
            return self._onboarding_task_page(task, error=request.env._("Choose a file to upload."), status=400)
        # Read one byte past the limit: enough for the size check, never the whole of a huge file.
        max_bytes = task.company_id.onboarding_evidence_max_mb * 1024 * 1024 + 1
        try:
            with request.env.cr.savepoint():
                attachments = request.env["ir.attachment"]
                for upload in files:
                    attachments |= task._evidence_from_upload(upload.filename, upload.read(max_bytes))
                task.write({"evidence_attachment_ids": [Command.link(a.id) for a in attachments]})
                if submit:
                    task.action_submit()
        except (UserError, ValidationError, AccessError) as error:
            return self._onboarding_task_page(task, error=error.args[0], status=400)
        return request.redirect(f"/my/onboarding/task/{task.id}?message={'submitted' if submit else 'uploaded'}")

    @route("/my/onboarding/task/<int:task_id>/submit", type="http", auth="user", methods=["POST"], website=True)
    def onboarding_task_submit(self, task_id, **kwargs):
        task = self._onboarding_task(task_id)
        if task.item_type in SYSTEM_ITEM_TYPES:
            return self._onboarding_task_page(
                task, error=request.env._("This task is completed by its exam or its reviews."), status=400
            )
        if task._completes_by_itself():
            return self._onboarding_task_page(task, error=task._completes_by_itself_reason(), status=400)
        try:
            with request.env.cr.savepoint():
                task.action_submit()
        except (UserError, ValidationError, AccessError) as error:
            return self._onboarding_task_page(task, error=error.args[0], status=400)
        return request.redirect(f"/my/onboarding/task/{task.id}?message=submitted")

    @route("/my/onboarding/task/<int:task_id>/exam", type="http", auth="user", methods=["POST"], website=True)
    def onboarding_task_exam(self, task_id, **kwargs):
        task = self._onboarding_task(task_id)
        try:
            answer = request.env["survey.user_input"]._onboarding_exam_answer(task, request.env.user)
        except UserError as error:
            return self._onboarding_task_page(task, error=error.args[0], status=400)
        return request.redirect(answer.get_start_url())

    @route("/my/onboarding/knowledge/<int:document_id>", type="http", auth="user", website=True)
    def onboarding_knowledge(self, document_id, **kwargs):
        documents = self._onboarding_documents(self._onboarding_enrollments())
        document = documents.filtered(lambda d: d.id == document_id)
        if not document:
            raise NotFound()
        if document.content_type == "url":
            return request.redirect(document.url, local=False)
        if document.content_type == "file":
            stream = request.env["ir.binary"]._get_stream_from(document, "datas", filename=document.filename)
            return stream.get_response()
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "onboarding_knowledge", "document": document})
        return request.render("onboarding_training.portal_my_onboarding_knowledge", values)

    @route("/my/onboarding/reviews", type="http", auth="user", website=True)
    def onboarding_reviews(self, message=None, **kwargs):
        return self._onboarding_reviews_page(success=self._onboarding_success_message(message))

    def _onboarding_reviews_page(self, error=None, error_review=None, success=None, status=200):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "onboarding_reviews",
                "reviews": request.env["onboarding.peer.reviewer"]._pending_for_current_user(),
                "error": error,
                "error_review": error_review,
                "success": success,
            }
        )
        return request.render("onboarding_training.portal_my_onboarding_reviews", values, status=status)

    @route("/my/onboarding/review/<int:review_id>", type="http", auth="user", methods=["POST"], website=True)
    def onboarding_review_submit(self, review_id, score=None, comment=None, **kwargs):
        pending = request.env["onboarding.peer.reviewer"]._pending_for_current_user()
        review = pending.filtered(lambda r: r.id == review_id)
        if not review:
            raise NotFound()
        try:
            value = float(score)
        except (TypeError, ValueError):
            value = None
        try:
            with request.env.cr.savepoint():
                review._submit(value, comment or "")
        except (UserError, ValidationError) as error:
            return self._onboarding_reviews_page(error=error.args[0], error_review=review, status=400)
        return request.redirect("/my/onboarding/reviews?message=reviewed")
