from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    installed_equipment_ids = fields.One2many(
        "installed.equipment",
        "partner_id",
    )
    installed_equipment_count = fields.Integer(
        compute="_compute_installed_equipment_count",
        string="Equipment Count",
    )

    def _compute_installed_equipment_count(self):
        # Equipment of the contacts counts for their company, as on the sales counter.
        all_partners = self.with_context(active_test=False).search_fetch(
            [("id", "child_of", self.ids)],
            ["parent_id"],
        )
        groups = self.env["installed.equipment"]._read_group(
            [("partner_id", "in", all_partners.ids)],
            ["partner_id"],
            ["__count"],
        )
        self.installed_equipment_count = 0
        for partner, count in groups:
            while partner:
                if partner in self:
                    partner.installed_equipment_count += count
                partner = partner.parent_id

    def action_view_installed_equipment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "installed_base.installed_equipment_action",
        )
        action["domain"] = [("partner_id", "child_of", self.ids)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_create_installed_equipment(self):
        return self.env["installed.equipment.create"]._action_open_for(self)
