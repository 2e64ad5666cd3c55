from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    intervention_van_location_ids = fields.One2many(
        "stock.location",
        "intervention_van_technician_id",
        string="Vans",
    )

    def _get_intervention_van(self, company=None):
        """This technician's van in ``company`` (the current one by default), or an empty
        recordset."""
        self.ensure_one()
        company = company or self.env.company
        return (
            self.env["stock.location"]
            ._get_intervention_vans(self, company)
            .get(self, self.env["stock.location"])
        )
