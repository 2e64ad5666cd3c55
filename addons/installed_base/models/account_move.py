from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    installed_equipment_ids = fields.One2many(
        "installed.equipment", "invoice_id",
    )
    installed_equipment_count = fields.Integer(
        compute="_compute_installed_equipment_count", string="Equipment Count",
    )

    def _compute_installed_equipment_count(self):
        counts = dict(self.env["installed.equipment"]._read_group(
            [("invoice_id", "in", self.ids)], ["invoice_id"], ["__count"],
        ))
        for move in self:
            move.installed_equipment_count = counts.get(move, 0)

    def action_view_installed_equipment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "installed_base.installed_equipment_action",
        )
        action["domain"] = [("invoice_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.partner_id.id, "default_invoice_id": self.id}
        return action

    def action_create_installed_equipment(self):
        return self.env["installed.equipment.create"]._action_open_for(self)
