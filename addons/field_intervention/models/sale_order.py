from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    intervention_appointment_ids = fields.One2many(
        "intervention.appointment",
        "sale_order_id",
        string="Intervention Appointments",
    )
    intervention_appointment_count = fields.Integer(
        compute="_compute_intervention_appointment_count",
        string="Interventions",
    )

    def _compute_intervention_appointment_count(self):
        counts = dict(
            self.env["intervention.appointment"]._read_group(
                [("sale_order_id", "in", self.ids)],
                ["sale_order_id"],
                ["__count"],
            )
        )
        for order in self:
            order.intervention_appointment_count = counts.get(order, 0)

    def action_view_intervention_appointments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_intervention.intervention_appointment_action",
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {
            "default_sale_order_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_company_id": self.company_id.id,
        }
        return action
