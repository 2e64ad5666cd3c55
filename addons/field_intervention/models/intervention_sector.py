import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class InterventionSector(models.Model):
    _name = "intervention.sector"
    _description = "Intervention Sector"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    zip_prefixes = fields.Char(
        string="Postcode Prefixes",
        help='Comma-separated beginnings of the postcodes this sector covers, e.g. "33, 24100". '
        "The longest matching prefix wins when several sectors match.",
    )
    technician_ids = fields.Many2many(
        "res.users",
        string="Technicians",
        domain=lambda self: self.env["intervention.task"]._domain_technician_ids(),
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    def _get_zip_prefixes(self):
        self.ensure_one()
        return [prefix for prefix in re.split(r"[\s,;]+", self.zip_prefixes or "") if prefix]

    @api.constrains("zip_prefixes")
    def _check_zip_prefixes(self):
        for sector in self:
            for prefix in sector._get_zip_prefixes():
                if not prefix.isalnum():
                    raise ValidationError(
                        self.env._(
                            'Postcode Prefixes of sector %(sector)s: "%(prefix)s" is not a postcode '
                            "beginning (letters and digits only, separated by commas).",
                            sector=sector.name,
                            prefix=prefix,
                        )
                    )

    @api.model
    def _find_by_zip(self, zip_codes, company):
        """Map each postcode to the sector with the longest matching prefix.

        One search for the whole batch, so that computes stay at a fixed number of queries.
        """
        zip_codes = {code.replace(" ", "").upper() for code in zip_codes if code}
        if not zip_codes:
            return {}
        sectors = self.search([("company_id", "in", [False, company.id])])
        result = {}
        for zip_code in zip_codes:
            best, best_length = self.browse(), 0
            for sector in sectors:
                for prefix in sector._get_zip_prefixes():
                    if zip_code.startswith(prefix.upper()) and len(prefix) > best_length:
                        best, best_length = sector, len(prefix)
            if best:
                result[zip_code] = best
        return result

    @api.model
    def _assign_sectors(self, records):
        """Set ``sector_id`` on requests or appointments from their address postcode."""
        by_company = {}
        for record in records:
            company = record.company_id or self.env.company
            by_company.setdefault(company, []).append(record)
        for company, company_records in by_company.items():
            zip_codes = [record.address_partner_id.zip for record in company_records]
            sectors = self._find_by_zip(zip_codes, company)
            for record in company_records:
                zip_code = (record.address_partner_id.zip or "").replace(" ", "").upper()
                record.sector_id = sectors.get(zip_code, False)
