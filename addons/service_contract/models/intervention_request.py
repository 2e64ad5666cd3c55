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

    def _get_sla_contract(self):
        """The contract whose response times apply: the one that generated the request, else a
        running contract of the same company covering its equipment."""
        self.ensure_one()
        if self.contract_id:
            return self.contract_id
        return self.equipment_id.service_contract_ids.filtered(
            lambda contract: contract.state == "running" and contract.company_id == self.company_id
        )[:1]

    def _get_response_hours(self):
        hours = super()._get_response_hours()
        for request in self:
            contract = request.sudo()._get_sla_contract()
            if contract and (own := contract._get_response_hours_for(request.priority)):
                hours[request] = own
        return hours

    def _sla_deadline_depends(self):
        return [*super()._sla_deadline_depends(), "contract_id", "equipment_id.service_contract_ids.state"]

    def _get_sla_alert_user(self):
        # A request nobody is responsible for: the contract's responsible is told.
        return super()._get_sla_alert_user() or self.sudo().contract_id.user_id

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
