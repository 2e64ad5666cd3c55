from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    intervention_hide_prices = fields.Boolean(
        related="company_id.intervention_hide_prices",
        readonly=False,
    )
    intervention_hourly_cost = fields.Monetary(
        related="company_id.intervention_hourly_cost",
        readonly=False,
    )
