from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    intervention_appointment_count = fields.Integer(
        compute="_compute_intervention_appointment_count",
        string="Interventions",
    )

    def _compute_intervention_appointment_count(self):
        # Appointments of the contacts count for their company, as the sales counter does.
        all_partners = self.with_context(active_test=False).search_fetch(
            [("id", "child_of", self.ids)],
            ["parent_id"],
        )
        groups = self.env["intervention.appointment"]._read_group(
            [("partner_id", "in", all_partners.ids)],
            ["partner_id"],
            ["__count"],
        )
        self.intervention_appointment_count = 0
        for partner, count in groups:
            while partner:
                if partner in self:
                    partner.intervention_appointment_count += count
                partner = partner.parent_id

    def action_view_intervention_appointments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_intervention.intervention_appointment_action",
        )
        action["domain"] = [("partner_id", "child_of", self.ids)]
        action["context"] = {"default_partner_id": self.id}
        return action
