from odoo import Command, api, models


class InstalledEquipmentCreate(models.TransientModel):
    """Equipment created from a sales order takes the serial numbers of its deliveries."""

    _inherit = "installed.equipment.create"

    def _get_delivered_lots(self):
        """Serial numbers of the product delivered to the customer by the order's transfers,
        those already registered as equipment left out."""
        self.ensure_one()
        if not self.sale_order_id or not self.product_id:
            return self.env["stock.lot"]
        move_lines = self.sale_order_id.sudo().picking_ids.move_ids.move_line_ids.filtered(
            lambda ml: (
                ml.state == "done"
                and ml.product_id == self.product_id
                and ml.lot_id
                and ml.location_dest_id.usage == "customer"
            )
        )
        lots = move_lines.lot_id
        registered = (
            self.env["installed.equipment"]
            .with_context(active_test=False)
            .search([("lot_id", "in", lots.ids)])
        )
        return lots - registered.lot_id

    @api.onchange("product_id")
    def _onchange_product_id(self):
        super()._onchange_product_id()
        lots = self._get_delivered_lots()
        if not lots:
            return
        self.quantity = len(lots)
        if len(lots) == 1:
            self.line_ids = [Command.clear()]
            self.serial_number = lots.name
        else:
            self.serial_number = False
            self.line_ids = [Command.clear()] + [Command.create({"serial_number": lot.name}) for lot in lots]

    def _prepare_equipment_values(self):
        vals_list = super()._prepare_equipment_values()
        serials = [vals["serial_number"] for vals in vals_list if vals.get("serial_number")]
        if not serials or self.product_id.tracking == "none":
            return vals_list
        lots = self.env["stock.lot"].search(
            [
                ("product_id", "=", self.product_id.id),
                ("name", "in", serials),
                ("company_id", "in", [self.company_id.id, False]),
            ]
        )
        by_name = {lot.name: lot for lot in lots}
        for vals in vals_list:
            lot = by_name.get(vals.get("serial_number"))
            if lot:
                vals["lot_id"] = lot.id
        return vals_list
