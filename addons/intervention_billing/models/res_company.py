from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    intervention_hide_prices = fields.Boolean(
        string="Hide Prices from Technicians",
        help="Technicians see the billing lines of requests and appointments without their "
        "prices and totals.",
    )
