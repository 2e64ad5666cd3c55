from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    renewal_notice_days = fields.Integer(related="company_id.renewal_notice_days", readonly=False)
