from odoo import fields, models
from odoo.tools import SQL


class InterventionSlaReport(models.Model):
    _inherit = "intervention.sla.report"
    _depends = {"intervention.request": ["contract_id"]}

    contract_id = fields.Many2one("service.contract", string="Service Contract", readonly=True)

    def _select_fields(self):
        return {**super()._select_fields(), "contract_id": SQL("request.contract_id")}
