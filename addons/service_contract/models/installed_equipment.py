from odoo import api, fields, models
from odoo.exceptions import UserError

from .service_contract import field_label, is_system_write


class InstalledEquipment(models.Model):
    _inherit = "installed.equipment"

    # Written from the contract only (Covered Equipment), where its rules and checks are: from
    # here, a user with no right on contracts would change what they cover.
    service_contract_ids = fields.Many2many(
        "service.contract",
        "service_contract_installed_equipment_rel",
        "equipment_id",
        "contract_id",
        string="Service Contracts",
        readonly=True,
        copy=False,
    )
    service_contract_count = fields.Integer(compute="_compute_service_contract_count", string="Contracts")

    def _check_service_contract_ids(self, vals_list):
        if not is_system_write(self.env) and any(vals.get("service_contract_ids") for vals in vals_list):
            raise UserError(
                self.env._(
                    "%(field)s of an equipment are set on the contracts (Covered Equipment).",
                    field=field_label(self, "service_contract_ids"),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_service_contract_ids(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_service_contract_ids([vals])
        return super().write(vals)

    def _compute_service_contract_count(self):
        counts = dict(
            self.env["service.contract"]._read_group(
                [("equipment_ids", "in", self.ids)],
                ["equipment_ids"],
                ["__count"],
            )
        )
        for equipment in self:
            equipment.service_contract_count = counts.get(equipment, 0)

    def action_view_service_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("service_contract.service_contract_action")
        action.update(
            domain=[("equipment_ids", "in", self.ids)],
            context={"default_partner_id": self.partner_id.id, "default_equipment_ids": self.ids},
        )
        return action
