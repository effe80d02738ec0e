"""Taking a certification exam the way the survey's own pages record it, for tests."""


def answer_exam(env, task, user, right_answers):
    """Answer `task`'s exam as `user`, the first `right_answers` questions right, the others wrong."""
    answer = env["survey.user_input"]._onboarding_exam_answer(task, user)
    questions = task.item_id.survey_id.question_ids.sorted("id")
    env["survey.user_input.line"].create(
        [
            {
                "user_input_id": answer.id,
                "question_id": question.id,
                "answer_type": "suggestion",
                "suggested_answer_id": question.suggested_answer_ids.filtered(
                    lambda a, right=index < right_answers: a.is_correct == right
                ).id,
            }
            for index, question in enumerate(questions)
        ]
    )
    answer._mark_done()
    return answer
