from datetime import date

import psycopg2.errors

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common import ServiceContractCase


@tagged("post_install", "-at_install")
class TestInvoicing(ServiceContractCase):
    def _confirmed(self, **values):
        with freeze_time("2026-01-01 10:00:00"):
            contract = self._create_contract(**values)
            contract.action_confirm()
        return contract

    def test_quarter_in_arrears_prorated_first_invoice(self):
        contract = self._confirmed(
            invoice_period="quarter",
            invoice_mode="arrears",
            date_start="2026-02-15",
            date_end="2027-02-14",
        )
        with freeze_time("2026-03-31 10:00:00"):
            self._run_cron("_cron_generate_invoices")
        self.assertFalse(contract.invoice_ids)
        with freeze_time("2026-04-01 10:00:00"):
            self._run_cron("_cron_generate_invoices")
            self._run_cron("_cron_generate_invoices")
        invoice = contract.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertRecordValues(
            invoice,
            [
                {
                    "move_type": "out_invoice",
                    "state": "draft",
                    "partner_id": self.customer.id,
                    "invoice_date": date(2026, 4, 1),
                    "invoice_origin": contract.name,
                    "amount_untaxed": 100.0,
                    "amount_tax": 20.0,
                    "amount_total": 120.0,
                }
            ],
        )
        self.assertRecordValues(
            invoice.invoice_line_ids,
            [
                {
                    "product_id": self.service.id,
                    "name": "Annual stove service — 02/15/2026 to 03/31/2026 (prorated 50.0%)",
                    "quantity": 1.0,
                    "price_unit": 100.0,
                    "tax_ids": self.tax_20.ids,
                }
            ],
        )
        self.assertRecordValues(
            contract.invoice_period_ids,
            [
                {
                    "period_start": date(2026, 2, 15),
                    "period_end": date(2026, 3, 31),
                    "move_id": invoice.id,
                }
            ],
        )
        self.assertEqual(contract.next_invoice_date, date(2026, 7, 1))
        origin_note = invoice.message_ids.filtered(lambda message: "created from" in message.body)
        self.assertIn(contract.name, origin_note.body, "the invoice says which contract it comes from")
        self.assertEqual(invoice.journal_id.type, "sale")

        with freeze_time("2026-07-01 10:00:00"):
            self._run_cron("_cron_generate_invoices")
        second = contract.invoice_ids - invoice
        self.assertEqual(second.invoice_line_ids.name, "Annual stove service — 04/01/2026 to 06/30/2026")
        self.assertEqual(second.amount_untaxed, 200.0)

    def test_backlog_gives_one_invoice_per_period(self):
        contract = self._confirmed(invoice_period="month")
        with freeze_time("2026-03-10 10:00:00"):
            self._run_cron("_cron_generate_invoices")
        self.assertEqual(
            sorted(contract.invoice_ids.mapped("invoice_date")),
            [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)],
        )
        self.assertEqual(contract.next_invoice_date, date(2026, 4, 1))

    def test_fiscal_position_maps_the_taxes(self):
        fiscal_position = self.env["account.fiscal.position"].create({"name": "SC reduced rate"})
        tax_10 = self.env["account.tax"].create(
            {
                "name": "SC VAT 10%",
                "amount": 10.0,
                "type_tax_use": "sale",
                "fiscal_position_ids": [Command.set(fiscal_position.ids)],
                "original_tax_ids": [Command.set(self.tax_20.ids)],
            }
        )
        contract = self._confirmed(fiscal_position_id=fiscal_position.id)
        self.assertEqual(contract.line_ids.tax_ids, tax_10, "the contract shows the taxes it invoices")
        contract.fiscal_position_id = False
        self.assertEqual(contract.line_ids.tax_ids, self.tax_20)
        contract.fiscal_position_id = fiscal_position
        with freeze_time("2026-01-01 10:00:00"):
            self._run_cron("_cron_generate_invoices")
        self.assertRecordValues(
            contract.invoice_ids,
            [
                {
                    "fiscal_position_id": fiscal_position.id,
                    "amount_untaxed": 200.0,
                    "amount_tax": 20.0,
                }
            ],
        )
        self.assertEqual(contract.invoice_ids.invoice_line_ids.tax_ids, tax_10)

    def test_line_names_follow_the_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.customer.lang = "fr_FR"
        contract = self._confirmed(invoice_period="month", date_start="2026-03-01", date_end="2027-02-28")
        with freeze_time("2026-03-01 10:00:00"):
            self._run_cron("_cron_generate_invoices")
        # Dates in the customer's format, and the wording from the addon's French translation.
        self.assertEqual(
            contract.invoice_ids.invoice_line_ids.name,
            "Annual stove service — du 01/03/2026 au 31/03/2026",
        )

    def test_company_time_zone_decides_the_day(self):
        contract = self._confirmed(invoice_period="quarter", invoice_mode="arrears")
        self.company.partner_id.tz = "America/Los_Angeles"
        with freeze_time("2026-03-31 12:00:00"):
            self._run_cron("_cron_generate_invoices")
        self.assertFalse(contract.invoice_ids)
        self.company.partner_id.tz = "Pacific/Auckland"
        with freeze_time("2026-03-31 12:00:00"):
            self._run_cron("_cron_generate_invoices")
        self.assertEqual(contract.invoice_ids.invoice_date, date(2026, 4, 1))

    def test_invoices_can_be_posted_at_once(self):
        contract = self._confirmed(invoice_auto_post=True)
        with freeze_time("2026-01-01 10:00:00"):
            self._run_cron("_cron_generate_invoices")
        self.assertEqual(contract.invoice_ids.state, "posted")

    def test_generate_invoice_now_never_bills_a_period_twice(self):
        contract = self._confirmed(invoice_period="month", date_start="2026-05-01", date_end="2027-04-30")
        with freeze_time("2026-04-20 10:00:00"):
            contract.action_generate_invoice()
            contract.action_generate_invoice()
        self.assertEqual(
            sorted(contract.invoice_period_ids.mapped("period_start")),
            [date(2026, 5, 1), date(2026, 6, 1)],
        )
        with freeze_time("2026-06-01 10:00:00"):
            self._run_cron("_cron_generate_invoices")
        self.assertEqual(len(contract.invoice_ids), 2)

    def test_generate_invoice_now_in_arrears_waits_for_the_period_end(self):
        contract = self._confirmed(invoice_mode="arrears")
        with freeze_time("2026-04-20 10:00:00"):
            action = contract.action_generate_invoice()
        self.assertEqual(action["tag"], "display_notification")
        self.assertFalse(contract.invoice_ids)

    def test_period_billed_once_at_database_level(self):
        contract = self._confirmed()
        with freeze_time("2026-01-01 10:00:00"):
            self._run_cron("_cron_generate_invoices")
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.cr.savepoint(),
        ):
            self.env["service.contract.invoice.period"].create(
                {
                    "contract_id": contract.id,
                    "period_start": "2026-01-01",
                    "period_end": "2026-12-31",
                    "invoice_date": "2026-01-01",
                }
            )

    def test_draft_contract_cannot_generate(self):
        contract = self._create_contract()
        with self.assertRaises(UserError):
            contract.action_generate_invoice()
        with self.assertRaises(UserError):
            contract.action_generate_requests()
