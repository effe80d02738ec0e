import ast
import json
import unittest
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.translate import code_translations

from .common import DashboardReader, card_text, search_filter_domain

MODULE = "training_analytics_dashboard"
TOUR = "training_analytics_dashboard_cards"
DASHBOARD_URL = "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action"
COHORT = "onboarding.cohort.report"
COHORT_SEARCH = "training_analytics.onboarding_cohort_report_view_search"
DEMO_PROGRAM = "Customer service – 30 days"
# The spreadsheet's names of the months of a start period.
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october")
MONTHS += ("november", "december")


@tagged("post_install", "-at_install")
class TestDashboardTour(DashboardReader, HttpCase):
    """An onboarding administrator opens the dashboard on the demo company, in English and in Chinese:
    the numbers on its cards are the reports' own numbers, worked out here from the reports' menus."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["ir.module.module"].search([("name", "=", "onboarding_training")]).demo:
            raise unittest.SkipTest("installed without demo data")
        cls.manager = new_test_user(
            cls.env,
            "dashboard_manager",
            groups="base.group_user,onboarding_training.group_onboarding_manager",
            name="Dora Dashboard",
            company_id=cls.env.ref("base.main_company").id,
        )
        cls._load_dashboard()
        # Build the bundles the browser will ask for now: on a busy machine, building them during the first
        # page load takes longer than the browser waits for a page (20 s). They live as long as the test class.
        for bundle in ("web.assets_web", "web.assets_tests", "spreadsheet.o_spreadsheet"):
            assets = cls.env["ir.qweb"]._get_asset_bundle(bundle)
            assets.js()
            assets.css()

    def report_numbers(self, domain=()):
        """{card title: number} from the reports as their menus show them, read as the administrator;
        ``domain`` narrows both the cohorts and the enrollments, as the report's search would."""
        env = self.env(user=self.manager)
        Cohort = env[COHORT]
        domain = list(domain)
        running = search_filter_domain(env, COHORT, COHORT_SEARCH, "running")
        rates = ["completion_rate", "on_time_rate", "conversion_rate", "attrition_rate"]
        totals = Cohort.read_group(domain, rates, [])[0]
        warning = self.env.ref("training_analytics.onboarding_enrollment_action_risk")
        at_risk = search_filter_domain(
            env, "onboarding.enrollment", "onboarding_training.onboarding_enrollment_view_search", "at_risk"
        )
        return {
            "In Onboarding": Cohort.read_group(domain + running, ["headcount"], [])[0]["headcount"],
            "Completion": totals["completion_rate"],
            "On Time": totals["on_time_rate"],
            "Conversion": totals["conversion_rate"],
            "90-Day Attrition": totals["attrition_rate"],
            "At Risk": env["onboarding.enrollment"].search_count(domain + ast.literal_eval(warning.domain) + at_risk),
        }

    def expected(self, lang):
        translations = {}
        if lang != "en_US":
            messages = code_translations.get_web_translations(MODULE, lang)["messages"]
            translations = {message["id"]: message["string"] for message in messages}

        def cards(numbers):
            result = []
            for figure_id, title, __, __, fmt in self.cards():
                self.assertIsNotNone(numbers[title], f"the report has no {title} on the demo")
                card = {"figureId": figure_id, "title": translations.get(title, title), "value": numbers[title]}
                result.append({**card, "text": card_text(numbers[title], fmt)})
            return result

        # Then the demo's customer service hires who started this month: a program and a start period.
        company = self.manager.company_id
        program = self.env["onboarding.program"].search(
            [("is_template", "=", False), ("company_id", "=", company.id), ("name", "=", DEMO_PROGRAM)]
        )
        today = date.today()
        first, last = today.replace(day=1), today + relativedelta(day=31)
        domain = [("program_id", "=", program.id), ("start_date", ">=", first), ("start_date", "<=", last)]
        values = {
            self.filter_ids["Program"]: program.ids,
            self.filter_ids["Start Period"]: {"yearOffset": 0, "period": MONTHS[today.month - 1]},
        }
        return {
            "dashboard": self.dashboard.with_context(lang=lang).name,
            "filters": [translations.get(label, label) for label in ("Company", "Program", "Department")],
            "cards": cards(self.report_numbers()),
            "filtered": {"values": values, "cards": cards(self.report_numbers(domain))},
        }

    def run_tour(self, lang):
        expected = self.expected(lang)
        options = {"stepDelay": 0, "keepWatchBrowser": False, "debug": False, "startUrl": DASHBOARD_URL}
        # What the cards must show reaches the tour as a global set just before it starts.
        code = f"window.onboardingDashboardExpected = {json.dumps(expected)};"
        code += f" odoo.startTour({TOUR!r}, {json.dumps(options)})"
        self.start_tour(DASHBOARD_URL, TOUR, login=self.manager.login, code=code, timeout=180)
        return expected

    def test_cards_show_the_reports_numbers(self):
        expected = self.run_tour("en_US")
        self.assertEqual(
            [card["title"] for card in expected["cards"]],
            ["In Onboarding", "Completion", "On Time", "Conversion", "90-Day Attrition", "At Risk"],
        )
        self.assertLess(expected["filtered"]["cards"][0]["value"], expected["cards"][0]["value"])

    def test_cards_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["zh_CN"])
        self.manager.lang = "zh_CN"
        expected = self.run_tour("zh_CN")
        self.assertEqual(expected["dashboard"], "岗前培训")
        self.assertEqual(expected["cards"][0]["title"], "培训中")
        self.assertNotEqual(expected["filtered"]["cards"], expected["cards"])
