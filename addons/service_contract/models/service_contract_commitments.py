from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.field_intervention.tools.response_time import PRIORITIES, check_response_hours
from odoo.exceptions import ValidationError

# The contract's response time of each priority: service.contract.response_hours_<priority>.
CONTRACT_RESPONSE_HOURS_FIELDS = tuple(f"response_hours_{priority}" for priority, _label in PRIORITIES)


class ServiceContract(models.Model):
    """What a contract commits to. Its cover: its services and products are covered in full,
    travel if it says so, and the rest gets its discount; beyond its included visits a year,
    visits are charged. Its response times, by request priority, in working hours of the
    company's calendar; 0 (empty) keeps the company's (Settings > Field Service)."""

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
        return product in self.included_product_ids or self.env[
            "installed.equipment.warranty.type"
        ]._in_categories(product, self.included_categ_ids)

    def _covers_date(self, date):
        self.ensure_one()
        return (
            self.state == "running"
            and self.date_start <= date
            and (not self.date_end or date <= self.date_end)
        )

    response_hours_0 = fields.Float(
        string="Response Time (Normal)",
        help="Working hours to reach a Normal request of this contract; 0: the company's.",
    )
    response_hours_1 = fields.Float(
        string="Response Time (Important)",
        help="Working hours to reach an Important request of this contract; 0: the company's.",
    )
    response_hours_2 = fields.Float(
        string="Response Time (Very Important)",
        help="Working hours to reach a Very Important request of this contract; 0: the company's.",
    )
    response_hours_3 = fields.Float(
        string="Response Time (Urgent)",
        help="Working hours to reach an Urgent request of this contract; 0: the company's.",
    )

    @api.constrains(*CONTRACT_RESPONSE_HOURS_FIELDS)
    def _check_response_hours(self):
        for contract in self:
            check_response_hours(contract, CONTRACT_RESPONSE_HOURS_FIELDS)

    def _get_response_hours_for(self, priority):
        """The contract's own response time for ``priority``, 0 when it has none."""
        self.ensure_one()
        return self[CONTRACT_RESPONSE_HOURS_FIELDS[int(priority or 0)]]
