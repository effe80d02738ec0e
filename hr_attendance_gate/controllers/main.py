from odoo import http
from odoo.http import request
from odoo.tools import SQL

from odoo.addons.hr_attendance.controllers.main import HrAttendance


class HrAttendanceGate(HrAttendance):
    @staticmethod
    def _get_company(token):
        """Every kiosk route starts here: from then on it speaks the kiosk company's language.

        The kiosk page shows its labels in the company's language; its routes would otherwise answer in
        the tablet browser's, so a refusal, the departments and job titles could come in another one.
        """
        company = HrAttendance._get_company(token)
        if not company:
            return company
        # Every kiosk request comes here: one narrow query for the language, not the company's and its partner's
        # whole rows (the name search would not read them otherwise).
        request.env.cr.execute(
            SQL(
                "SELECT partner.lang FROM res_company company"
                " JOIN res_partner partner ON partner.id = company.partner_id WHERE company.id = %s",
                company.id,
            )
        )
        lang = request.env.cr.fetchone()[0]
        if lang and lang != request.env.lang and (lang == "en_US" or request.env["res.lang"]._get_data(code=lang)):
            request.update_context(lang=lang)
            company = company.with_env(request.env(su=True))
        return company

    @http.route()
    def employees_infos(self, token, limit, offset, domain):
        """The kiosk's employee list also tells who is pending training, for the badge on their card."""
        result = super().employees_infos(token, limit, offset, domain)
        records = result.get("records") if isinstance(result, dict) else None
        if records:
            # sudo: the kiosk route is public; super() already restricted the list to the token's company.
            employees = request.env["hr.employee"].sudo().browse([record["id"] for record in records])
            blocked = set(employees.filtered("attendance_blocked").ids)
            for record in records:
                record["attendance_blocked"] = record["id"] in blocked
        return result
