from lxml import etree

from odoo.tests import new_test_user, tagged

from .common import DISPATCHER, InterventionBillingCase

SALES_AND_INVOICING = f"{DISPATCHER},sales_team.group_sale_salesman,account.group_account_invoice"


@tagged("post_install", "-at_install")
class TestBillingDispatcher(InterventionBillingCase):
    """A dispatcher with Sales and Invoicing rights quotes and invoices from the visits; the
    buttons need Invoicing (the rights the actions check)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billing_dispatcher = new_test_user(
            cls.env,
            "ib_billing_dispatcher",
            groups=SALES_AND_INVOICING,
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )

    def _button_names(self, user, model):
        arch = self.env[model].with_user(user).get_view(view_type="form")["arch"]
        return {button.get("name") for button in etree.fromstring(arch).iter("button")}

    def test_buttons_shown_with_sales_and_invoicing(self):
        buttons = self._button_names(self.billing_dispatcher, "intervention.request")
        self.assertLessEqual({"action_create_quotation", "action_create_invoice"}, buttons)
        self.assertIn(
            "action_generate_invoices",
            self._button_names(self.billing_dispatcher, "intervention.appointment"),
        )

    def test_buttons_hidden_without_invoicing(self):
        buttons = self._button_names(self.dispatcher, "intervention.request")
        self.assertFalse({"action_create_quotation", "action_create_invoice"} & buttons)
        self.assertNotIn(
            "action_generate_invoices", self._button_names(self.dispatcher, "intervention.appointment")
        )

    def test_dispatcher_with_the_rights_quotes_and_invoices(self):
        request = self._create_request(lines=[(self.product_installation, 1)])
        action = request.with_user(self.billing_dispatcher).action_create_quotation()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.partner_id, self.customer_a)
        order.action_cancel()
        request.with_user(self.billing_dispatcher).action_create_invoice()
        self.assertEqual(request.billing_invoice_count, 1)

    def test_demo_dispatcher_has_the_rights(self):
        emilie = self.env.ref("field_intervention.user_dispatcher_emilie", raise_if_not_found=False)
        if not emilie:
            self.skipTest("no demo data")
        self.assertTrue(emilie.has_group("sales_team.group_sale_salesman"))
        self.assertTrue(emilie.has_group("account.group_account_invoice"))
        self.assertIn("action_create_quotation", self._button_names(emilie, "intervention.request"))
