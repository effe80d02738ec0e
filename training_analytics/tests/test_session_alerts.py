from datetime import date, timedelta

from babel.dates import format_skeleton
from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import format_date

from .common import AnalyticsCase, at

TODAY = date.today()
TOMORROW = TODAY + timedelta(days=1)
OUR_ADDONS = ["onboarding_training", "hr_attendance_gate", "training_analytics", "onboarding_payroll"]


@tagged("post_install", "-at_install")
class TestSessionAlerts(AnalyticsCase):
    """Orientation is the day-1 session (day 0, 09:00-12:00) of the program."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Item = cls.env["onboarding.program.item"]
        cls.alert_type = cls.env.ref("training_analytics.mail_activity_type_session_attendance")
        cls.item_o.write({"session_start_hour": 9.0, "session_end_hour": 12.0})
        # One cohort, ten hires who all started on the same day, ten days ago.
        cls.start = TODAY - timedelta(days=10)
        cls.cohort = cls._hire(10, "c", cls.start)

    def sign_in(self, count, cohort=None):
        tasks = self._tasks(cohort or self.cohort, self.item_o)[:count]
        self._done(tasks, at(tasks[:1].enrollment_id.start_date or self.start), signed_in=True)

    def alerts(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "onboarding.program"),
                ("res_id", "=", self.program.id),
                ("activity_type_id", "=", self.alert_type.id),
            ]
        )

    def run_job(self, when=TOMORROW):
        with freeze_time(when):
            while self.Item._cron_update_health():
                pass

    def test_7_of_10_alerts_once(self):
        self.sign_in(7)
        self.run_job()
        alert = self.alerts()
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.user_id, self.officer_user, "the program's HR responsible")
        cohort = format_skeleton("yMMMM", self.start.replace(day=1), locale="en_US")
        self.assertEqual(alert.summary, f"Session attendance 70 %: Orientation, {cohort} cohort")
        weekday = format_date(self.env, self.start, date_format="EEEE")
        self.assertIn(
            f"Orientation on {weekday} {format_date(self.env, self.start)}, 09:00–12:00: 7 of the 10 people of "
            f"the {cohort} cohort attended (70 %), below 80 %.",
            alert.note,
        )
        self.assertEqual(self.item_o.sudo().session_alert_months, [self.start.replace(day=1).isoformat()])
        # The next nights: not a second one, open or done.
        self.run_job(TOMORROW + timedelta(days=1))
        self.assertEqual(self.alerts(), alert)
        alert.action_feedback("Moved to Tuesday afternoons")
        self.run_job(TOMORROW + timedelta(days=2))
        self.assertFalse(self.alerts())

    def test_credited_hires_are_not_counted_absent(self):
        """7 attended, 2 had the session credited from an earlier onboarding, 1 missed it: 7 of 8, no alert."""
        self.sign_in(7)
        credited = self._tasks(self.cohort, self.item_o)[7:9]
        source = self._tasks(self.cohort, self.item_o)[:1]
        self._done(credited, at(self.start))
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE onboarding_task SET credit_source_task_id = %s WHERE id IN %s", (source.id, tuple(credited.ids))
        )
        self.env.invalidate_all()
        self.run_job()
        self.assertFalse(self.alerts())
        report = self.env["onboarding.cohort.report"].search([("enrollment_id", "in", self.cohort.ids)])
        self.assertEqual(sum(report.mapped("session_attended_count")), 7)
        self.assertEqual(sum(report.mapped("session_count")), 8)

    def test_8_of_10_is_enough(self):
        self.sign_in(8)
        self.run_job()
        self.assertFalse(self.alerts())

    def test_threshold_from_settings(self):
        self.sign_in(7)
        self.company.onboarding_session_min_attendance = 65
        self.run_job()
        self.assertFalse(self.alerts())
        self.company.onboarding_session_min_attendance = 75
        self.run_job(TOMORROW + timedelta(days=1))
        self.assertEqual(len(self.alerts()), 1)

    def test_too_few_people(self):
        self.company.onboarding_health_min_people = 11
        self.sign_in(2)
        self.run_job()
        self.assertFalse(self.alerts())

    def test_waits_for_the_whole_cohort(self):
        """A hire of the same month whose session is still to come: the cohort is judged once it is held."""
        first = (TODAY.replace(day=1) - timedelta(days=40)).replace(day=2)
        cohort = self._hire(6, "w", first)
        self._hire(1, "wlate", first + timedelta(days=10))
        self.sign_in(2, cohort)
        self.run_job(first + timedelta(days=5))
        self.assertFalse(self.alerts().filtered(lambda a: "33 %" in a.summary or "29 %" in a.summary))
        self.run_job(first + timedelta(days=11))
        self.assertEqual(len(self.alerts().filtered(lambda a: "29 %" in a.summary)), 1)  # 2 of 7

    def test_old_cohorts_are_history(self):
        self.sign_in(7)
        self.run_job(self.start + timedelta(days=40))
        self.assertFalse(self.alerts())

    def test_one_alert_per_cohort(self):
        """The next month's cohort is told about on its own, the first one not again."""
        self.sign_in(7)
        self.run_job()
        next_start = (self.start.replace(day=1) + timedelta(days=32)).replace(day=3)
        second = self._hire(6, "n", next_start)
        self.sign_in(3, second)
        self.run_job(next_start + timedelta(days=1))
        alerts = self.alerts()
        self.assertEqual(len(alerts), 2)
        self.assertEqual(alerts.filtered(lambda a: "50 %" in a.summary).res_id, self.program.id)

    def test_alert_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(OUR_ADDONS, ["zh_CN"])
        self.officer_user.lang = "zh_CN"
        self.sign_in(7)
        self.run_job()
        alert = self.alerts()
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        cohort = format_skeleton("yMMMM", self.start.replace(day=1), locale="zh_CN")
        self.assertEqual(alert.summary, f"课程出勤率 70 %：Orientation，{cohort}批次")
        self.assertIn(
            f"Orientation（{format_date(env, self.start, date_format='EEEE')} {format_date(env, self.start)}，"
            f"09:00–12:00）：{cohort}批次 10 人中 7 人出勤（70 %），低于 80 %。",
            alert.note,
        )
