from odoo import api, fields, models


class OnboardingAttendanceMissJustifyWizard(models.TransientModel):
    _name = "onboarding.attendance.miss.justify.wizard"
    _description = "Justify Missed Check-ins"

    miss_ids = fields.Many2many(
        "onboarding.attendance.miss",
        "onboarding_miss_justify_wizard_rel",
        "wizard_id",
        "miss_id",
        string="Missed Check-ins",
        required=True,
    )
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if "miss_ids" in fields_list and context.get("active_model") == "onboarding.attendance.miss":
            values["miss_ids"] = [fields.Command.set(context.get("active_ids") or [])]
        return values

    def action_justify(self):
        self.ensure_one()
        self.miss_ids.action_justify(self.reason)
        return {"type": "ir.actions.act_window_close"}
