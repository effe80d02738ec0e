import json
import re

from odoo.tests import HttpCase, tagged

from .common import GateFixtures

BLOCKED_ERROR = "odoo.addons.hr_attendance_gate.exceptions.AttendanceBlockedError"
LANG = "zh_CN"


@tagged("post_install", "-at_install")
class TestKioskZhCn(GateFixtures, HttpCase):
    """The kiosk speaks its company's language, whatever language the tablet's browser asks for."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gate()
        cls.env["res.lang"]._activate_lang(LANG)
        items = cls.enrollment.task_ids.item_id
        for name, chinese in (("Employee handbook", "员工手册"), ("Culture handbook", "企业文化手册")):
            items.filtered(lambda item, name=name: item.name == name).update_field_translations("name", {LANG: chinese})
        cls.department = cls.env["hr.department"].create({"name": "Customer Service", "company_id": cls.company.id})
        cls.department.update_field_translations("name", {LANG: "客服部"})

    def set_company_lang(self, lang):
        self.company.partner_id.lang = lang

    def rpc(self, route, browser_lang, **params):
        payload = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}).encode()
        headers = {"Content-Type": "application/json", "Accept-Language": browser_lang}
        response = self.url_open(route, data=payload, headers=headers)
        response.raise_for_status()
        body = response.json()
        return body.get("result"), body.get("error")

    def scan_hire(self, browser_lang):
        params = {"token": self.kiosk_token, "barcode": "041000000001"}
        result, error = self.rpc("/hr_attendance/attendance_barcode_scanned", browser_lang, **params)
        self.assertFalse(result)
        self.assertTrue(error, "the check-in must be refused")
        self.assertEqual(error["data"]["name"], BLOCKED_ERROR)
        self.assertFalse(self.env["hr.attendance"].sudo().search([("employee_id", "=", self.hire.id)]))
        return error["data"]["message"]

    def test_chinese_company_refuses_in_chinese(self):
        self.set_company_lang(LANG)
        message = self.scan_hire("en-US,en;q=0.9")
        self.assertEqual(message, self.hire.sudo().with_context(lang=LANG)._attendance_gate_message())
        self.assertIn("员工手册", message)
        self.assertIn("企业文化手册", message)
        self.assertNotIn("cannot check in", message)

    def test_pin_refusal_in_chinese_too(self):
        self.set_company_lang(LANG)
        params = {"token": self.kiosk_token, "employee_id": self.hire.id, "pin_code": "1234"}
        result, error = self.rpc("/hr_attendance/manual_selection", "en-US", **params)
        self.assertFalse(result)
        self.assertEqual(error["data"]["message"], self.hire.sudo().with_context(lang=LANG)._attendance_gate_message())

    def test_english_company_refuses_in_english(self):
        self.set_company_lang("en_US")
        message = self.scan_hire("zh-CN,zh;q=0.9")
        self.assertIn("cannot check in yet", message)
        self.assertIn("Employee handbook", message)
        self.assertNotIn("员工手册", message)

    def test_kiosk_page_and_employee_list_in_company_language(self):
        self.set_company_lang(LANG)
        page = self.url_open(f"/hr_attendance/{self.kiosk_token}", headers={"Accept-Language": "en-US"})
        page.raise_for_status()
        self.assertIn('lang="zh-CN"', page.text, "the kiosk loads its labels in Chinese")
        info = json.loads(re.search(r"createPublicKioskAttendance\(document, (\{.*\})\);", page.text)[1])
        departments = {department["id"]: department["name"] for department in info["departments"]}
        self.assertEqual(departments[self.department.id], "客服部", "the departments to pick from are in Chinese")

    def test_kiosk_tour_in_chinese(self):
        self.set_company_lang(LANG)
        self.start_tour(f"/hr_attendance/{self.kiosk_token}", "hr_attendance_gate_kiosk_blocked_zh_cn", login="admin")
        self.assertFalse(self.env["hr.attendance"].sudo().search([("employee_id", "=", self.hire.id)]))
