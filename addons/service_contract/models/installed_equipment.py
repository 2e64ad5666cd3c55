from odoo import fields, models


class InstalledEquipment(models.Model):
    _inherit = "installed.equipment"

    service_contract_ids = fields.Many2many(
        "service.contract",
        "service_contract_installed_equipment_rel",
        "equipment_id",
        "contract_id",
        string="Service Contracts",
    )
    service_contract_count = fields.Integer(compute="_compute_service_contract_count", string="Contracts")

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
