from odoo import api, fields, models
from odoo.exceptions import UserError

from .service_contract import field_label, is_system_write, is_unchanged


class InterventionRequest(models.Model):
    _inherit = "intervention.request"

    contract_id = fields.Many2one(
        "service.contract",
        string="Service Contract",
        index="btree_not_null",
        readonly=True,
        copy=False,  # a copy is not one of the contract's planned visits
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

    @api.model
    def _get_contract_fields(self):
        """Set by the contract when it generates the request, by nobody else."""
        return {"contract_id", "contract_visit_date"}

    @api.model_create_multi
    def create(self, vals_list):
        if not is_system_write(self.env):
            refused = {name for vals in vals_list for name in self._get_contract_fields() if vals.get(name)}
            if refused:
                raise UserError(
                    self.env._(
                        "%(fields)s of a request are set by the contract that generates it: leave them out.",
                        fields=", ".join(field_label(self, name) for name in sorted(refused)),
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        if not is_system_write(self.env):
            ruled = set(vals) & self._get_contract_fields()
            for request in self:
                changed = {name for name in ruled if not is_unchanged(request.sudo(), name, vals[name])}
                if changed:
                    raise UserError(
                        self.env._(
                            "Request %(request)s: %(fields)s are set by the contract that generates it and "
                            "cannot be changed.",
                            request=request.name,
                            fields=", ".join(field_label(self, name) for name in sorted(changed)),
                        )
                    )
        return super().write(vals)
