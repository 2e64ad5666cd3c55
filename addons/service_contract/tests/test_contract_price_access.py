from odoo import Command
from odoo.addons.installed_base.tests.common import EnglishCase
from odoo.addons.intervention_billing.tests.common import PriceAccessAssertions
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ServiceContractCase

DISPATCHER = "field_intervention.group_intervention_dispatcher"
TECHNICIAN = "field_intervention.group_intervention_technician"
EXPORT = "base.group_allow_export"


@tagged("post_install", "-at_install")
class TestContractPriceAccess(PriceAccessAssertions, ServiceContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._create_contract()
        cls.contract.line_ids.quantity = 2
        cls.contract.action_confirm()
        # Exporting is a right of its own: given, so that only the prices refuse the export.
        cls.technician = new_test_user(cls.env, "sc_price_tech", groups=f"{TECHNICIAN},{EXPORT}")
        cls.dispatcher = new_test_user(cls.env, "sc_price_dispatcher", groups=f"{DISPATCHER},{EXPORT}")
        # Technicians read the contracts of the customers they serve.
        cls.env["intervention.appointment"].create(
            {
                "partner_id": cls.customer.id,
                "date_start": "2026-03-02 08:00:00",
                "technician_ids": [Command.set(cls.technician.ids)],
            }
        )

    def test_technician_reads_contract_without_prices_when_company_hides_them(self):
        self.company.intervention_hide_prices = True
        contract = self.contract.with_user(self.technician)
        self.assertPricesDenied(contract, ["amount_untaxed"], [])
        self.assertPricesDenied(contract.line_ids, ["price_unit", "price_subtotal"], ["price_unit"])
        # The rest of the contract and of its lines stays readable.
        [values] = contract.web_read(
            {
                "name": {},
                "line_ids": {"fields": {"product_id": {}, "quantity": {}}},
            }
        )
        self.assertEqual(values["name"], self.contract.name)
        self.assertEqual(values["line_ids"][0]["quantity"], 2.0)

    def test_technician_reads_contract_prices_when_company_shows_them(self):
        contract = self.contract.with_user(self.technician)
        self.assertPricesRead(contract, {"amount_untaxed": 400.0}, [])
        self.assertPricesRead(
            contract.line_ids,
            {"price_unit": 200.0, "price_subtotal": 400.0},
            ["price_unit"],
        )

    def test_dispatcher_reads_contract_prices_even_when_company_hides_them(self):
        self.company.intervention_hide_prices = True
        contract = self.contract.with_user(self.dispatcher)
        self.assertPricesRead(contract, {"amount_untaxed": 400.0}, [])
        self.assertPricesRead(
            contract.line_ids,
            {"price_unit": 200.0, "price_subtotal": 400.0},
            ["price_unit"],
        )

    def test_technician_contract_views_name_no_price_when_company_hides_them(self):
        self.company.intervention_hide_prices = True
        price_fields = {
            "service.contract": {"amount_untaxed"},
            "service.contract.line": {"price_unit", "price_subtotal"},
        }
        views = self.env["ir.ui.view"].search(
            [
                ("model", "in", list(price_fields)),
                ("mode", "=", "primary"),
                ("type", "in", ["form", "list", "kanban", "calendar", "search", "pivot", "graph"]),
            ]
        )
        self.assertTrue(views)
        for view in views:
            Model = self.env[view.model].with_user(self.technician)
            with self.subTest(view=view.xml_id or view.name):
                result = Model.get_view(view.id, view.type)
                if view.type == "search":
                    # A search view lists every field of its model (fields_get filters them):
                    # its filters and fields must not name a price.
                    for fname in price_fields[view.model]:
                        self.assertNotRegex(result["arch"], rf"\b{fname}\b")
                    continue
                for model, fnames in result["models"].items():
                    self.assertFalse(set(fnames) & price_fields.get(model, set()))
        # The contract form, read with the fields it names, as the web client does.
        result = self.env["service.contract"].with_user(self.technician).get_views([[False, "form"]])
        self.assertNotIn("amount_untaxed", result["models"]["service.contract"]["fields"])
        self.assertNotIn("price_unit", result["models"]["service.contract.line"]["fields"])
        spec = self._web_read_spec(result["views"]["form"]["arch"])
        self.assertIn("product_id", spec["line_ids"]["fields"])
        [values] = self.contract.with_user(self.technician).web_read(spec)
        self.assertEqual(values["line_ids"][0]["quantity"], 2.0)
        # The dispatcher's form, and the technician's once prices are shown, have the prices.
        for user in (self.dispatcher, self.technician):
            if user == self.technician:
                self.company.intervention_hide_prices = False
            result = self.env["service.contract"].with_user(user).get_views([[False, "form"]])
            with self.subTest(user=user.login):
                self.assertIn("price_unit", result["models"]["service.contract.line"]["fields"])
                self.assertIn("amount_untaxed", result["models"]["service.contract"]["fields"])


@tagged("post_install", "-at_install")
class TestContractPortalPrices(EnglishCase, HttpCase):
    def test_contract_page_shows_prices_only_to_who_may_read_them(self):
        """The portal page reads the contract as superuser: a technician who serves the customer
        opens it without the prices when the company hides them."""
        customer = self.env["res.partner"].create({"name": "Portal Price Client"})
        product = self.env["product.product"].create(
            {
                "name": "Yearly stove care",
                "type": "service",
                "list_price": 321.0,
            }
        )
        contract = self.env["service.contract"].create(
            {
                "partner_id": customer.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "line_ids": [Command.create({"product_id": product.id, "name": "Yearly stove care"})],
            }
        )
        technician = new_test_user(self.env, "sc_page_tech", groups=TECHNICIAN, password="sc_page_tech")
        self.env["intervention.appointment"].create(
            {
                "partner_id": customer.id,
                "date_start": "2026-03-02 08:00:00",
                "technician_ids": [Command.set(technician.ids)],
            }
        )
        self.authenticate("sc_page_tech", "sc_page_tech")
        for hidden in (True, False):
            self.env.company.intervention_hide_prices = hidden
            self.env.flush_all()
            response = self.url_open(f"/my/contracts/{contract.id}")
            with self.subTest(hidden=hidden):
                self.assertEqual(response.status_code, 200)
                self.assertIn("Yearly stove care", response.text)
                self.assertEqual("Unit Price" in response.text, not hidden)
                self.assertEqual("321.00" in response.text, not hidden)
