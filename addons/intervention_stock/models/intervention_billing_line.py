from odoo import api, fields, models
from odoo.addons.intervention_billing.models.intervention_billing_price_mixin import (
    GROUP_DISPATCHER,
    GROUP_INVOICE,
)
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

# What a technician gives of a part used: never its price.
PART_FIELDS = frozenset(
    {
        "appointment_id",
        "sequence",
        "product_id",
        "name",
        "quantity",
        "product_uom_id",
        "lot_id",
        "replaced_equipment_id",
        "intervention_take_back",
    }
)
# What the parts' stock moves were made from: it cannot change while the moves stand.
MOVED_FIELDS = frozenset(
    {
        "product_id",
        "quantity",
        "product_uom_id",
        "lot_id",
        "replaced_equipment_id",
        "intervention_take_back",
        "appointment_id",
    }
)


class InterventionBillingLine(models.Model):
    """Lines of storable products on an appointment are the parts used: billed or not (a part
    replaced under cover is used all the same), they leave the technician's van once the
    appointment is done."""

    _inherit = "intervention.billing.line"

    is_part = fields.Boolean(
        string="Part",
        compute="_compute_is_part",
        store=True,
        precompute=True,
        help="A storable product: it leaves the van when the appointment is done.",
    )
    product_tracking = fields.Selection(related="product_id.tracking", string="Tracking")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
        index="btree_not_null",
    )
    replaced_equipment_id = fields.Many2one(
        "installed.equipment",
        string="Replaces",
        check_company=True,
        help="The customer's unit this part replaces: it is marked removed when the appointment is done.",
    )
    intervention_take_back = fields.Boolean(
        string="Unit Taken Back",
        help="The replaced unit comes back (to the workshop or for recycling): a return move "
        "brings it to the location chosen in the settings.",
    )
    installed_equipment_id = fields.Many2one(
        "installed.equipment",
        string="Equipment Installed",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The customer's equipment this serial-tracked unit became.",
    )
    intervention_move_ids = fields.One2many(
        "stock.move",
        "intervention_billing_line_id",
        string="Stock Moves",
        readonly=True,
    )

    @api.depends("product_id")
    def _compute_is_part(self):
        for line in self:
            line.is_part = bool(line.product_id.is_storable)

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for line in self.filtered("lot_id"):
            if line.lot_id.product_id != line.product_id:
                raise ValidationError(
                    self.env._(
                        "Lot/Serial Number %(lot)s of line %(line)s is not a lot of %(product)s.",
                        lot=line.lot_id.name,
                        line=line.product_id.display_name,
                        product=line.product_id.display_name,
                    )
                )

    @api.constrains("replaced_equipment_id", "appointment_id")
    def _check_replaced_equipment(self):
        for line in self.filtered("replaced_equipment_id"):
            partner = line._get_document().commercial_partner_id
            equipment = line.replaced_equipment_id
            if not line.appointment_id:
                raise ValidationError(self.env._("Replaces: only an appointment's parts replace a unit."))
            if equipment.partner_id.commercial_partner_id != partner:
                raise ValidationError(
                    self.env._(
                        "Replaces: %(equipment)s is not equipment of %(customer)s.",
                        equipment=equipment.display_name,
                        customer=partner.display_name,
                    )
                )

    def _get_missing_tracking_errors(self):
        """Messages for the parts that lack their lot or serial, or that give one serial to
        several units."""
        errors = []
        precision = self.env["decimal.precision"].precision_get("Product Unit")
        for line in self.filtered(lambda line: line.is_part and line.product_id.tracking != "none"):
            label = f"{line.product_id.display_name} ({line.appointment_id.name})"
            if not line.lot_id:
                errors.append(
                    self.env._("%(line)s: its Lot/Serial Number is missing.", line=label)
                    if line.product_id.tracking == "lot"
                    else self.env._("%(line)s: its serial number is missing.", line=label)
                )
            elif line.product_id.tracking == "serial" and float_compare(
                line.product_uom_id._compute_quantity(line.quantity, line.product_id.uom_id),
                1.0,
                precision_digits=precision,
            ):
                errors.append(
                    self.env._(
                        "%(line)s: a serial number is one unit; make one line per serial number.",
                        line=label,
                    )
                )
        for line in self.filtered(lambda line: line.replaced_equipment_id and line.intervention_take_back):
            equipment = line.replaced_equipment_id
            if equipment.product_id.tracking != "none" and not (equipment.lot_id or equipment.serial_number):
                errors.append(
                    self.env._(
                        "%(equipment)s, taken back: its serial number is missing on the equipment.",
                        equipment=equipment.display_name,
                    )
                )
        return errors

    def _is_intervention_office(self):
        user = self.env.user
        return self.env.su or user.has_group(GROUP_DISPATCHER) or user.has_group(GROUP_INVOICE)

    def _check_technician_part_rights(self, vals):
        """A technician adds, changes and removes the parts of their own appointments before
        they are done, and nothing else of a billing line (the office prices and bills). Checked
        on the values, before anything is written."""
        if self._is_system_write() or self._is_intervention_office():
            return
        # A line made on an appointment names no request (create clears it).
        names = {name for name in vals if not (name == "request_id" and not vals[name])}
        if other := names - PART_FIELDS:
            raise AccessError(
                self.env._(
                    "Technicians only record the parts they use: they cannot change %(fields)s of "
                    "a billing line.",
                    fields=self._describe_fields(other),
                )
            )
        user = self.env.user
        new_appointment = self.env["intervention.appointment"].browse(vals.get("appointment_id"))
        new_product = self.env["product.product"].browse(vals.get("product_id"))
        for line in self or [self.browse()]:
            appointment = new_appointment if "appointment_id" in vals else line.appointment_id
            product = new_product if "product_id" in vals else line.product_id
            if not appointment or user not in appointment.sudo().technician_ids:
                raise AccessError(
                    self.env._(
                        "Technicians record parts on their own appointments only (line %(line)s).",
                        line=product.display_name,
                    )
                )
            if not product.is_storable:
                raise AccessError(
                    self.env._(
                        "%(product)s is not a storable product: technicians record parts only; "
                        "the office adds the other billing lines.",
                        product=product.display_name,
                    )
                )
            if appointment.state not in ("draft", "confirmed", "in_progress") or appointment.is_closed:
                raise UserError(
                    self.env._(
                        "Appointment %(appointment)s is %(state)s: its parts cannot change.",
                        appointment=appointment.name,
                        state=dict(appointment._fields["state"]._description_selection(self.env))[
                            appointment.state
                        ],
                    )
                )

    def _check_not_moved(self, action):
        moved = self.filtered(lambda line: line.intervention_move_ids.filtered(lambda m: m.state == "done"))
        moved = moved.filtered(lambda line: line.appointment_id.state == "done")
        if moved:
            raise UserError(
                self.env._(
                    "Part %(line)s of appointment %(appointment)s has left the van: it cannot be "
                    "%(action)s. Set the appointment back to Confirmed first (its parts go back "
                    "to the van).",
                    line=moved[0].product_id.display_name,
                    appointment=moved[0].appointment_id.name,
                    action=action,
                )
            )

    @api.model
    def _check_no_part_on_done(self, vals):
        """Parts of a done appointment have left the van: no part is added to it."""
        appointment = self.env["intervention.appointment"].browse(vals.get("appointment_id"))
        product = self.env["product.product"].browse(vals.get("product_id"))
        if appointment.state == "done" and product.is_storable and not self._is_system_write():
            raise UserError(
                self.env._(
                    "Appointment %(appointment)s is done and its parts have left the van: set it "
                    "back to Confirmed to add part %(line)s.",
                    appointment=appointment.name,
                    line=product.display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_technician_part_rights(vals)
            self._check_no_part_on_done(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_technician_part_rights(vals)
        if MOVED_FIELDS & vals.keys():
            self._check_not_moved(self.env._("changed"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_moved(self):
        self._check_not_moved(self.env._("deleted"))
        self._check_technician_part_rights({})

    @api.model
    def _get_system_fields(self):
        return super()._get_system_fields() | {"installed_equipment_id", "intervention_move_ids"}

    # ------------------------------------------------------------------
    # Stock
    # ------------------------------------------------------------------

    def _prepare_done_move_values(self, picking, product, quantity, lot):
        """A stock move of ``picking`` for this line, with its move line (``lot``) done."""
        self.ensure_one()
        locations = {"location_id": picking.location_id.id, "location_dest_id": picking.location_dest_id.id}
        return {
            **locations,
            "product_id": product.id,
            "product_uom": product.uom_id.id,
            "product_uom_qty": quantity,
            "quantity": quantity,
            "picked": True,
            "picking_id": picking.id,
            "company_id": picking.company_id.id,
            "partner_id": picking.partner_id.id,
            "origin": picking.origin,
            "intervention_billing_line_id": self.id,
            "move_line_ids": [
                fields.Command.create(
                    {
                        **locations,
                        "product_id": product.id,
                        "product_uom_id": product.uom_id.id,
                        "quantity": quantity,
                        "picked": True,
                        "lot_id": lot.id,
                        "company_id": picking.company_id.id,
                        "picking_id": picking.id,
                    }
                )
            ],
        }

    def _prepare_intervention_move_values(self, picking):
        """The move of this part in ``picking``, in the product's unit."""
        self.ensure_one()
        quantity = self.product_uom_id._compute_quantity(self.quantity, self.product_id.uom_id)
        return self._prepare_done_move_values(picking, self.product_id, quantity, self.lot_id)

    def _get_removed_lot(self):
        """The lot of the unit this line replaces: its equipment's, or one made from its serial."""
        self.ensure_one()
        equipment = self.replaced_equipment_id
        product = equipment.product_id
        if equipment.lot_id or product.tracking == "none" or not equipment.serial_number:
            return equipment.lot_id
        Lot = self.env["stock.lot"]
        lot = Lot.search(
            [
                ("product_id", "=", product.id),
                ("name", "=", equipment.serial_number),
                ("company_id", "in", [equipment.company_id.id, False]),
            ],
            limit=1,
        )
        return lot or Lot.create(
            {"product_id": product.id, "name": equipment.serial_number, "company_id": equipment.company_id.id}
        )

    def _prepare_removed_move_values(self, picking):
        """The move of the unit this line replaces, from the customer to the removed units."""
        self.ensure_one()
        product = self.replaced_equipment_id.product_id
        return self._prepare_done_move_values(picking, product, 1.0, self._get_removed_lot())

    def _prepare_installed_equipment_values(self):
        """The customer's equipment this serial-tracked unit becomes."""
        self.ensure_one()
        appointment = self.appointment_id
        partner = appointment.partner_id
        site = appointment.address_partner_id
        return {
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "serial_number": self.lot_id.name,
            "partner_id": partner.id,
            "site_partner_id": site.id if site and site != partner and site.parent_id == partner else False,
            "company_id": appointment.company_id.id,
            "installation_date": fields.Date.context_today(
                self, appointment.date_end or appointment.date_start
            ),
            "technician_id": appointment.technician_ids[:1].id,
            "installer_id": appointment.company_id.partner_id.id,
            "condition": "new",
            "active": True,
            "intervention_install_line_id": self.id,
        }
