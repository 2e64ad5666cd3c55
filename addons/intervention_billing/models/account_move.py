from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    intervention_request_count = fields.Integer(
        string="Intervention Requests",
        compute="_compute_intervention_billing_counts",
        groups="field_intervention.group_intervention_technician",
    )
    intervention_appointment_count = fields.Integer(
        string="Intervention Appointments",
        compute="_compute_intervention_billing_counts",
        groups="field_intervention.group_intervention_technician",
    )

    def _get_intervention_billing_lines(self):
        self.ensure_one()
        return self.sudo().invoice_line_ids.intervention_billing_line_ids

    def _get_intervention_requests(self):
        lines = self._get_intervention_billing_lines()
        return (lines.request_id | lines.appointment_id.request_id).sudo(False)

    def _get_intervention_appointments(self):
        return self._get_intervention_billing_lines().appointment_id.sudo(False)

    def _compute_intervention_billing_counts(self):
        for move in self:
            move.intervention_request_count = len(move._get_intervention_requests())
            move.intervention_appointment_count = len(move._get_intervention_appointments())

    def action_view_intervention_requests(self):
        self.ensure_one()
        return self._get_intervention_action(
            self._get_intervention_requests(),
            "field_intervention.intervention_request_action",
        )

    def action_view_intervention_appointments(self):
        self.ensure_one()
        return self._get_intervention_action(
            self._get_intervention_appointments(),
            "field_intervention.intervention_appointment_action",
        )

    def _get_intervention_action(self, records, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action.update({"domain": [("id", "in", records.ids)], "context": {"create": False}})
        if len(records) == 1:
            action.update({"view_mode": "form", "res_id": records.id, "views": [(False, "form")]})
        return action
