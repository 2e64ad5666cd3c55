from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ServiceContract(models.Model):
    """What a contract includes: its services and products are covered in full, travel if it
    says so, and the rest gets its discount; beyond its included visits a year, visits are
    charged."""

    _inherit = "service.contract"

    included_product_ids = fields.Many2many(
        "product.product",
        "service_contract_included_product_rel",
        string="Included Products",
        help="Services and parts the contract's price includes: covered in full on its visits and "
        "on the visits to its equipment.",
    )
    included_categ_ids = fields.Many2many(
        "product.category",
        "service_contract_included_categ_rel",
        string="Included Categories",
    )
    cover_discount = fields.Float(
        string="Discount on the Rest (%)",
        digits=(5, 2),
        help="What the contract takes off the price of the lines it does not include.",
    )
    included_visits = fields.Integer(
        string="Included Visits a Year",
        help="Visits a contract year includes; beyond them, the included products are charged "
        "(the discount still applies). 0: every visit.",
    )
    travel_included = fields.Boolean(
        help="The travel of the visits is covered in full.",
    )

    @api.constrains("cover_discount", "included_visits")
    def _check_cover_terms(self):
        for contract in self:
            if not 0.0 <= contract.cover_discount <= 100.0:
                raise ValidationError(
                    self.env._(
                        "Discount on the Rest (%%) of contract %(contract)s must be between 0 and 100.",
                        contract=contract.name,
                    )
                )
            if contract.included_visits < 0:
                raise ValidationError(
                    self.env._(
                        "Included Visits a Year of contract %(contract)s cannot be negative.",
                        contract=contract.name,
                    )
                )

    @api.model
    def _get_cover_term_fields(self):
        """The fields whose change changes what the contract covers."""
        return {
            "included_product_ids",
            "included_categ_ids",
            "cover_discount",
            "included_visits",
            "travel_included",
            "state",
            "equipment_ids",
            "date_start",
            "date_end",
        }

    def write(self, vals):
        result = super().write(vals)
        if self._get_cover_term_fields() & vals.keys():
            self._get_billing_lines_to_refresh()._refresh_cover()
        return result

    def _get_billing_lines_to_refresh(self):
        """The unbilled lines of these contracts' requests and of the visits to their units."""
        contracts = self.sudo()
        return (
            self.env["intervention.billing.line"]
            .sudo()
            .search(
                [
                    ("billing_state", "=", "to_bill"),
                    "|",
                    "|",
                    ("request_id.contract_id", "in", contracts.ids),
                    ("appointment_id.request_id.contract_id", "in", contracts.ids),
                    "|",
                    ("appointment_id.equipment_id", "in", contracts.equipment_ids.ids),
                    ("request_id.equipment_id", "in", contracts.equipment_ids.ids),
                ]
            )
        )

    def _get_contract_year(self, date):
        """(start, end) of the contract year ``date`` falls in, from the contract's start."""
        self.ensure_one()
        years = relativedelta(date, self.date_start).years if date >= self.date_start else 0
        start = self.date_start + relativedelta(years=years)
        return start, start + relativedelta(years=1, days=-1)

    def _includes_product(self, product):
        self.ensure_one()
        path = product.categ_id.parent_path or ""
        return product in self.included_product_ids or any(
            path.startswith(category.parent_path) for category in self.included_categ_ids
        )

    def _covers_date(self, date):
        self.ensure_one()
        return (
            self.state == "running"
            and self.date_start <= date
            and (not self.date_end or date <= self.date_end)
        )


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

    def _is_beyond_included_visits(self, contract):
        """Whether this appointment comes after the visits its contract year includes."""
        self.ensure_one()
        appointment = self.appointment_id
        if not contract.included_visits or not appointment:
            return False
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
        return len(before) >= contract.included_visits

    def _resolve_other_cover(self):
        result = super()._resolve_other_cover()
        for line, contract in self._get_cover_contracts().items():
            contract = contract.sudo()
            kind = None
            if (contract.travel_included and line._is_travel_line()) or (
                contract._includes_product(line.product_id) and not line._is_beyond_included_visits(contract)
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
