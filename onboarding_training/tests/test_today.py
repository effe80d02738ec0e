from odoo.tests import TransactionCase, new_test_user, tagged

from .query_counting import QueryCounting
from .today_world import EXPECTED, TodayWorld


@tagged("post_install", "-at_install")
class TestToday(QueryCounting, TodayWorld, TransactionCase):
    """The landing page: each role sees the counts of what needs them, and each count opens its list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls._build_today_world()

    def today_for(self, key):
        return self.env["onboarding.today"].with_user(self.today_users[key]).get_today()

    @staticmethod
    def blocks(page, section=None):
        return {
            block["key"]: block for sec in page["sections"] if section in (None, sec["key"]) for block in sec["blocks"]
        }

    def assert_counts(self, page, section, expected):
        blocks = self.blocks(page, section)
        self.assertEqual({key: blocks[key]["count"] for key in expected}, expected)

    def assert_lists_match(self, key):
        """Every block and line opens a list of exactly as many records as it counts, for that user."""
        user = self.today_users[key]
        for block in self.blocks(self.today_for(key)).values():
            for entry in [block, *block["lines"]]:
                action = entry["action"]
                Model = self.env[action["res_model"]].with_user(user)
                found = Model.browse(action["res_id"]) if action.get("res_id") else Model.search(action["domain"])
                self.assertEqual(len(found), entry["count"] if not action.get("res_id") else 1, entry["key"])

    def test_hr_officer_sees_the_company(self):
        page = self.today_for("officer")
        self.assertEqual([s["key"] for s in page["sections"]], ["hr", "people"])
        self.assert_counts(page, "hr", EXPECTED["officer"])
        self.assert_counts(page, "people", {"to_confirm": 0, "stalled": 0})
        overdue = self.blocks(page)["overdue_confirmations"]
        self.assertEqual(
            [(line["label"], line["count"]) for line in overdue["lines"]], [("Mia Mentor", 1)], "by person"
        )
        self.assert_lists_match("officer")

    def test_hr_lists_hold_the_right_people(self):
        page = self.today_for("officer")
        officer = self.today_users["officer"]
        Enrollment = self.env["onboarding.enrollment"].with_user(officer)
        names = {
            key: sorted(Enrollment.search(self.blocks(page)[key]["action"]["domain"]).employee_id.mapped("name"))
            for key in ("starting", "no_portal")
        }
        self.assertEqual(names["starting"], ["Amy Hire", "Ben Nologin", "Cleo Nologin"])
        self.assertEqual(names["no_portal"], ["Ben Nologin", "Cleo Nologin", "Dan Late"])
        Task = self.env["onboarding.task"].with_user(officer)
        sessions = Task.search(self.blocks(page)["sessions_today"]["action"]["domain"])
        self.assertEqual(sessions.employee_id.mapped("name"), ["Cleo Nologin"])

    def test_mentor_sees_their_people(self):
        page = self.today_for("mentor")
        self.assertEqual([s["key"] for s in page["sections"]], ["people"])
        self.assert_counts(page, "people", EXPECTED["mentor"])
        self.assert_lists_match("mentor")
        other = self.today_for("other_mentor")
        self.assert_counts(other, "people", {"to_confirm": 0, "stalled": 0})

    def test_hire_sees_their_next_task(self):
        page = self.today_for("hire")
        self.assertEqual([s["key"] for s in page["sections"]], ["mine"])
        block = self.blocks(page)["next_task"]
        self.assertEqual(block["count"], EXPECTED["hire"]["next_task"])
        task = self.env["onboarding.task"].browse(block["action"]["res_id"])
        self.assertEqual((task.employee_id.name, task.name), ("Amy Hire", "Employee handbook"))
        self.assertIn("Employee handbook", block["note"])
        self.assert_lists_match("hire")

    def test_officer_who_is_enrolled_sees_their_own_task_too(self):
        page = self.today_for("officer_hire")
        self.assertEqual([s["key"] for s in page["sections"]], ["hr", "people", "mine"])
        self.assert_counts(page, "hr", EXPECTED["officer"])
        task = self.env["onboarding.task"].browse(self.blocks(page, "mine")["next_task"]["action"]["res_id"])
        self.assertEqual(task.employee_id, self.people["olaf"])

    def test_stalled_hire_keeps_her_next_task_and_plain_employee_sees_nothing(self):
        # Eve's enrollment is paused: her tasks are still there, so she keeps her next task.
        self.assertEqual([s["key"] for s in self.today_for("eve")["sections"]], ["mine"])
        page = self.today_for("plain")
        self.assertEqual(page["sections"], [])
        self.assertTrue(page["empty"])

    def test_portal_user_gets_nothing(self):
        portal = new_test_user(self.env, "today_portal", groups="base.group_portal")
        page = self.env["onboarding.today"].with_user(portal).get_today()
        self.assertEqual(page["sections"], [])

    def test_other_company_counts_nothing(self):
        """Main-company officers do not count Today Shop's hires."""
        outsider = new_test_user(
            self.env, "today_outsider", groups="base.group_user,onboarding_training.group_onboarding_officer"
        )
        page = self.env["onboarding.today"].with_user(outsider).get_today()
        names = set()
        for block in self.blocks(page, "hr").values():
            model = self.env[block["action"]["res_model"]].with_user(outsider)
            names |= set(model.search(block["action"]["domain"]).employee_id.mapped("name"))
        self.assertFalse(names & {"Amy Hire", "Ben Nologin", "Cleo Nologin", "Dan Late"})

    def test_cost_does_not_grow_with_the_hires(self):
        """The page counts in SQL: twice the hires, the same queries."""
        Today = self.env["onboarding.today"].with_user(self.today_users["officer_hire"])
        self.count_queries(Today.get_today)
        before = self.count_queries(Today.get_today)
        Employee = self.env["hr.employee"].with_context(onboarding_no_auto_enroll=True)
        more = Employee.create(
            [{"name": f"Late {i}", "company_id": self.shop.id, "coach_id": self.mentor_employee.id} for i in range(6)]
        )
        self.env["onboarding.enrollment"]._enroll(more, self.today_program, start_date=self.today)
        after = self.count_queries(Today.get_today)
        self.assertEqual(after, before)
        page = Today.get_today()
        self.assertEqual(self.blocks(page)["starting"]["count"], EXPECTED["officer"]["starting"] + 6)
