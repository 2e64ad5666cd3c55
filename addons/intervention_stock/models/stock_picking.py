from odoo import api, fields, models
from odoo.exceptions import UserError

# What validating the field service's transfers skips: Odoo's wizards ask a person, and the
# transfers are made whole, by the system, when the appointment is done.
VALIDATE_CONTEXT = {
    "skip_backorder": True,
    "picking_ids_not_to_backorder": [],
    "skip_sms": True,
    "skip_expired": True,
    "tracking_disable": True,
}

INTERVENTION_PICKING_KINDS = [
    ("parts", "Parts Used"),
    ("removed", "Removed Units"),
    ("request", "Parts Request"),
    ("return", "Return"),
]


class StockPicking(models.Model):
    _inherit = "stock.picking"

    intervention_appointment_id = fields.Many2one(
        "intervention.appointment",
        string="Appointment",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The appointment whose parts, removed units or parts request this transfer carries.",
    )
    intervention_kind = fields.Selection(
        INTERVENTION_PICKING_KINDS,
        string="Field Service",
        readonly=True,
        copy=False,
    )

    @api.model
    def _create_intervention_van_transfer(
        self, van, quantities, origin, scheduled_date=None, appointment=None
    ):
        """A van transfer asking the van's warehouse for ``quantities`` ((product, quantity)
        pairs, in the products' units): confirmed and reserved, for the warehouse to prepare.
        Made by the system: the callers check who asks."""
        warehouse = van.warehouse_id
        picking_type = warehouse.intervention_van_type_id
        if not picking_type:
            raise UserError(
                self.env._(
                    "Van %(van)s is not in a warehouse with a Van Transfers operation type.",
                    van=van.display_name,
                )
            )
        source = warehouse.lot_stock_id
        picking = (
            self.sudo()
            .with_context(mail_create_nolog=True)
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "location_id": source.id,
                    "location_dest_id": van.id,
                    "origin": origin,
                    "company_id": van.company_id.id,
                    "scheduled_date": scheduled_date or fields.Datetime.now(),
                    "intervention_appointment_id": appointment.id if appointment else False,
                    "intervention_kind": "request",
                    "move_ids": [
                        fields.Command.create(
                            {
                                "product_id": product.id,
                                "product_uom": product.uom_id.id,
                                "product_uom_qty": quantity,
                                "location_id": source.id,
                                "location_dest_id": van.id,
                                "company_id": van.company_id.id,
                            }
                        )
                        for product, quantity in quantities
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _get_intervention_open_action(self):
        """The transfer's form for who may open it, else a notification naming it."""
        self.ensure_one()
        if self.sudo(False).has_access("read"):
            return {
                "type": "ir.actions.act_window",
                "res_model": "stock.picking",
                "res_id": self.id,
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "current",
            }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Transfer %(picking)s is asked of the warehouse.", picking=self.name),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _validate_intervention_pickings(self):
        """Validate the field service's transfers as they are (no backorder, no wizard)."""
        if not self:
            return
        result = self.with_context(**VALIDATE_CONTEXT).button_validate()
        not_done = self.filtered(lambda picking: picking.state != "done")
        if result is not True and not_done:
            raise UserError(
                self.env._(
                    "Transfer %(picking)s could not be validated: validate it from Inventory.",
                    picking=not_done[0].name,
                )
            )

    def action_view_intervention_appointment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "intervention.appointment",
            "res_id": self.intervention_appointment_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }


class StockMove(models.Model):
    _inherit = "stock.move"

    intervention_billing_line_id = fields.Many2one(
        "intervention.billing.line",
        string="Part Line",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )

    def _prepare_merge_moves_distinct_fields(self):
        # Two parts of one product (two serials of a stove) stay two moves: each knows its line.
        return [*super()._prepare_merge_moves_distinct_fields(), "intervention_billing_line_id"]
