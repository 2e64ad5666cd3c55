from odoo.tests import tagged

from .common import InterventionBillingCase


@tagged("post_install", "-at_install")
class TestBillingPerformance(InterventionBillingCase):
    def test_batch_invoicing_query_count_bounded(self):
        customers = self.customer_a | self.customer_b | self.customer_c
        appointments = self.env["intervention.appointment"].create(
            [
                {
                    "partner_id": customers[index % 3].id,
                    "template_id": self.template_timed.id,
                    "date_start": self.start,
                    "actual_duration": 1.0,
                    "travel_duration": 0.5,
                }
                for index in range(100)
            ]
        )
        self.env.invalidate_all()
        # 100 appointments, 300 invoice lines in 3 invoices. Billing itself runs a constant number
        # of queries; Odoo's invoice lines then look up their analytic distribution model one by
        # one (about one query per invoice line), which the bound allows for.
        with self.assertQueryCount(QUERY_BOUND):
            action = appointments.action_generate_invoices()
        invoices = self.env["account.move"].search(action["domain"])
        self.assertEqual(len(invoices), 3)
        self.assertEqual(len(invoices.invoice_line_ids), 300)


QUERY_BOUND = 550
