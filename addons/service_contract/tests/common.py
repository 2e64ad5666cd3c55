from unittest.mock import patch

from odoo import Command, fields
from odoo.addons.installed_base.tests.common import use_english
from odoo.tests import TransactionCase


class ServiceContractCase(TransactionCase):
    """A stove maintainer in Paris with a customer, two stoves, a maintenance template and a
    20 % VAT service product."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english(cls)
        cls.env = cls.env["base"].with_context(tracking_disable=True, mail_create_nolog=True).env
        cls.company = cls.env.company
        # The generic rules: outside France, where l10n_fr_service_contract adds the consumer law
        # (its tests set France), whatever the country of the database's company.
        cls.company.country_id = cls.env.ref("base.us")
        cls.company.partner_id.tz = "Europe/Paris"
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Jeanne Martin",
                "street": "3 rue du Port",
                "zip": "33000",
                "city": "Bordeaux",
            }
        )
        cls.site = cls.env["res.partner"].create(
            {
                "name": "Maison du Cap",
                "parent_id": cls.customer.id,
                "type": "other",
                "zip": "33970",
            }
        )
        cls.other_customer = cls.env["res.partner"].create({"name": "Paul Durand", "zip": "24000"})
        stove = cls.env["product.product"].create({"name": "Pellet stove", "type": "consu"})
        cls.equipment, cls.equipment_2 = cls.env["installed.equipment"].create(
            [
                {"partner_id": cls.customer.id, "product_id": stove.id, "serial_number": "SC-1"},
                {
                    "partner_id": cls.customer.id,
                    "product_id": stove.id,
                    "serial_number": "SC-2",
                    "site_partner_id": cls.site.id,
                },
            ]
        )
        cls.other_equipment = cls.env["installed.equipment"].create(
            {"partner_id": cls.other_customer.id, "product_id": stove.id, "serial_number": "SC-3"},
        )
        cls.task = cls.env["intervention.task"].create({"name": "Stove service", "code": "SCSERV"})
        cls.template = cls.env["intervention.template"].create(
            {
                "name": "Annual service",
                "code": "SCENT",
                "intervention_type": "maintenance",
                "task_id": cls.task.id,
                "duration": 1.5,
            }
        )
        cls.tax_20 = cls.env["account.tax"].create(
            {
                "name": "SC VAT 20%",
                "amount": 20.0,
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        cls.service = cls.env["product.product"].create(
            {
                "name": "Annual stove service",
                "type": "service",
                "list_price": 200.0,
                "taxes_id": [Command.set(cls.tax_20.ids)],
            }
        )
        cls.months = {month.number: month for month in cls.env["service.contract.month"].search([])}

    @classmethod
    def _create_contract(cls, lines=True, **values):
        vals = {
            "partner_id": cls.customer.id,
            "date_start": "2026-01-01",
            "date_end": "2026-12-31",
            "template_id": cls.template.id,
            "equipment_ids": [Command.set(cls.equipment.ids)],
            **values,
        }
        if lines:
            vals["line_ids"] = [
                Command.create({"product_id": cls.service.id, "name": "Annual stove service"})
            ]
        return cls.env["service.contract"].create(vals)

    @staticmethod
    def _visits(contract, until):
        return [str(visit) for visit in contract._iter_visit_dates(fields.Date.to_date(until))]

    def _run_cron(self, method):
        """Run a scheduled action outside of the scheduler: its commits are not allowed in a test,
        so the progress report is replaced by a mock that says time is left."""
        with patch.object(self.registry["ir.cron"], "_commit_progress", return_value=60.0) as progress:
            getattr(self.env["service.contract"], method)()
        return progress
