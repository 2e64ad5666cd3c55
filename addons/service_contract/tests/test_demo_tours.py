import json
import os
from unittest.mock import patch
from urllib.parse import quote

from odoo.addons.field_intervention.tests.tour_screenshots import TourScreenshotMixin
from odoo.addons.installed_base.tests.common import SUITE_ADDONS_DIR, suite_english_terms
from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, tagged
from odoo.tools.translate import PoFileReader, code_translations

# The tours read what they look for (record ids, customer names, labels in the user's language)
# from this cookie: the demo's references and names are the database's, not the tour's.
DATA_COOKIE = "fsm_demo_tour"
# What the user reads on the screen: the visible texts, placeholders and tooltips.
SCREEN_TEXTS = """(() => {
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent.replace(/\\s+/g, " ").trim();
        if (text && node.parentElement && node.parentElement.checkVisibility()) {
            texts.push(text);
        }
    }
    for (const element of document.querySelectorAll("[placeholder], [title]")) {
        if (element.checkVisibility()) {
            texts.push(...["placeholder", "title"].map((name) => element.getAttribute(name)).filter(Boolean));
        }
    }
    return texts;
})()"""


def _odoo_terms(env):
    """The texts of Odoo's own installed addons (their .pot files): Odoo's to translate, and
    English on a database whose Odoo has no French."""
    terms = set()
    modules = env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
    for module in modules:
        path = get_module_path(module)
        if not path or path.startswith(str(SUITE_ADDONS_DIR)):
            continue
        pot = os.path.join(path, "i18n", f"{module}.pot")
        if os.path.exists(pot):
            with open(pot, "rb") as pot_file:
                terms.update(entry["src"].strip() for entry in PoFileReader(pot_file))
    return terms


class DemoTourCase(TourScreenshotMixin, HttpCase):
    """The demo company's own users on the demo records, each from their home action (``/odoo``
    or ``/my``), with their real groups, in their language (French or English, the demo's)."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("field_intervention.user_dispatcher_emilie", raise_if_not_found=False):
            self.skipTest("the demo data is not installed")
        self.company = self.env.ref("base.main_company")
        self._screens = {}

    def _tour_checkpoint(self, browser, name):
        result = super()._tour_checkpoint(browser, name)
        # what the screen says, read while the tour waits on this step
        self._screens[name] = browser._websocket_send(
            "Runtime.evaluate",
            params={"expression": SCREEN_TEXTS, "returnByValue": True},
            with_future=True,
        )
        return result

    def _assert_no_english(self, user):
        """No screen the tour went through shows a text of the suite in English to a French
        user (Odoo's own texts excepted: the Odoo used may have no French)."""
        self.assertTrue(self._screens, "the tour read its screens")
        if user.lang != "fr_FR":
            return
        odoo_terms = _odoo_terms(self.env)
        english = {text: value for text, value in suite_english_terms().items() if text not in odoo_terms}
        found = []
        for name, future in self._screens.items():
            texts = future.result(timeout=30)["result"]["value"]
            self.assertTrue(texts, name)
            found += [f"{name}: {text!r} (fr: {english[text]!r})" for text in set(texts) if text in english]
        self.assertFalse(found, "English on a French user's screens:\n" + "\n".join(sorted(found)))

    def _translated(self, user, record, field="name"):
        return record.with_context(lang=user.lang)[field]

    def _code_term(self, user, module, source):
        """A string of ``module``'s Python code as ``user`` reads it."""
        return code_translations.get_python_translations(module, user.lang).get(source, source)

    def _view_term(self, user, view_xmlid, source):
        """A term of a view (a QWeb template) as ``user`` reads it."""
        translations, _context = self.env.ref(view_xmlid).get_field_translations("arch_db", [user.lang])
        values = (term["value"] for term in translations if term["source"] == source and term["value"])
        return next(values, source)

    def _start_demo_tour(self, url, tour, user, data):
        # The web client shows times in the browser's time zone: the user's browser is in Paris
        # (the browser starts with the tour, one test per class)
        with patch.dict(os.environ, {"TZ": user.tz or "UTC"}):
            self.start_tour(
                url,
                tour,
                login=user.login,
                cookies={DATA_COOKIE: quote(json.dumps(data), safe="")},
                timeout=240,
            )
        self._assert_no_english(user)


@tagged("post_install", "-at_install")
class TestDemoDispatcherTour(DemoTourCase):
    browser_size = "1366x768"

    def test_dispatcher_plans_and_bills_on_the_demo(self):
        emilie = self.env.ref("field_intervention.user_dispatcher_emilie")
        to_schedule = self.env.ref("field_intervention.request_8")
        to_quote = self.env.ref("field_intervention.request_6")
        to_invoice = self.env.ref("field_intervention.request_2")
        self.assertEqual(to_schedule.state, "to_schedule")
        self.assertFalse(to_schedule.appointment_ids)
        self.assertEqual(set(to_quote.billing_line_ids.mapped("billing_state")), {"to_bill"})
        self.assertEqual(set(to_invoice.billing_line_ids.mapped("billing_state")), {"to_bill"})
        board = self.env.ref("field_intervention.intervention_dispatch_board_action")
        self._start_demo_tour(
            "/odoo",
            "service_contract_demo_dispatcher",
            emilie,
            {
                "boardTitle": self._translated(emilie, board),
                "scheduleId": to_schedule.id,
                "quoteId": to_quote.id,
                "invoiceId": to_invoice.id,
            },
        )
        # Find a Slot booked the first slot offered: a confirmed appointment of the request
        appointment = to_schedule.appointment_ids
        self.assertEqual(len(appointment), 1)
        self.assertEqual(appointment.state, "confirmed")
        self.assertTrue(appointment.technician_ids <= to_schedule.task_id.technician_ids)
        self.assertEqual(to_schedule.state, "scheduled")
        # the quotation of the technical visit's installation
        order = self.env["sale.order"].search([("origin", "=", to_quote.name)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.partner_id, to_quote.partner_id)
        self.assertEqual(order.order_line.product_id, to_quote.billing_line_ids.product_id)
        self.assertEqual(set(to_quote.billing_line_ids.mapped("billing_state")), {"quoted"})
        if self.company.country_id.code == "FR":
            # the French demo's private customer: work in a home, VAT at 10 % (fiscal position)
            position = to_quote.partner_id.with_company(self.company).property_account_position_id
            self.assertEqual(order.fiscal_position_id, position)
            self.assertEqual(order.order_line.tax_ids.mapped("amount"), [10.0])
        # the invoice of the service billed before the visit
        self.assertEqual(set(to_invoice.billing_line_ids.mapped("billing_state")), {"invoiced"})
        invoice = to_invoice.billing_line_ids.invoice_line_ids.move_id
        self.assertEqual(len(invoice), 1)
        self.assertEqual((invoice.move_type, invoice.state), ("out_invoice", "draft"))
        self.assertEqual(invoice.partner_id, to_invoice.partner_id)
        self.assertEqual(invoice.currency_id, self.company.currency_id)


@tagged("post_install", "-at_install")
class TestDemoTechnicianTour(DemoTourCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_technician_visit_on_the_demo_phone(self):
        # Julien's stove service of today (Sandrine's visit of the day is already started)
        julien = self.env.ref("field_intervention.user_technician_julien")
        appointment = self.env.ref("field_intervention.appointment_4")
        self.assertEqual(appointment.technician_ids, julien)
        self.assertEqual(appointment.state, "confirmed")
        self.assertEqual(appointment.time_tracking, "timer", "the demo company runs the timer")
        my_day = self.env.ref("field_intervention.intervention_appointment_action_my_day")
        self._start_demo_tour(
            "/odoo",
            "service_contract_demo_technician",
            julien,
            {
                "myDayTitle": self._translated(julien, my_day),
                "customer": appointment.partner_id.name,
                "finishTitle": self._code_term(julien, "field_intervention", "Finish %(appointment)s")
                % {"appointment": appointment.name},
            },
        )
        self.assertEqual(appointment.state, "done")
        self.assertFalse(appointment.timer_start, "the timer is stopped")
        self.assertAlmostEqual(appointment.actual_duration, 70 / 60, msg="1:10 typed over the timer's time")
        self.assertAlmostEqual(appointment.travel_duration, 20 / 60)
        self.assertIn("CO 9 ppm", appointment.work_summary)


@tagged("post_install", "-at_install")
class TestDemoPortalTour(DemoTourCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_customer_portal_on_the_demo_phone(self):
        jean = self.env.ref("field_intervention.user_portal_jean")
        contract = self.env.ref("service_contract.contract_demo_1")
        unit = self.env.ref("installed_base.equipment_demo_1")
        self.assertEqual(contract.partner_id, jean.partner_id)
        Request = self.env["intervention.request"]
        before = Request.search([("partner_id", "=", jean.partner_id.id)])
        self._start_demo_tour(
            "/odoo",
            "service_contract_demo_portal",
            jean,
            {
                "contractId": contract.id,
                "unitId": unit.id,
                "contractsTitle": self._view_term(
                    jean, "service_contract.portal_my_home", "Maintenance Contracts"
                ),
                "equipmentTitle": self._view_term(
                    jean, "field_intervention.portal_my_home_equipment", "Equipment"
                ),
            },
        )
        request = Request.search([("partner_id", "=", jean.partner_id.id)]) - before
        self.assertEqual(len(request), 1, "the customer's request is created")
        self.assertEqual(request.equipment_id, unit)
        self.assertIn("E2", request.description)
        self.assertEqual(request.user_id, self.company.intervention_portal_user_id)
        # the breakdown visit is booked at the time the customer picked
        appointment = request.appointment_ids
        self.assertEqual(len(appointment), 1)
        self.assertIn(appointment.state, ("draft", "confirmed"))
        self.assertEqual(request.state, "scheduled")
