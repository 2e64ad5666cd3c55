from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    intervention_hide_prices = fields.Boolean(
        string="Hide Prices from Technicians",
        help="Technicians see the billing lines of requests and appointments without their "
        "prices and totals.",
    )
    intervention_hourly_cost = fields.Monetary(
        string="Default Hourly Cost",
        currency_field="currency_id",
        help="What an hour of a technician costs the company, on site or on the road: the cost "
        "of the visits, unless the technician's employee has an hourly cost of their own (with "
        "Odoo's HR).",
    )

    @api.constrains("intervention_hourly_cost")
    def _check_intervention_hourly_cost(self):
        for company in self:
            if company.intervention_hourly_cost < 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: %(field)s cannot be negative.",
                        company=company.name,
                        field=self._fields["intervention_hourly_cost"]._description_string(self.env),
                    )
                )
