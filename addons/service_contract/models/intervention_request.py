from odoo import fields, models


class InterventionRequest(models.Model):
    _inherit = "intervention.request"

    contract_id = fields.Many2one(
        "service.contract",
        string="Service Contract",
        index="btree_not_null",
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    contract_visit_date = fields.Date(
        readonly=True,
        copy=False,
        help="Planned visit of the contract this request was generated for.",
    )

    # One request per contract, visit date, equipment and address: a second run, or a second
    # worker running at the same time, cannot create it again.
    _contract_visit_uniq = models.UniqueIndex(
        "(contract_id, contract_visit_date, COALESCE(equipment_id, 0), COALESCE(address_partner_id, 0))"
        " WHERE contract_id IS NOT NULL",
        "This contract visit already has its intervention request.",
    )
