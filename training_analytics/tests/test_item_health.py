import statistics
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.onboarding_training.tests.exam import answer_exam
from odoo.addons.onboarding_training.tests.query_counting import QueryCounting

from .common import AnalyticsCase, at

TODAY = date.today()
TOMORROW = TODAY + timedelta(days=1)
OUR_ADDONS = ["onboarding_training", "hr_attendance_gate", "training_analytics", "onboarding_payroll"]


class HealthCase(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Item = cls.env["onboarding.program.item"]
        cls.health_type = cls.env.ref("training_analytics.mail_activity_type_item_health")
        cls.sales = cls.env.ref("training_analytics.onboarding_performance_metric_type_sales_per_day")

    @classmethod
    def _hire_users(cls, count, prefix, start):
        """Hires with a user each (exams are taken by their owner), enrolled from `start`."""
        users = [
            new_test_user(cls.env, f"{prefix}{index}", groups="base.group_user", name=f"{prefix}{index}")
            for index in range(count)
        ]
        employees = cls.Employee.create(
            [
                {"name": user.name, "user_id": user.id, "parent_id": cls.manager.id, "coach_id": cls.mentor.id}
                for user in users
            ]
        )
        enrollments = cls.env["onboarding.enrollment"]._enroll(employees, cls.program, start_date=start)
        return enrollments.sorted(lambda e: e.employee_id.name)

    def health_activities(self, item):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "onboarding.program"),
                ("res_id", "=", item.program_id.id),
                ("activity_type_id", "=", self.health_type.id),
                ("summary", "=like", f"{item.name}%"),
            ]
        )

    def run_job(self, when=TOMORROW):
        """The nightly job, on a later day (items computed today wait for tomorrow), batch after batch."""
        with freeze_time(when):
            while self.Item._cron_update_health():
                pass


@tagged("post_install", "-at_install")
class TestItemHealthExam(HealthCase):
    """Ten hires took a certification exam (2 questions, pass mark 75 %, 2 attempts).

    h0, h1 passed at once; h2, h3 failed the first attempt and passed the second; h4..h9 got 50 % twice.
    Pass rate 4 of 10 = 40 % (too hard), first-attempt pass rate 2 of 10 = 20 %.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "Chat theory",
                "access_mode": "token",
                "users_login_required": True,
                "scoring_type": "scoring_with_answers",
                "certification": True,
                "scoring_success_min": 75,
                "is_attempts_limited": True,
                "attempts_limit": 2,
                "question_and_page_ids": [
                    Command.create(
                        {
                            "title": title,
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [
                                Command.create({"value": "Right", "is_correct": True, "answer_score": 1}),
                                Command.create({"value": "Wrong", "answer_score": 0}),
                            ],
                        }
                    )
                    for title in ("Refund window?", "First reply delay?")
                ],
            }
        )
        cls.item_e.survey_id = cls.survey
        cls.start = TODAY - timedelta(days=31)
        cls.cohort = cls._hire_users(10, "h", cls.start)
        exams = cls._tasks(cls.cohort, cls.item_e)
        for index, enrollment in enumerate(cls.cohort):
            task = exams.filtered(lambda t, e=enrollment: t.enrollment_id == e)
            user = enrollment.employee_id.user_id
            attempts = (2,) if index < 2 else (0, 2) if index < 4 else (1, 1)
            for right in attempts:
                answer_exam(cls.env, task, user, right)
        # The earlier items were all done on time.
        for item, offset in ((cls.item_o, 0), (cls.item_b, 3), (cls.item_c, 3)):
            cls._done(cls._tasks(cls.cohort, item), at(cls.start + timedelta(days=offset)))
        cls.env.flush_all()

    def test_exam_pass_rate_40_is_too_hard(self):
        exams = self._tasks(self.cohort, self.item_e)
        self.assertEqual(set(exams.mapped("state")), {"done"}, "every exam is over: passed or out of attempts")
        self.run_job()
        item = self.item_e
        self.assertEqual(item.health_flag, "too_hard")
        self.assertEqual(item.health_people, 10)
        self.assertAlmostEqual(item.health_pass_rate, 40.0)
        self.assertAlmostEqual(item.health_first_pass_rate, 20.0)
        self.assertEqual(item.health_planned_days, 22)  # opens on day 8, due on day 30
        self.assertEqual(item.health_date, TOMORROW)
        self.assertEqual(item.health_reason, "Too hard: 40 % passed (4 of 10), below the minimum of 60 %.")
        # The items everybody did on time raise no concern.
        self.assertEqual((self.item_b.health_flag, self.item_b.health_pass_rate), ("ok", 100.0))
        self.assertEqual(self.item_b.health_reason, "")
        self.assertAlmostEqual(self.item_b.health_median_days, 2.0)  # opens on day 1, done on day 3
        # A session is judged by its attendance, not as too hard.
        self.assertNotEqual(self.item_o.health_flag, "too_hard")

    def test_reason_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(OUR_ADDONS, ["zh_CN"])
        self.run_job()
        item = self.item_e.with_context(lang="zh_CN")
        self.assertEqual(item.health_reason, "太难：通过率 40 %（10 人中 4 人通过），低于最低要求 60 %。")
        flags = dict(item._fields["health_flag"]._description_selection(item.env))
        self.assertEqual(flags["too_hard"], "太难")
        # The responsible reads the activity in their own language.
        self.officer_user.lang = "zh_CN"
        self.item_e.sudo().health_activity_id.unlink()
        self.item_e.sudo().health_alert_flag = False
        self.run_job(TOMORROW + timedelta(days=1))
        # The program's own translation gives the item its Chinese name (onboarding_training).
        self.assertEqual(self.item_e.sudo().health_activity_id.summary, "理论考试：太难")

    def test_one_activity_per_item_and_flag(self):
        self.run_job()
        activity = self.health_activities(self.item_e)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.officer_user, "the program's HR responsible")
        self.assertEqual(activity.summary, "Theory exam: Too hard")
        self.assertIn("40 % passed (4 of 10)", activity.note)
        # Nothing changed: not a second one, tomorrow or the day after, while open or once done.
        self.run_job(TOMORROW + timedelta(days=1))
        self.assertEqual(self.health_activities(self.item_e), activity)
        activity.action_feedback("Exam reviewed")
        self.run_job(TOMORROW + timedelta(days=2))
        self.assertFalse(self.health_activities(self.item_e), "the flag did not change: no new activity")
        # The item recovers (a lower bar), then falls again: HR hears of it again.
        self.company.onboarding_health_min_pass_rate = 30
        self.run_job(TOMORROW + timedelta(days=3))
        self.assertEqual(self.item_e.health_flag, "ok")
        self.company.onboarding_health_min_pass_rate = 60
        self.run_job(TOMORROW + timedelta(days=4))
        self.assertEqual(len(self.health_activities(self.item_e)), 1)

    def test_no_activity_for_a_new_flag_while_one_is_open(self):
        self.run_job()
        activity = self.health_activities(self.item_e)
        # Still too hard, and now also far too long for a plan of 2 days: the flag stays the most severe one.
        self.item_e.stage_id.start_offset_days = 28
        self.run_job(TOMORROW + timedelta(days=1))
        self.assertEqual(self.item_e.health_flag, "too_hard")
        self.assertEqual(len(self.item_e.health_reason.splitlines()), 2)
        # Easier now, but too long: the open activity stands for the item, no second one.
        self.company.onboarding_health_min_pass_rate = 30
        self.run_job(TOMORROW + timedelta(days=2))
        self.assertEqual(self.item_e.health_flag, "too_long")
        self.assertEqual(self.health_activities(self.item_e), activity)

    def test_program_without_responsible_tells_an_onboarding_manager(self):
        self.program.hr_responsible_id = False
        self.run_job()
        self.assertIn(self.health_activities(self.item_e).user_id, self.admin_user | self.env.ref("base.user_admin"))

    def test_thresholds_from_settings(self):
        self.company.onboarding_health_min_pass_rate = 35
        self.run_job()
        self.assertEqual(self.item_e.health_flag, "ok")
        self.company.onboarding_health_min_people = 11
        self.run_job(TOMORROW + timedelta(days=1))
        self.assertEqual(self.item_e.health_flag, "unknown")
        self.assertEqual(self.item_e.health_reason, "Not enough data: 10 people had it due, 11 are needed.")

    def test_settings_are_validated(self):
        for fname, value in (
            ("onboarding_health_min_pass_rate", 120),
            ("onboarding_health_long_factor", 0.5),
            ("onboarding_health_min_people", 1),
            ("onboarding_health_works_correlation", 1.5),
            ("onboarding_health_effect_threshold", 20),  # above "works" (10 %)
            ("onboarding_session_min_attendance", -1),
        ):
            with self.subTest(fname), self.assertRaises(ValidationError), self.cr.savepoint():
                self.company.write({fname: value})
        settings = self.env["res.config.settings"].create({"onboarding_health_min_pass_rate": 70})
        settings.execute()
        self.assertEqual(self.company.onboarding_health_min_pass_rate, 70)

    def test_values_for_a_cohort(self):
        """The contract the three-month report relies on: numbers and reasons over chosen enrollments."""
        first_five = self.cohort[:5]
        values = self.Item._compute_health_values(self.item_e | self.item_b, domain=[("id", "in", first_five.ids)])
        exam = values[self.item_e.id]
        self.assertEqual(exam["people"], 5)
        self.assertAlmostEqual(exam["pass_rate"], 80.0)  # h0..h3 passed, h4 did not
        self.assertAlmostEqual(exam["first_pass_rate"], 40.0)
        self.assertEqual(exam["flag"], "ok")
        self.assertEqual(exam["reasons"], [])
        self.assertIsNone(values[self.item_b.id]["first_pass_rate"])
        everyone = self.Item._compute_health_values(self.item_e)[self.item_e.id]
        self.assertEqual((everyone["flag"], everyone["pass_rate"]), ("too_hard", 40.0))
        self.assertEqual(everyone["reasons"], ["Too hard: 40 % passed (4 of 10), below the minimum of 60 %."])
        self.assertEqual(everyone["reason_data"][0]["code"], "pass_rate")
        # Nothing was stored by the call.
        self.assertFalse(self.item_e.health_people)

    def test_health_is_for_officers(self):
        self.run_job()
        officer_item = self.item_e.with_user(self.officer_user)
        self.assertEqual(officer_item.health_flag, "too_hard")
        self.assertTrue(officer_item.health_reason)
        with self.assertRaises(AccessError):
            self.item_e.with_user(self.mentor_user).read(["health_flag"])
        with self.assertRaises(AccessError):
            self.item_e.with_user(self.admin_user).write({"health_flag": "works"})
        with self.assertRaises(AccessError):
            self.item_e.with_user(self.admin_user).write({"session_alert_months": ["2020-01-01"]})
        # A manager configuring the item is not refused for the health it carries.
        self.item_e.with_user(self.admin_user).write({"name": "Theory exam (v2)"})


@tagged("post_install", "-at_install")
class TestItemHealthEffect(HealthCase):
    """Twelve hires e00..e11 with their sales per day; everybody did Orientation and the exam.

    Back office: done by e00..e08 (mean 60) and not by e09..e11 (40, 42, 52: mean 44.67): +34 %, works.
    Chat etiquette: not done by e06 (63) and e11 (52): mean 57.5 against 55.9 for the ten others,
    -2.8 %: no measurable effect, with a pass rate of 10 of 12.
    """

    VALUES = (60, 62, 58, 61, 59, 60, 63, 57, 60, 40, 42, 52)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.start = TODAY - timedelta(days=40)
        cls.cohort = cls._hire(12, "e", cls.start)
        names = [f"e{index:02d}" for index in range(12)]
        for enrollment, name in zip(cls.cohort, names, strict=True):
            enrollment.employee_id.name = name
        cls.cohort = cls.cohort.sorted(lambda e: e.employee_id.name)
        cls._done(cls._tasks(cls.cohort, cls.item_o), at(cls.start))
        cls._done(cls._tasks(cls.cohort, cls.item_e), at(cls.start + timedelta(days=20)), score=80)
        cls._done(cls._tasks(cls.cohort[:9], cls.item_b), at(cls.start + timedelta(days=5)))
        chat_done = cls.cohort - cls.cohort[6] - cls.cohort[11]
        cls._done(cls._tasks(chat_done, cls.item_c), at(cls.start + timedelta(days=5)))
        cls.env["onboarding.performance.metric"].create(
            [
                {
                    "employee_id": enrollment.employee_id.id,
                    "metric_type_id": cls.sales.id,
                    "value": value,
                    "date": cls.start + timedelta(days=30),
                }
                for enrollment, value in zip(cls.cohort, cls.VALUES, strict=True)
            ]
        )
        cls.env.flush_all()

    def test_no_effect_over_12_people(self):
        self.run_job()
        item = self.item_c
        self.assertEqual(item.health_flag, "no_effect")
        self.assertEqual(item.health_people, 12)
        self.assertAlmostEqual(item.health_pass_rate, 100.0 * 10 / 12)
        self.assertAlmostEqual(item.health_effect, 100.0 * (55.9 - 57.5) / 57.5)
        self.assertEqual(
            item.health_reason,
            "No measurable effect on Sales per day: the 10 people who passed and the 2 who did not differ by "
            "2.8 %, less than 5 %.",
        )
        self.assertEqual(len(self.health_activities(item)), 1)

    def test_works(self):
        self.run_job()
        item = self.item_b
        passed = [1] * 9 + [0] * 3
        correlation = statistics.correlation(passed, self.VALUES)
        self.assertEqual(item.health_flag, "works")
        self.assertAlmostEqual(item.health_effect, 100.0 * (60 - 134 / 3) / (134 / 3))
        self.assertAlmostEqual(item.health_correlation, correlation)
        self.assertEqual(
            item.health_reason,
            "Works: on Sales per day, the 9 people who passed do 34.3 % better than the 3 who did not "
            f"(correlation {round(correlation, 2):g}).",
        )
        self.assertFalse(self.health_activities(item), "an item that works needs nobody")

    def test_lower_is_better_metric(self):
        """The same values as a complaint rate: those who did Back office do worse, which is not "works"."""
        complaints = self.env.ref("training_analytics.onboarding_performance_metric_type_complaint_rate")
        self.env["onboarding.performance.metric"].search([("metric_type_id", "=", self.sales.id)]).write(
            {"metric_type_id": complaints.id}
        )
        values = self.Item._compute_health_values(self.item_b)[self.item_b.id]
        self.assertLess(values["effect"], -30)
        self.assertLess(values["correlation"], -0.3)
        self.assertEqual(values["flag"], "ok")

    def test_effect_needs_enough_people(self):
        values = self.Item._compute_health_values(self.item_c, domain=[("id", "in", self.cohort[:6].ids)])
        # e06 is not among them: everybody passed, nothing to compare.
        self.assertEqual((values[self.item_c.id]["flag"], values[self.item_c.id]["effect"]), ("ok", None))


@tagged("post_install", "-at_install")
class TestItemHealthTooLong(QueryCounting, HealthCase):
    def test_stalls_start_on_the_item(self):
        """Five hires stopped at Back office: the stall job counts where each stall started."""
        start = TODAY - timedelta(days=12)
        cohort = self._hire(5, "s", start)
        self._done(self._tasks(cohort, self.item_o), at(start))
        self._done(self._tasks(cohort, self.item_c), at(start + timedelta(days=2)))
        cohort.sudo().write({"last_progress_date": start + timedelta(days=2)})
        stalled = self.env["onboarding.enrollment"]._cron_detect_stalls()
        self.assertEqual(stalled, cohort)
        self.assertEqual(cohort.mapped("stall_count"), [1] * 5)
        back_office = self._tasks(cohort, self.item_b)
        self.assertEqual(back_office.mapped("stall_start_count"), [1] * 5)
        self.assertFalse(any(self._tasks(cohort, self.item_c).mapped("stall_start_count")))
        values = self.Item._compute_health_values(self.item_b, domain=[("id", "in", cohort.ids)])[self.item_b.id]
        self.assertEqual(values["stall_share"], 100.0)
        self.assertEqual(values["flag"], "too_hard")  # nobody did it: too hard comes first
        self.assertEqual(
            values["reasons"][1], "Too long: 100 % of the program's stalls started here (5 of 5), from 50 % on."
        )

    def test_median_days_over_plan(self):
        """Back office opens on day 1 and is due on day 7 (6 days); a median of 13 days is too long."""
        start = TODAY - timedelta(days=60)
        cohort = self._hire(5, "m", start)
        for enrollment, day in zip(cohort, (5, 12, 14, 20, 30), strict=True):
            self._done(self._tasks(enrollment, self.item_b), at(start + timedelta(days=day)))
        values = self.Item._compute_health_values(self.item_b, domain=[("id", "in", cohort.ids)])[self.item_b.id]
        self.assertEqual((values["flag"], values["median_days"], values["planned_days"]), ("too_long", 13.0, 6))
        self.assertEqual(
            values["reasons"],
            ["Too long: a median of 13 days to complete against 6 planned, more than 1.5 times the plan."],
        )
        self.company.onboarding_health_long_factor = 2.5
        values = self.Item._compute_health_values(self.item_b, domain=[("id", "in", cohort.ids)])[self.item_b.id]
        self.assertEqual(values["flag"], "ok")

    def test_exam_done_without_score_is_not_passed(self):
        """An exam closed without any score (none recorded) cannot count as passed."""
        start = TODAY - timedelta(days=40)
        cohort = self._hire(5, "x", start)
        exams = self._tasks(cohort, self.item_e)
        self._done(exams, at(start + timedelta(days=20)))
        self.env.flush_all()
        self.env.cr.execute("UPDATE onboarding_task SET score = NULL WHERE id IN %s", [tuple(exams.ids)])
        exams.invalidate_recordset(["score"])
        values = self.Item._compute_health_values(self.item_e, domain=[("id", "in", cohort.ids)])[self.item_e.id]
        self.assertEqual((values["people"], values["pass_rate"], values["flag"]), (5, 0.0, "too_hard"))

    def test_optional_item_is_not_too_hard(self):
        """Leaving an optional item is a choice: 1 of 5 doing it says nothing about how hard it is."""
        self.item_c.required = False
        start = TODAY - timedelta(days=30)
        cohort = self._hire(5, "o", start)
        self._done(self._tasks(cohort[:1], self.item_c), at(start + timedelta(days=3)))
        values = self.Item._compute_health_values(self.item_c, domain=[("id", "in", cohort.ids)])[self.item_c.id]
        self.assertEqual((values["flag"], values["pass_rate"]), ("ok", 20.0))
        # The same share of a required item is too hard.
        values = self.Item._compute_health_values(self.item_b, domain=[("id", "in", cohort.ids)])[self.item_b.id]
        self.assertEqual((values["flag"], values["pass_rate"]), ("too_hard", 0.0))

    def test_job_queries_are_flat(self):
        """The nightly job costs the same queries for 2 hires as for 20: health, alerts and a session alert."""
        self.company.onboarding_health_min_people = 2
        # Only this program's items are left to do.
        self.Item.search([("program_id", "!=", self.program.id)]).sudo().health_date = TOMORROW

        def job_queries(count):
            start = TODAY - timedelta(days=20)
            try:
                with self.env.cr.savepoint():
                    cohort = self._hire(count, f"q{count}-", start)
                    self._done(self._tasks(cohort, self.item_o), at(start))
                    self._done(self._tasks(cohort, self.item_b), at(start + timedelta(days=2)))
                    self._tasks(cohort, self.item_o)[: count // 2].sudo().write({"signed_in": True})
                    with freeze_time(TOMORROW):
                        queries = self.count_queries(self.Item._cron_update_health)
                    activities = self.env["mail.activity"].search_count([("res_model", "=", "onboarding.program")])
                    raise Rollback(queries, activities)
            except Rollback as done:
                self.env.invalidate_all()
                return done.args

        few, many = job_queries(2), job_queries(20)
        self.assertEqual(few[1], 2, "one item too hard (Chat etiquette), one session half attended")
        self.assertEqual(few, many)


class Rollback(Exception):
    pass


@tagged("post_install", "-at_install")
class TestItemHealthTour(HttpCase):
    """HR sees the flag, its reasons and numbers in the Item Health list and on the program form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.hr_user = new_test_user(
            cls.env, "tour_item_health", groups="base.group_user,onboarding_training.group_onboarding_manager"
        )
        cls.program = cls.env["onboarding.program"].create(
            {
                "name": "Item health tour program",
                "auto_enroll": False,
                "hr_responsible_id": cls.hr_user.id,
                "stage_ids": [
                    Command.create(
                        {
                            "name": "Week 1",
                            "deadline_offset_days": 5,
                            "item_ids": [Command.create({"name": "Handle refunds", "item_type": "task"})],
                        }
                    )
                ],
            }
        )
        hires = (
            cls.env["hr.employee"]
            .with_context(onboarding_no_auto_enroll=True)
            .create([{"name": f"Tour hire {index}"} for index in range(5)])
        )
        cls.env["onboarding.enrollment"]._enroll(hires, cls.program, start_date=TODAY - timedelta(days=20))
        cls.program.item_ids._update_health()

    def test_item_health_list_and_program_form(self):
        self.assertEqual(self.program.item_ids.health_flag, "too_hard")
        self.start_tour(
            "/odoo/action-training_analytics.onboarding_program_item_action_health",
            "training_analytics_item_health",
            login=self.hr_user.login,
        )
        self.start_tour(
            f"/odoo/action-onboarding_training.onboarding_program_action/{self.program.id}",
            "training_analytics_program_item_health",
            login=self.hr_user.login,
        )
