from odoo import Command, fields
from odoo.addons.installed_base.tests.common import EnglishCase
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import TECHNICIAN, InterventionBillingCase, PriceAccessAssertions

LINE_PRICES = [
    "price_unit",
    "technical_price_unit",
    "pricelist_item_id",
    "discount",
    "price_subtotal",
    "price_tax",
    "price_total",
]
DOCUMENT_PRICES = ["amount_untaxed", "amount_tax", "amount_total", "tax_totals"]
# Stored, so searchable, sortable and groupable: the other ways of reading a value.
STORED_LINE_PRICES = ["price_unit", "technical_price_unit", "discount", "price_subtotal", "price_total"]
STORED_DOCUMENT_PRICES = ["amount_untaxed", "amount_tax", "amount_total"]


@tagged("post_install", "-at_install")
class TestBillingPriceAccess(PriceAccessAssertions, InterventionBillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        common = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        # Exporting is a right of its own: given, so that only the prices refuse the export.
        export = "base.group_allow_export"
        cls.technician.group_ids |= cls.env.ref(export)
        cls.dispatcher.group_ids |= cls.env.ref(export)
        cls.technician_salesman = new_test_user(
            cls.env,
            "ib_tech_sales",
            groups=f"{TECHNICIAN},sales_team.group_sale_salesman,{export}",
            **common,
        )
        cls.technician_invoicing = new_test_user(
            cls.env,
            "ib_tech_invoicing",
            groups=f"{TECHNICIAN},account.group_account_invoice,{export}",
            **common,
        )
        cls.request = cls._create_request(lines=[(cls.product_installation, 2, 150.0)])
        cls.appointment = cls._create_appointment(
            request_id=cls.request.id,
            technician_ids=[Command.set(cls.technician.ids)],
        )
        cls.documents = [cls.request, cls.appointment]

    def _line_values(self, line):
        return {
            "price_unit": 150.0,
            "technical_price_unit": line.technical_price_unit,
            "discount": 0.0,
            "price_subtotal": 300.0,
            "price_tax": 16.5,
            "price_total": 316.5,
        }

    def test_technician_cannot_read_prices_when_company_hides_them(self):
        self.company.intervention_hide_prices = True
        for document in self.documents:
            self.assertPricesDenied(
                document.with_user(self.technician),
                DOCUMENT_PRICES,
                STORED_DOCUMENT_PRICES,
            )
            self.assertPricesDenied(
                document.billing_line_ids.with_user(self.technician),
                LINE_PRICES,
                STORED_LINE_PRICES,
            )
            # What is not a price stays readable.
            [values] = document.billing_line_ids.with_user(self.technician).read(
                ["product_id", "quantity", "billing_state"],
            )
            self.assertEqual(values["quantity"], 2.0)

    def test_refusal_names_the_field_and_the_setting(self):
        self.company.intervention_hide_prices = True
        with self.assertRaisesRegex(AccessError, r"Prices are hidden from technicians.*\(price_unit\)"):
            self.appointment.billing_line_ids.with_user(self.technician).read(["price_unit"])

    def test_technician_reads_prices_when_company_shows_them(self):
        for document in self.documents:
            self.assertPricesRead(
                document.with_user(self.technician),
                {"amount_untaxed": 300.0, "amount_tax": 16.5, "amount_total": 316.5},
                STORED_DOCUMENT_PRICES,
            )
            line = document.billing_line_ids
            self.assertPricesRead(
                line.with_user(self.technician),
                self._line_values(line),
                STORED_LINE_PRICES,
            )

    def test_office_reads_prices_even_when_company_hides_them(self):
        self.company.intervention_hide_prices = True
        for user in (self.dispatcher, self.technician_salesman, self.technician_invoicing):
            for document in self.documents:
                with self.subTest(user=user.login, model=document._name):
                    if not document.with_user(user).has_access("read"):
                        # Sales users who are only technicians see the appointments they are on.
                        continue
                    self.assertPricesRead(
                        document.with_user(user),
                        {"amount_untaxed": 300.0, "amount_total": 316.5},
                        [],
                    )
                    line = document.billing_line_ids
                    self.assertEqual(line.with_user(user).read(["price_unit"])[0]["price_unit"], 150.0)
                    self.assertTrue(document.with_user(user).show_billing_prices)

    def test_prices_hidden_when_any_active_company_hides_them(self):
        company_2 = self.env["res.company"].create({"name": "Company 2"})
        self.technician.company_ids |= company_2
        appointment_2 = (
            self.env["intervention.appointment"]
            .sudo()
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "company_id": company_2.id,
                    "date_start": self.start,
                    "technician_ids": [Command.set(self.technician.ids)],
                }
            )
        )
        self.company.intervention_hide_prices = True
        Appointment = self.env["intervention.appointment"].with_user(self.technician)
        only_2 = Appointment.with_context(allowed_company_ids=company_2.ids)
        self.assertEqual(
            only_2.search_read([("id", "=", appointment_2.id)], ["amount_total"])[0]["amount_total"],
            0.0,
        )
        both = Appointment.with_context(allowed_company_ids=[company_2.id, self.company.id])
        with self.assertRaises(AccessError):
            both.search_read([("id", "=", appointment_2.id)], ["amount_total"])

    def test_technician_form_loads_without_prices_when_company_hides_them(self):
        """The views given to the technician name no price (neither as a node nor in a
        modifier), and reading what they name works, as the web client does it."""
        self.company.intervention_hide_prices = True
        price_fields = {
            "intervention.billing.line": set(LINE_PRICES),
            "intervention.request": set(DOCUMENT_PRICES),
            "intervention.appointment": set(DOCUMENT_PRICES),
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
        # The appointment form, read with the fields it names, as the web client does.
        result = (
            self.env["intervention.appointment"]
            .with_user(self.technician)
            .get_views(
                [[False, "form"]],
            )
        )
        self.assertFalse(set(result["models"]["intervention.appointment"]["fields"]) & set(DOCUMENT_PRICES))
        self.assertFalse(set(result["models"]["intervention.billing.line"]["fields"]) & set(LINE_PRICES))
        spec = self._web_read_spec(result["views"]["form"]["arch"])
        self.assertIn("product_id", spec["billing_line_ids"]["fields"])
        [values] = self.appointment.with_user(self.technician).web_read(spec)
        self.assertEqual(values["billing_line_ids"][0]["quantity"], 2.0)
        self.assertFalse(values["show_billing_prices"])
        # Not the cached view of the technician: the dispatcher's shows the prices, and so does
        # the technician's once the company shows them again.
        for user in (self.dispatcher, self.technician):
            if user == self.technician:
                self.company.intervention_hide_prices = False
            result = self.env["intervention.appointment"].with_user(user).get_views([[False, "form"]])
            with self.subTest(user=user.login):
                self.assertIn("price_unit", result["models"]["intervention.billing.line"]["fields"])
                self.assertIn("tax_totals", result["models"]["intervention.appointment"]["fields"])


@tagged("post_install", "-at_install")
class TestBillingPriceAccessUi(EnglishCase, HttpCase):
    """The technician's visit on a phone (field_intervention's tour) on an appointment with a
    billing line, with prices hidden and shown."""

    browser_size = "390x844"
    touch_enabled = True

    def _run_technician_flow(self, login):
        self.env.company.intervention_time_tracking = "timer"
        technician = new_test_user(
            self.env,
            login,
            groups=TECHNICIAN,
            password=login,
            name="Paul Chauffagiste",
        )
        product = self.env["product.product"].create(
            {
                "name": "Boiler service",
                "type": "service",
                "list_price": 120.0,
            }
        )
        task = self.env["intervention.task"].create(
            {
                "name": "Boiler service",
                "code": "IB_FLOW",
                "product_id": product.id,
            }
        )
        template = self.env["intervention.template"].create(
            {
                "name": "Boiler service",
                "code": "IBFLOW",
                "report_send_mode": "mobile_manual",
                "task_id": task.id,
            }
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Flow Client",
                "email": "flow.client@example.com",
                "street": "12 cours Victor Hugo",
                "zip": "33000",
                "city": "Bordeaux",
                "phone": "+33 5 56 00 00 12",
            }
        )
        appointment = self.env["intervention.appointment"].create(
            {
                "partner_id": customer.id,
                "template_id": template.id,
                "date_start": fields.Datetime.now().replace(second=0, microsecond=0),
                "technician_ids": [Command.set(technician.ids)],
                "state": "confirmed",
            }
        )
        self.assertEqual(appointment.billing_line_ids.product_id, product)
        self.start_tour(
            "/odoo/action-field_intervention.intervention_appointment_action_my_day",
            "field_intervention_technician_flow",
            login=login,
        )
        self.assertEqual(appointment.state, "done")
        self.assertTrue(appointment.report_sent_date)

    def test_technician_flow_with_prices_hidden(self):
        self.env.company.intervention_hide_prices = True
        self._run_technician_flow("ib_flow_hidden")

    def test_technician_flow_with_prices_shown(self):
        self.env.company.intervention_hide_prices = False
        self._run_technician_flow("ib_flow_shown")
