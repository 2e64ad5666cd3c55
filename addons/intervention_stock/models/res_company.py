from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    intervention_removed_location_id = fields.Many2one(
        "stock.location",
        string="Removed Units Location",
        check_company=True,
        domain="[('usage', '=', 'internal'), ('company_id', '=', id)]",
        help="Where the units taken back from customers go (the workshop, or a recycling area); "
        "by default the Removed Units location of the van's warehouse.",
    )
