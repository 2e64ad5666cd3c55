from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class InterventionBillingLine(models.Model):
    _inherit = "intervention.billing.line"

    cover_type = fields.Selection(selection_add=[("contract", "Contract")], ondelete={"contract": "set null"})
    cover_contract_id = fields.Many2one(
        "service.contract",
        string="Covering Contract",
        compute="_compute_cover",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
    )

    @api.depends("request_id.contract_id", "appointment_id.request_id.contract_id")
    def _compute_cover(self):
        return super()._compute_cover()

    @api.model
    def _get_cover_value_fields(self):
        return super()._get_cover_value_fields() | {"cover_contract_id"}

    @api.model
    def _get_empty_cover_values(self):
        return {**super()._get_empty_cover_values(), "cover_contract_id": False}

    def _get_cover_contracts(self):
        """{line: contract}: the contract of the line's request, else a running contract of the
        customer that covers the unit visited, on the visit's date."""
        result = {}
        documents = {line: line._get_document() for line in self}
        equipment = self.env["installed.equipment"].union(
            *(document.equipment_id for document in documents.values() if document)
        )
        by_equipment = {}
        if equipment:
            contracts = (
                self.env["service.contract"]
                .sudo()
                .search(
                    [("state", "=", "running"), ("equipment_ids", "in", equipment.ids)],
                    order="date_start desc, id desc",
                )
            )
            for contract in contracts:
                for unit in contract.equipment_ids & equipment:
                    by_equipment.setdefault(unit, []).append(contract)
        for line, document in documents.items():
            if not document:
                continue
            request = document if document._name == "intervention.request" else document.request_id
            date = line.cover_date or fields.Date.context_today(self)
            candidates = [request.sudo().contract_id] if request.sudo().contract_id else []
            candidates += by_equipment.get(document.equipment_id, [])
            partner = document.commercial_partner_id
            contract = next(
                (
                    contract
                    for contract in candidates
                    if contract._covers_date(date) and contract.commercial_partner_id == partner
                ),
                None,
            )
            if contract:
                result[line] = contract.sudo(False)
        return result

    def _is_beyond_included_visits(self, contract, cache):
        """Whether this appointment comes after the visits its contract year includes; ``cache``
        keeps the answer per contract and appointment (one search for all the lines of a visit)."""
        self.ensure_one()
        appointment = self.appointment_id
        if not contract.included_visits or not appointment:
            return False
        if (contract, appointment) in cache:
            return cache[contract, appointment]
        start, end = contract._get_contract_year(self.cover_date)
        visits = (
            self.env["intervention.appointment"]
            .sudo()
            .search(
                [
                    ("state", "!=", "cancelled"),
                    "|",
                    ("request_id.contract_id", "=", contract.id),
                    ("equipment_id", "in", contract.sudo().equipment_ids.ids),
                    ("date_start", ">=", fields.Datetime.to_datetime(start)),
                    ("date_start", "<", fields.Datetime.to_datetime(end) + relativedelta(days=1)),
                ],
                order="date_start, id",
            )
        )
        before = visits.filtered(
            lambda visit: (visit.date_start, visit.id) < (appointment.date_start, appointment.id)
        )
        cache[contract, appointment] = len(before) >= contract.included_visits
        return cache[contract, appointment]

    def _resolve_other_cover(self):
        result = super()._resolve_other_cover()
        beyond_cache = {}
        for line, contract in self._get_cover_contracts().items():
            contract = contract.sudo()
            kind = None
            if (contract.travel_included and line._is_travel_line()) or (
                contract._includes_product(line.product_id)
                and not line._is_beyond_included_visits(contract, beyond_cache)
            ):
                kind = "included"
            percent = 100.0 if kind == "included" else contract.cover_discount
            if percent:
                result[line] = {
                    **result.get(line, {}),
                    "cover_type": "contract",
                    "cover_percent": percent,
                    "cover_contract_id": contract.id,
                }
        return result

    def _is_travel_line(self):
        self.ensure_one()
        document = self._get_document()
        return self.time_type == "travel" or (
            document and document.template_id and self.product_id == document.template_id.travel_product_id
        )

    def _get_cover_label(self):
        if self.cover_type == "contract" and self.cover_percent:
            return self.env._(
                "Covered by contract %(contract)s: %(percent)s%%",
                contract=self.cover_contract_id.name,
                percent=f"{self.cover_percent:g}",
            )
        return super()._get_cover_label()
