from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    intervention_request_count = fields.Integer(
        string="Intervention Requests",
        compute="_compute_intervention_billing_counts",
        groups="field_intervention.group_intervention_technician",
    )

    def _get_intervention_requests(self):
        self.ensure_one()
        lines = self.sudo().order_line.intervention_billing_line_ids
        return (lines.request_id | lines.appointment_id.request_id).sudo(False)

    def _compute_intervention_billing_counts(self):
        for order in self:
            order.intervention_request_count = len(order._get_intervention_requests())

    def action_view_intervention_requests(self):
        self.ensure_one()
        requests = self._get_intervention_requests()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_intervention.intervention_request_action",
        )
        action.update({"domain": [("id", "in", requests.ids)], "context": {"create": False}})
        if len(requests) == 1:
            action.update({"view_mode": "form", "res_id": requests.id, "views": [(False, "form")]})
        return action
