from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import format_date

from .common import AnalyticsCase, at

START = date.today()


def day(offset):
    return START + timedelta(days=offset)


@tagged("post_install", "-at_install")
class TestRisk(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.risk_type = cls.env.ref("training_analytics.mail_activity_type_onboarding_risk")
        cls.Enrollment = cls.env["onboarding.enrollment"]

    def hire(self, count=1, prefix="r"):
        with freeze_time(START):
            return self._hire(count, prefix, START)

    def alerts(self, enrollment):
        return enrollment.activity_ids.filtered(lambda a: a.activity_type_id == self.risk_type)

    def test_risk_reasons(self):
        """Overdue tasks, a missed check-in, a stall and a low score, each with its points and words."""
        enrollment = self.hire()
        with freeze_time(day(10)):
            self._done(self._tasks(enrollment, self.item_o), at(START))
            self._done(self._tasks(enrollment, self.item_e), at(day(9)), score=40)
            self.env["onboarding.attendance.miss"].create(
                [
                    {"employee_id": enrollment.employee_id.id, "enrollment_id": enrollment.id, "date": day(2)},
                    {
                        "employee_id": enrollment.employee_id.id,
                        "enrollment_id": enrollment.id,
                        "date": day(3),
                        "justified": True,
                    },
                ]
            )
            enrollment.sudo().write({"state": "paused", "stalled_since": day(9)})
            self.assertEqual(
                [(f["code"], f["points"]) for f in enrollment.risk_data],
                [("overdue", 30), ("missed_checkin", 10), ("stalled", 25), ("low_score", 20)],
            )
            self.assertEqual((enrollment.risk_score, enrollment.risk_level), (85, "high"))
            # Two of four required tasks in ten days: the last two need ten more, well before day 30.
            self.assertEqual(enrollment.risk_projected_end, day(20))
            self.assertEqual(
                enrollment.risk_reasons.splitlines(),
                [
                    "2 overdue task(s): Back office, Chat etiquette",
                    "1 unjustified missed check-in(s)",
                    f"Stalled since {format_date(self.env, day(9))}",
                    "Score below the pass score of 60: Theory exam",
                ],
            )
            # The stall made it high-risk: HR heard of it at once, with the reasons.
            alert = self.alerts(enrollment)
            self.assertEqual(alert.user_id, self.officer_user)
            self.assertIn("Chat etiquette", str(alert.note))
            self.assertEqual(enrollment.risk_alert_date, day(10))

    def test_pace_alerts_hr_once_well_before_the_deadline(self):
        enrollment = self.hire()
        self.assertEqual(enrollment.end_date, day(30))
        with freeze_time(day(5)):
            self.Enrollment._cron_update_risk()
            # Orientation is overdue, but five days say little about the pace yet.
            self.assertEqual((enrollment.risk_score, enrollment.risk_level), (15, "low"))
            self.assertFalse(self.alerts(enrollment))
        with freeze_time(day(6)):
            self.Enrollment._cron_update_risk()
            self.assertEqual((enrollment.risk_score, enrollment.risk_level), (75, "high"))
            self.assertIn(
                f"No required task done in 6 days: the deadline {format_date(self.env, day(30))} "
                "cannot be met at this pace",
                enrollment.risk_reasons,
            )
            self.assertEqual(len(self.alerts(enrollment)), 1)
            self.assertGreaterEqual((enrollment.end_date - self.alerts(enrollment).date_deadline).days, 3)
        with freeze_time(day(8)):
            self._done(self._tasks(enrollment, self.item_o), at(day(7)))
            self.Enrollment._cron_update_risk()
            # One task in eight days leaves 24 days for the other three: day 32, after the deadline.
            self.assertEqual(enrollment.risk_projected_end, day(32))
            self.assertIn(
                "At the pace so far (1 of 4 required tasks in 8 days) the program ends on "
                f"{format_date(self.env, day(32))}, after its deadline {format_date(self.env, day(30))}",
                enrollment.risk_reasons,
            )
            # Progress is seen at once, without waiting for the night.
            self._done(self._tasks(enrollment, self.item_b | self.item_c), at(day(8)))
            self.assertEqual((enrollment.risk_score, enrollment.risk_level, enrollment.risk_reasons), (0, "low", ""))
        with freeze_time(day(40)):
            self.Enrollment._cron_update_risk()
            self.assertEqual(enrollment.risk_level, "high")
            self.assertEqual(len(self.alerts(enrollment)), 1, "HR is told once, never twice")

    def test_finished_enrollments_carry_no_risk(self):
        enrollment = self.hire()
        with freeze_time(day(12)):
            self.Enrollment._cron_update_risk()
            self.assertEqual(enrollment.risk_level, "high")
            enrollment.sudo().write({"state": "failed"})
            self.assertEqual((enrollment.risk_score, enrollment.risk_level, enrollment.risk_data), (0, False, False))
            self.assertNotIn(enrollment, self.Enrollment._cron_update_risk())

    def test_cron_cost_is_flat(self):
        """Updating the risk of 2 or 20 enrollments costs the same queries, and the cron works in batches."""
        warm_up, two, twenty = self.hire(1, "warm-up"), self.hire(2, "two"), self.hire(20, "twenty")

        def cost(enrollments):
            # Flushed on both sides, so that no call pays for the writes of the one before.
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            enrollments.sudo()._update_risk()
            self.env.flush_all()
            return self.cr.sql_log_count - before

        with freeze_time(day(1)):
            # A first pass over each batch fills the caches the measured passes then find warm.
            cost(warm_up), cost(two), cost(twenty)
            self.assertEqual(cost(two), cost(twenty))
        with freeze_time(day(2)):
            self.assertEqual(cost(twenty), UPDATE_RISK_QUERIES)
        with freeze_time(day(12)):
            # Everyone turns high-risk: the activities and HR's digest cost the same for 2 alerts or 20.
            self.env.flush_all()
            cost(warm_up)
            self.assertEqual(cost(two), cost(twenty))
            self.assertEqual(len(twenty.activity_ids), 20)
            digests = self.env["mail.message"].search(
                [
                    ("model", "=", "onboarding.enrollment"),
                    ("res_id", "in", (two | twenty).ids),
                    ("subject", "like", "Onboarding at high risk"),
                ]
            )
            self.assertEqual(
                sorted(digests.mapped("subject")),
                [
                    "Onboarding at high risk: 2 enrollment(s)",
                    "Onboarding at high risk: 20 enrollment(s)",
                ],
            )
        with freeze_time(day(13)):
            ours = warm_up | two | twenty  # demo enrollments may be scored by the same runs
            first = self.Enrollment._cron_update_risk(batch_size=15)
            second = self.Enrollment._cron_update_risk(batch_size=15)
            third = self.Enrollment._cron_update_risk(batch_size=15)
            self.assertEqual(len((first | second | third) & ours), 23)
            self.assertFalse(self.Enrollment._cron_update_risk(batch_size=15) & ours)


UPDATE_RISK_QUERIES = 8
