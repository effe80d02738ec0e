from odoo import http
from odoo.http import request

from odoo.addons.hr_attendance.controllers.main import HrAttendance


class HrAttendanceGate(HrAttendance):
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
