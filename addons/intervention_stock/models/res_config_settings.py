from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    intervention_removed_location_id = fields.Many2one(
        related="company_id.intervention_removed_location_id",
        readonly=False,
    )
