from datetime import timedelta

from odoo import api, fields, models


class OnboardingDemo(models.AbstractModel):
    _inherit = "onboarding.demo"

    @api.model
    def _load_gate_demo(self):
        """Demo of the gate on the core's demo shop: session windows, an exemption and missed check-ins."""
        if not self.env.su:
            return False
        today = fields.Date.context_today(self)
        sessions = self.env["onboarding.program.item"].search(
            [("item_type", "=", "session"), ("program_id.is_template", "=", False)]
        )
        sessions.write({"session_start_hour": 9.0, "session_end_hour": 10.5})
        preboarded = self.env["hr.employee"].search([("name", "=", "Ben Zhao")], limit=1)
        if preboarded:
            self.env["onboarding.attendance.exemption"].create(
                {
                    "employee_id": preboarded.id,
                    "date_from": today - timedelta(days=10),
                    "date_to": today - timedelta(days=8),
                    "reason": "Course platform outage: the handbooks were reviewed on paper with HR.",
                }
            )
        misses = self.env["onboarding.attendance.miss"]._record_missed_checkins(date_from=today - timedelta(days=14))
        misses[:1].action_justify("Sick leave, certificate received.")
        return True
