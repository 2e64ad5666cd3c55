from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class InstalledEquipment(models.Model):
    _inherit = "installed.equipment"

    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        check_company=True,
        tracking=True,
        copy=False,
        index="btree_not_null",
        domain="[('product_id', '=', product_id)]",
        help="The serial number of the unit in the stock: set when it was installed from a van or delivered.",
    )
    condition = fields.Selection(
        selection_add=[("removed", "Removed")],
        ondelete={"removed": "set default"},
    )
    removal_date = fields.Date(tracking=True, copy=False, help="When the unit was taken out.")
    replaced_by_id = fields.Many2one(
        "installed.equipment",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    replacement_of_ids = fields.One2many("installed.equipment", "replaced_by_id", string="Replaces")
    intervention_install_line_id = fields.Many2one(
        "intervention.billing.line",
        string="Installed by",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The part line of the appointment that installed this unit.",
    )
    intervention_previous_condition = fields.Char(string="Previous Condition", readonly=True, copy=False)

    @api.onchange("lot_id")
    def _onchange_lot_id(self):
        if self.lot_id:
            self.serial_number = self.lot_id.name
            self.product_id = self.lot_id.product_id

    @api.constrains("lot_id", "product_id", "company_id")
    def _check_lot_id(self):
        with_lot = self.filtered("lot_id")
        if not with_lot:
            return
        for equipment in with_lot:
            if equipment.lot_id.product_id != equipment.product_id:
                raise ValidationError(
                    self.env._(
                        "Lot/Serial Number %(lot)s is a lot of %(lot_product)s, not of %(product)s.",
                        lot=equipment.lot_id.name,
                        lot_product=equipment.lot_id.product_id.display_name,
                        product=equipment.product_id.display_name,
                    )
                )
        serial = with_lot.filtered(lambda equipment: equipment.product_id.tracking == "serial")
        if not serial:
            return
        others = self.with_context(active_test=False).search(
            [("lot_id", "in", serial.lot_id.ids), ("company_id", "in", serial.company_id.ids)]
        )
        by_key = defaultdict(list)
        for other in others:
            by_key[other.lot_id, other.company_id].append(other)
        for equipment in serial:
            twins = [other for other in by_key[equipment.lot_id, equipment.company_id] if other != equipment]
            if twins:
                raise ValidationError(
                    self.env._(
                        "Lot/Serial Number: serial number %(serial)s is already the equipment "
                        "of %(customer)s.",
                        serial=equipment.lot_id.name,
                        customer=twins[0].partner_id.display_name,
                    )
                )

    @api.model
    def _get_system_fields(self):
        return super()._get_system_fields() | {
            "replaced_by_id",
            "intervention_install_line_id",
            "intervention_previous_condition",
        }

    def _mark_removed(self, line):
        """This unit was replaced by the part of ``line``: removed, kept in the history."""
        for equipment in self:
            appointment = line.appointment_id
            equipment._system_write(
                {
                    "intervention_previous_condition": equipment.condition,
                    "condition": "removed",
                    "removal_date": fields.Date.context_today(
                        self, appointment.date_end or appointment.date_start
                    ),
                    "replaced_by_id": line.installed_equipment_id.id,
                }
            )
            equipment.message_post(
                body=self.env._(
                    "Removed by appointment %(appointment)s.",
                    appointment=appointment.name,
                ),
            )

    def _undo_removal(self, lines):
        """The appointment that removed these units is set back: they are as before."""
        for equipment in self.filtered(lambda equipment: equipment.condition == "removed"):
            equipment._system_write(
                {
                    "condition": equipment.intervention_previous_condition or "used",
                    "removal_date": False,
                    "replaced_by_id": False,
                    "intervention_previous_condition": False,
                }
            )

    def _undo_installation(self, lines):
        """The appointment that installed these units is set back: those it created are
        archived (a later Finish brings them back); those it updated stay as they are."""
        created = self.filtered(lambda equipment: equipment.intervention_install_line_id in lines)
        created._system_write({"active": False})
        lines.filtered(lambda line: line.installed_equipment_id in created)._system_write(
            {"installed_equipment_id": False}
        )
