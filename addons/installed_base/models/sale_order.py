from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    installed_equipment_ids = fields.One2many(
        "installed.equipment",
        "sale_order_id",
    )
    installed_equipment_count = fields.Integer(
        compute="_compute_installed_equipment_count",
        string="Equipment Count",
    )

    def _compute_installed_equipment_count(self):
        counts = dict(
            self.env["installed.equipment"]._read_group(
                [("sale_order_id", "in", self.ids)],
                ["sale_order_id"],
                ["__count"],
            )
        )
        for order in self:
            order.installed_equipment_count = counts.get(order, 0)

    def action_view_installed_equipment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "installed_base.installed_equipment_action",
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.partner_id.id, "default_sale_order_id": self.id}
        return action

    def action_create_installed_equipment(self):
        return self.env["installed.equipment.create"]._action_open_for(self)
