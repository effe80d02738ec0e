from odoo.tests import tagged

from .common import OnboardingPayrollCase

LANG = "zh_CN"
# Shipped in onboarding_payroll/i18n/zh_CN.po.
RATE_ZH = "培训完成率（%）"
MISSED_ZH = "无正当理由缺卡天数"
RATE_EN = "Training completion rate (%)"
MISSED_EN = "Unjustified missed check-in days"


@tagged("post_install", "-at_install")
class TestPayslipZhCn(OnboardingPayrollCase):
    """A payslip reads in Chinese for a Chinese reader, whoever computed it and in which language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(LANG)
        cls.env["ir.module.module"]._load_module_terms(["onboarding_payroll"], [LANG])
        rules = cls.structure.rule_ids
        for code, chinese in (("BASIC", "基本工资"), ("NET", "实发工资")):
            rules.filtered(lambda rule, code=code: rule.code == code).update_field_translations("name", {LANG: chinese})
        program = cls._make_program(10)
        cls.wang, cls.ellen, cls.nolang = cls._make_employees(["Wang Fang", "Ellen Brooks", "Sam Nolang"])
        cls.wang.lang, cls.ellen.lang = LANG, "en_US"
        for enrollment in cls._enroll(cls.wang | cls.ellen | cls.nolang, program):
            cls._finish(enrollment, 5)
        for employee in cls.wang | cls.ellen | cls.nolang:
            cls._miss(employee, [3])
        cls.zh_officer = cls.payroll_manager.copy({"login": "opay_zh", "lang": LANG})
        cls.payroll_manager.lang = "en_US"

    def compute(self, employees, user):
        payslips = self.make_payslips(employees, user=user)
        # As the web client calls it: in the user's language.
        payslips.with_user(user).with_context(lang=user.lang).compute_sheet()
        return payslips

    def line_names(self, payslip, lang):
        return {line.code: line.name for line in payslip.with_context(lang=lang).line_ids}

    def rule_names(self, lang):
        return {rule.code: rule.name for rule in self.structure.with_context(lang=lang).rule_ids}

    def input_names(self, payslip):
        return {line.code: line.name for line in payslip.input_line_ids if line.code in ("ONB_RATE", "ONB_MISSED")}

    def assertLinesInBothLanguages(self, payslip):
        zh_lines = self.line_names(payslip, LANG)
        self.assertEqual(set(zh_lines), {"BASIC", "ONB_RATE_DED", "ONB_MISSED_DED", "NET"})
        rules_zh, rules_en = self.rule_names(LANG), self.rule_names("en_US")
        self.assertEqual(zh_lines, {code: rules_zh[code] for code in zh_lines})
        self.assertEqual(zh_lines["ONB_RATE_DED"], "培训完成率扣款")
        self.assertEqual(self.line_names(payslip, "en_US"), {code: rules_en[code] for code in zh_lines})

    def test_computed_in_english_reads_in_chinese(self):
        wang, ellen = self.compute(self.wang | self.ellen, self.payroll_manager)
        self.assertLinesInBothLanguages(wang)
        self.assertLinesInBothLanguages(ellen)
        self.assertEqual(self.input_names(wang), {"ONB_RATE": RATE_ZH, "ONB_MISSED": MISSED_ZH})
        self.assertEqual(self.input_names(ellen), {"ONB_RATE": RATE_EN, "ONB_MISSED": MISSED_EN})

    def test_computed_in_chinese_reads_in_english_too(self):
        wang, ellen, nolang = self.compute(self.wang | self.ellen | self.nolang, self.zh_officer)
        for payslip in wang | ellen | nolang:
            self.assertLinesInBothLanguages(payslip)
        self.assertEqual(self.input_names(nolang), {"ONB_RATE": RATE_ZH, "ONB_MISSED": MISSED_ZH})
        self.assertEqual(self.input_names(ellen), {"ONB_RATE": RATE_EN, "ONB_MISSED": MISSED_EN})

    def test_pdf_reads_in_chinese(self):
        payslip = self.compute(self.wang, self.payroll_manager)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.zh_officer)
            .with_context(lang=LANG)
            ._render_qweb_html("payroll.report_payslip", payslip.ids)[0]
            .decode()
        )
        for chinese in ("培训完成率扣款", "缺卡扣款", "基本工资", "实发工资"):
            self.assertIn(chinese, html)
        self.assertNotIn("Training completion deduction", html)
