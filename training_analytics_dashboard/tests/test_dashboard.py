import ast
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.training_analytics.tests.common import SeededCohortCase, at

from .common import DashboardReader


@tagged("post_install", "-at_install")
class TestOnboardingDashboard(DashboardReader, SeededCohortCase):
    """The dashboard's cards, charts and filters on the seeded cohorts, with answers worked out by hand.

    On top of cohorts A (10 hires, Customer Service) and B (4 hires, Operations), both assessed, cohort C
    started 20 days ago in Operations and is running: c0 did everything due (orientation, back office,
    chat etiquette), c1 and c2 nothing, so both are at risk. The exam is not due for anyone in C.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        start = cls.START_C = fields.Date.today() - timedelta(days=20)
        cls.cohort_c = cls._hire(3, "c", start, cls.dept_ops)
        c0 = cls.cohort_c[0]
        cls._done(cls._tasks(c0, cls.item_o), at(start))
        cls._done(cls._tasks(c0, cls.item_b), at(start + timedelta(days=5)))
        cls._done(cls._tasks(c0, cls.item_c), at(start + timedelta(days=6)))
        cls.cohort_c._update_risk()
        cls.env.flush_all()
        cls._load_dashboard()
        cls.program_only = {"Program": cls.program.ids}

    def test_published_for_onboarding_officers(self):
        self.assertTrue(self.dashboard.is_published)
        group = self.env.ref("training_analytics_dashboard.spreadsheet_dashboard_group_onboarding")
        self.assertEqual(self.dashboard.dashboard_group_id, group)
        Dashboard = self.env["spreadsheet.dashboard"]
        for user in (self.officer_user, self.admin_user):
            self.assertEqual(Dashboard.with_user(user).search([("id", "=", self.dashboard.id)]), self.dashboard)
            self.assertTrue(self.dashboard.with_user(user).get_readonly_dashboard()["snapshot"]["sheets"])
        for user in (self.manager_user, self.mentor_user, self.hire_user):
            self.assertFalse(Dashboard.with_user(user).search([("id", "=", self.dashboard.id)]), user.name)
            with self.assertRaises(AccessError):
                self.dashboard.with_user(user).read(["name"])
            self.assertFalse(self.dashboard.with_user(user).spreadsheet_data, "nothing of the file reaches them")

    def test_filters_match_every_data_source(self):
        """Company, program, department and start period apply to every source they make sense for,
        each on a field of the right kind."""
        filters = {f["id"]: f for f in self.spreadsheet["globalFilters"]}
        self.assertEqual(set(self.filter_ids), {"Company", "Program", "Department", "Start Period"})
        sources = [(f"pivot {p['name']}", p["model"], p["fieldMatching"]) for p in self.spreadsheet["pivots"].values()]
        charts = self.odoo_charts().items()
        sources += [(f"chart {i}", c["metaData"]["resModel"], c["fieldMatching"]) for i, c in charts]
        for name, model, matching in sources:
            for filter_id, match in matching.items():
                if not match.get("chain"):
                    # Item health is a property of the items, not of a period or a department.
                    self.assertEqual(model, "onboarding.program.item", name)
                    continue
                field = self.env[model]._fields[match["chain"].split(".")[0]]
                for part in match["chain"].split(".")[1:]:
                    field = self.env[field.comodel_name]._fields[part]
                if filters[filter_id]["type"] == "date":
                    self.assertEqual(field.type, "date", f"{name}: {match['chain']}")
                else:
                    self.assertEqual(field.comodel_name, filters[filter_id]["modelName"], f"{name}: {match['chain']}")
            for label in ("Company", "Program"):
                self.assertTrue(matching.get(self.filter_ids[label], {}).get("chain"), f"{name} ignores {label}")

    def test_cards_known_answers(self):
        self.assertEqual(self.cohort_c.mapped("state"), ["running"] * 3)
        cards = self.read_cards(self.admin_user, self.program_only)
        self.assertEqual(cards["In Onboarding"], 3)
        self.assertAlmostEqual(cards["Completion"], 100 * 50 / 68)  # 35 + 12 + 3 required tasks done of 68
        self.assertAlmostEqual(cards["On Time"], 100 * 48 / 65)  # 33 + 12 + 3 on time of 40 + 16 + 9 due
        self.assertAlmostEqual(cards["Conversion"], 100 * 9 / 17)
        self.assertAlmostEqual(cards["90-Day Attrition"], 100 * 2 / 17)
        self.assertEqual(cards["At Risk"], 2)
        self.assertEqual(cards, self.read_cards(self.officer_user, self.program_only))

    def test_cards_follow_the_filters(self):
        cohort_a = {"In Onboarding": 0, "Completion": 87.5, "On Time": 82.5, "Conversion": 70.0, "At Risk": 0}
        cohort_a["90-Day Attrition"] = 20.0
        by_department = self.read_cards(self.admin_user, {**self.program_only, "Department": self.dept_cs.ids})
        by_month = self.read_cards(self.admin_user, {**self.program_only, "Start Period": ("month", self.START_A)})
        for cards in (by_department, by_month):
            self.assertEqual(cards.keys(), cohort_a.keys())
            for title, value in cohort_a.items():
                self.assertAlmostEqual(cards[title], value, msg=title)
        other = self.env["res.company"].create({"name": "Other Shop"})
        self.admin_user.company_ids |= other
        cards = self.read_cards(self.admin_user, {**self.program_only, "Company": other.ids})
        self.assertFalse(cards["In Onboarding"] or cards["At Risk"])
        self.assertFalse(cards["Completion"])

    def test_charts_known_answers(self):
        charts = {data["metaData"]["measure"]: figure_id for figure_id, data in self.odoo_charts().items()}
        by_month = self.read_chart(self.admin_user, charts["completion_rate"], self.program_only)
        self.assertEqual([round(value, 2) for __, value in by_month], [87.5, 75.0, 25.0])  # A, B, C
        attrition = self.read_chart(self.admin_user, charts["attrition_rate"], self.program_only)
        self.assertEqual([value for __, value in attrition], [20.0, 0.0, 0.0])
        people = self.read_chart(self.admin_user, charts["on_time_rate"], self.program_only)
        on_time = {user_id: value for (user_id, __), value in people}
        self.assertEqual(set(on_time), {self.mentor_user.id, self.manager_user.id})
        self.assertAlmostEqual(on_time[self.mentor_user.id], 100 * 25 / 34)  # 17 + 6 + 2 of 20 + 8 + 6
        self.assertAlmostEqual(on_time[self.manager_user.id], 100 * 8 / 14)  # the exams of A and B

    def test_item_health_chart_is_the_item_health_report(self):
        """The pie counts the program's items per flag as the Item Health menu groups them; a department or
        a period does not apply to items."""
        charts = self.odoo_charts().items()
        (figure_id,) = (i for i, chart in charts if chart["metaData"]["resModel"] == "onboarding.program.item")
        action = self.env.ref("training_analytics.onboarding_program_item_action_health")
        domain = [*ast.literal_eval(action.domain), ("program_id", "=", self.program.id)]
        Item = self.env["onboarding.program.item"].with_user(self.officer_user)
        report = dict(Item._read_group(domain, ["health_flag"], ["__count"]))
        self.assertEqual(sum(report.values()), 4)
        for filters in (self.program_only, {**self.program_only, "Department": self.dept_cs.ids}):
            self.assertEqual(dict(self.read_chart(self.officer_user, figure_id, filters)), report)
        template = self.env["onboarding.program"].search([("is_template", "=", True)], limit=1)
        self.assertTrue(template.stage_ids.item_ids)
        self.assertFalse(self.read_chart(self.officer_user, figure_id, {"Program": template.ids}), "templates")

    def test_responsibility_table(self):
        rows = self.read_pivot(self.admin_user, "4", self.program_only)
        by_user = {row["user_id"][0]: row for row in rows}
        # HR's own items (the orientation) are the officer's organisation rate, not a mentor's or manager's KPI.
        self.assertEqual(set(by_user), {self.mentor_user.id, self.manager_user.id})
        mentor = by_user[self.mentor_user.id]
        self.assertEqual(mentor["owned_count"], 34)
        self.assertAlmostEqual(mentor["on_time_rate"], 100 * 25 / 34)
        self.assertAlmostEqual(mentor["confirmation_rate"], 100.0)  # every back office submitted was confirmed
        # 1..10, 20, 30, 40, 50 hours for A and B, 0 for c0, who handed in and was confirmed at once
        self.assertAlmostEqual(mentor["median_latency_hours"], 7.0)
        self.assertEqual(by_user[self.manager_user.id]["owned_count"], 17)

    def test_data_sources_refused_to_mentors(self):
        """The dashboard is hidden from mentors, and its data stays theirs only through the reports' rules."""
        mentor = new_test_user(self.env, "dash_mentor", groups="onboarding_training.group_onboarding_user")
        with self.assertRaises(AccessError):
            self.read_cards(mentor, self.program_only)
