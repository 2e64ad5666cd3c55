from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command


class InterventionAppointment(models.Model):
    _inherit = "intervention.appointment"

    part_line_ids = fields.One2many(
        "intervention.billing.line",
        "appointment_id",
        string="Parts Used",
        domain=[("is_part", "=", True)],
        help="The storable products of the billing lines: they leave the van when the appointment is done.",
    )
    van_location_id = fields.Many2one(
        "stock.location",
        string="Van",
        compute="_compute_van_location_id",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('intervention_van_technician_id', '!=', False), ('company_id', '=', company_id)]",
        help="Where the parts used come from: the van of the first technician who has one.",
    )
    picking_ids = fields.One2many(
        "stock.picking",
        "intervention_appointment_id",
        string="Transfers",
        readonly=True,
    )
    picking_count = fields.Integer(compute="_compute_picking_count", string="Transfers Count")

    @api.depends("technician_ids", "company_id")
    def _compute_van_location_id(self):
        Location = self.env["stock.location"]
        by_company = defaultdict(lambda: self.browse())
        for appointment in self:
            by_company[appointment.company_id] |= appointment
        for company, appointments in by_company.items():
            vans = Location._get_intervention_vans(appointments.technician_ids, company)
            for appointment in appointments:
                # A done appointment keeps the van its parts left from; the office may choose
                # another van after the technicians (the field is editable).
                van = next((vans[t] for t in appointment.technician_ids if t in vans), Location)
                if appointment.state == "done":
                    van = appointment.van_location_id
                appointment.van_location_id = van

    @api.depends("picking_ids")
    def _compute_picking_count(self):
        counts = dict(
            self.env["stock.picking"]._read_group(
                [("intervention_appointment_id", "in", self.ids)],
                ["intervention_appointment_id"],
                ["__count"],
            )
        )
        for appointment in self:
            appointment.picking_count = counts.get(appointment, 0)

    @api.depends(
        "state", "part_line_ids.quantity", "part_line_ids.product_id", "part_line_ids.product_uom_id"
    )
    def _compute_cost_parts(self):
        # The parts used at the cost price of the appointment's company (per unit of the product).
        for appointment in self:
            cost = 0.0
            if appointment.state == "done":
                for line in appointment.part_line_ids.with_company(appointment.company_id):
                    quantity = line.quantity
                    if line.product_uom_id and line.product_uom_id != line.product_id.uom_id:
                        quantity = line.product_uom_id._compute_quantity(
                            quantity, line.product_id.uom_id, round=False
                        )
                    cost += quantity * line.product_id.standard_price
            appointment.cost_parts = appointment.company_currency_id.round(cost)

    @api.model
    def _get_office_fields(self):
        # The van the parts leave from is the office's choice, as the technicians are.
        return super()._get_office_fields() | {"van_location_id"}

    @api.model
    def _get_lock_free_fields(self):
        # Parts lines are checked by the lines themselves (moved parts are locked there).
        return super()._get_lock_free_fields() | {"part_line_ids"}

    @api.model
    def _get_system_fields(self):
        return super()._get_system_fields() | {"picking_ids"}

    # ------------------------------------------------------------------
    # Finish and done
    # ------------------------------------------------------------------

    def _get_finish_missing_requirements(self):
        missing = super()._get_finish_missing_requirements()
        for appointment in self.sudo():
            missing[appointment.id].extend(appointment.billing_line_ids._get_missing_tracking_errors())
        return missing

    def _on_done(self):
        res = super()._on_done()
        appointments = self.sudo()
        appointments._create_parts_pickings()
        appointments._install_serial_units()
        return res

    def write(self, vals):
        reopened = self.browse()
        if vals.get("state") and vals["state"] != "done":
            reopened = self.filtered(lambda appointment: appointment.state == "done")
        result = super().write(vals)
        if reopened:
            reopened.sudo()._return_parts()
        return result

    def _get_parts_warehouse(self):
        """The warehouse of the van, or else the company's first."""
        self.ensure_one()
        return self.van_location_id.warehouse_id or self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )

    def _prepare_parts_picking_values(self, kind, warehouse, lines):
        """A transfer of ``kind`` (parts used or removed units) for these lines, done at once."""
        self.ensure_one()
        customer = self.partner_id.property_stock_customer or self.env.ref("stock.stock_location_customers")
        if kind == "parts":
            picking_type = warehouse.intervention_parts_type_id
            source, destination = self.van_location_id or warehouse.lot_stock_id, customer
        else:
            picking_type = warehouse.intervention_removed_type_id
            destination = (
                self.company_id.intervention_removed_location_id or picking_type.default_location_dest_id
            )
            source = customer
        if not picking_type:
            raise UserError(
                self.env._(
                    "Warehouse %(warehouse)s has no field service operation types: update the "
                    "Intervention Stock addon.",
                    warehouse=warehouse.display_name,
                )
            )
        return {
            "picking_type_id": picking_type.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "partner_id": (self.address_partner_id or self.partner_id).id,
            "origin": self.name,
            "company_id": self.company_id.id,
            "intervention_appointment_id": self.id,
            "intervention_kind": kind,
            "scheduled_date": self.date_end or fields.Datetime.now(),
        }

    def _create_parts_pickings(self):
        """One validated transfer of the parts used per appointment, from its van to the customer,
        and one of the units taken back, from the customer to the removed units location."""
        Picking = self.env["stock.picking"]
        picking_vals, line_groups = [], []
        for appointment in self:
            parts = appointment.billing_line_ids.filtered(lambda line: line.is_part and line.quantity > 0)
            if not parts:
                continue
            warehouse = appointment._get_parts_warehouse()
            picking_vals.append(appointment._prepare_parts_picking_values("parts", warehouse, parts))
            line_groups.append(parts)
            taken_back = parts.filtered(
                lambda line: line.replaced_equipment_id and line.intervention_take_back
            )
            if taken_back:
                picking_vals.append(
                    appointment._prepare_parts_picking_values("removed", warehouse, taken_back)
                )
                line_groups.append(taken_back)
        if not picking_vals:
            return Picking
        pickings = Picking.with_context(tracking_disable=True, mail_create_nolog=True).create(picking_vals)
        move_vals = []
        for picking, lines in zip(pickings, line_groups, strict=True):
            if picking.intervention_kind == "parts":
                move_vals += [line._prepare_intervention_move_values(picking) for line in lines]
            else:
                move_vals += [line._prepare_removed_move_values(picking) for line in lines]
        self.env["stock.move"].create(move_vals)
        pickings._validate_intervention_pickings()
        return pickings

    def _install_serial_units(self):
        """Serial-tracked units installed become the customer's equipment (created, or updated
        when the serial is known); the units they replace are marked removed."""
        Equipment = self.env["installed.equipment"].with_context(active_test=False)
        lines = self.billing_line_ids.filtered(
            lambda line: line.is_part and line.lot_id and line.product_id.tracking == "serial"
        )
        replaced = self.billing_line_ids.filtered(lambda line: line.is_part and line.replaced_equipment_id)
        if lines:
            known = {
                (equipment.lot_id, equipment.company_id): equipment
                for equipment in Equipment.search([("lot_id", "in", lines.lot_id.ids)])
            }
            to_create, created_lines = [], []
            for line in lines:
                vals = line._prepare_installed_equipment_values()
                equipment = known.get((line.lot_id, line.company_id))
                if equipment:
                    # Known already (sold, or back from a workshop): it moves to this customer.
                    vals.pop("intervention_install_line_id")
                    equipment.write(vals)
                    line._system_write({"installed_equipment_id": equipment.id})
                else:
                    to_create.append(vals)
                    created_lines.append(line)
            for line, equipment in zip(created_lines, Equipment.create(to_create), strict=True):
                line._system_write({"installed_equipment_id": equipment.id})
        for line in replaced:
            line.replaced_equipment_id._mark_removed(line)

    def _return_parts(self):
        """A done appointment set back: its parts come back to the van and its removed units go
        back to the customer, through Odoo's returns; units it installed or removed are as before."""
        pickings = self.picking_ids.filtered(
            lambda picking: (
                picking.state == "done"
                and picking.intervention_kind in ("parts", "removed")
                and not picking.return_ids.filtered(lambda ret: ret.state != "cancel")
            )
        )
        returns = self.env["stock.picking"]
        for picking in pickings:
            wizard = (
                self.env["stock.return.picking"]
                .with_context(active_id=picking.id, active_ids=picking.ids, active_model="stock.picking")
                .create({"picking_id": picking.id})
            )
            for return_line in wizard.product_return_moves:
                return_line.quantity = return_line.move_id.quantity
            returned = wizard._create_return()
            returned.write(
                {
                    "intervention_appointment_id": picking.intervention_appointment_id.id,
                    "intervention_kind": "return",
                }
            )
            for move in returned.move_ids:
                origin = move.origin_returned_move_id
                move.move_line_ids.unlink()
                move.write(
                    {
                        "quantity": origin.quantity,
                        "picked": True,
                        "move_line_ids": [
                            Command.create(
                                {
                                    "product_id": ml.product_id.id,
                                    "product_uom_id": ml.product_uom_id.id,
                                    "quantity": ml.quantity,
                                    "lot_id": ml.lot_id.id,
                                    "location_id": move.location_id.id,
                                    "location_dest_id": move.location_dest_id.id,
                                    "picked": True,
                                }
                            )
                            for ml in origin.move_line_ids
                        ],
                    }
                )
            returns |= returned
        returns._validate_intervention_pickings()
        lines = self.billing_line_ids
        lines.installed_equipment_id._undo_installation(lines)
        lines.replaced_equipment_id._undo_removal(lines)
        return returns

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("intervention_appointment_id", "=", self.id)]
        action["context"] = {"create": False}
        if len(self.picking_ids) == 1:
            action.update({"view_mode": "form", "views": [(False, "form")], "res_id": self.picking_ids.id})
        return action

    def action_request_parts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Parts"),
            "res_model": "intervention.part.request",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_appointment_id": self.id},
        }
