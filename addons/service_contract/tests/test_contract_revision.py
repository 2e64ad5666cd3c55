from contextlib import contextmanager
from datetime import date

import psycopg2.errors

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from ..models.service_contract_revision import TIMES as X
from .common import ServiceContractCase

MANAGER = "field_intervention.group_intervention_manager"
DISPATCHER = "field_intervention.group_intervention_dispatcher"


@tagged("post_install", "-at_install")
class TestContractRevision(ServiceContractCase):
    """A labour-cost index published each October (108.1, 112.4, 115.0) and yearly contracts of
    200.00 a year from 1 January 2026, invoiced in advance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.index = cls.env["service.contract.price.index"].create(
            {
                "name": "Labour cost index",
                "value_ids": [
                    Command.create({"date": "2025-10-01", "value": 108.1}),
                    Command.create({"date": "2026-10-01", "value": 112.4}),
                    Command.create({"date": "2027-10-01", "value": 115.0}),
                ],
            }
        )
        cls.manager = new_test_user(cls.env, "sc_revision_manager", groups=MANAGER)
        cls.dispatcher = new_test_user(cls.env, "sc_revision_dispatcher", groups=DISPATCHER)

    def _confirmed(self, **values):
        with freeze_time("2026-01-01 10:00:00"):
            contract = self._create_contract(**values)
            contract.action_confirm()
            # The first year is invoiced on its day, as the daily job does.
            self._run_cron("_cron_generate_invoices")
        return contract

    def _renew(self, day):
        with freeze_time(f"{day} 10:00:00"):
            self._run_cron("_cron_renew_contracts")

    def _by_index(self, **values):
        return self._confirmed(revision_method="index", revision_index_id=self.index.id, **values)

    def _revisions(self, contracts):
        return self.env["service.contract.revision"].search([("contract_id", "in", contracts.ids)])

    @contextmanager
    def _refused(self, exception, message):
        """The block raises ``exception`` saying ``message``, and its savepoint is rolled back as
        the request's transaction would be: what follows reads the database."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertRegex(str(caught.exception), message)

    def test_base_value_defaults_to_the_index_value_of_the_contract_start(self):
        form = Form(self.env["service.contract"])
        form.partner_id = self.customer
        form.date_start = date(2026, 1, 1)
        form.revision_method = "index"
        form.revision_index_id = self.index
        self.assertEqual(form.revision_base_value, 108.1)
        form.revision_base_value = 110.0
        contract = form.save()
        self.assertEqual(contract.revision_base_value, 110.0, "the base value stays editable")

    def test_percentage_revision_at_renewal_is_in_the_chatter_and_on_the_next_invoice(self):
        contract = self._confirmed(revision_method="percentage", revision_percentage=2.5)
        self._renew("2027-01-01")
        self.assertEqual(contract.line_ids.price_unit, 205.0)
        self.assertRecordValues(
            self._revisions(contract),
            [
                {
                    "date": date(2027, 1, 1),
                    "method": "percentage",
                    "percentage": 2.5,
                    "factor": 1.025,
                    "formula": f"+ 2.50 % = {X} 1.0250",
                    "line_note": "Annual stove service: 200.00 + 2.50 % = 205.00",
                }
            ],
        )
        message = contract.message_ids.filtered(lambda message: "Prices revised" in message.body)
        self.assertIn(f"Prices revised on 01/01/2027 by 2.50 %: + 2.50 % = {X} 1.0250", message.body)
        self.assertIn("200.00 + 2.50 % = 205.00", message.body)
        # The new term's first invoice, made by the renewal, bills the new price and says why.
        invoice = contract.invoice_ids.filtered(lambda move: move.invoice_date == date(2027, 1, 1))
        self.assertRecordValues(
            invoice.invoice_line_ids,
            [
                {
                    "price_unit": 205.0,
                    "name": "Annual stove service — 01/01/2027 to 12/31/2027\n"
                    "Price revised on 01/01/2027: 200.00 + 2.50 % = 205.00",
                }
            ],
        )
        first = contract.invoice_ids - invoice
        self.assertEqual(first.invoice_line_ids.name, "Annual stove service — 01/01/2026 to 12/31/2026")

    def test_index_revision_at_renewal_chains_on_the_value_used(self):
        contract = self._by_index()
        self.assertEqual(contract.revision_base_value, 108.1)
        self._renew("2027-01-01")
        # 200 x 112.4 / 108.1 = 207.9556: rounded to the Product Price precision.
        self.assertEqual(contract.line_ids.price_unit, 207.96)
        self.assertEqual(contract.revision_base_value, 112.4, "the value used is the next base")
        self._renew("2028-01-01")
        # 207.96 x 115 / 112.4 = 212.770: the second revision is new / previous, not new / first.
        self.assertEqual(contract.line_ids.price_unit, 212.77)
        self.assertEqual(contract.revision_base_value, 115.0)
        self.assertRecordValues(
            self._revisions(contract),
            [
                {
                    "date": date(2028, 1, 1),
                    "method": "index",
                    "index_id": self.index.id,
                    "base_value": 112.4,
                    "new_value": 115.0,
                    "formula": f"{X} 115 / 112.4 = {X} 1.0231",
                    "line_note": f"Annual stove service: 207.96 {X} 115 / 112.4 = 212.77",
                },
                {
                    "date": date(2027, 1, 1),
                    "method": "index",
                    "index_id": self.index.id,
                    "base_value": 108.1,
                    "new_value": 112.4,
                    "formula": f"{X} 112.4 / 108.1 = {X} 1.0398",
                    "line_note": f"Annual stove service: 200.00 {X} 112.4 / 108.1 = 207.96",
                },
            ],
        )
        bodies = contract.message_ids.mapped("body")
        self.assertTrue(
            any(
                f"Prices revised on 01/01/2027 by the index Labour cost index: {X} 112.4 / 108.1 = {X} 1.0398"
                in body
                for body in bodies
            )
        )
        invoice = contract.invoice_ids.filtered(lambda move: move.invoice_date == date(2028, 1, 1))
        self.assertEqual(
            invoice.invoice_line_ids.name,
            "Annual stove service — 01/01/2028 to 12/31/2028\n"
            f"Price revised on 01/01/2028: 207.96 {X} 115 / 112.4 = 212.77",
        )

    def test_the_job_run_twice_revises_once(self):
        contract = self._confirmed(revision_method="percentage", revision_percentage=2.5)
        self._renew("2027-01-01")
        self._renew("2027-01-01")
        self.assertEqual(len(self._revisions(contract)), 1)
        self.assertEqual(contract.line_ids.price_unit, 205.0)
        # The job leaves a contract revised on the date alone; a manual call is told.
        self.assertFalse(contract._revise_prices(date(2027, 1, 1), raise_if_done=False))
        with self._refused(UserError, "already revised on 01/01/2027"):
            contract._revise_prices(date(2027, 1, 1))
        self.assertEqual(contract.line_ids.price_unit, 205.0)

    def test_contract_without_revision_keeps_its_prices(self):
        contract = self._confirmed()
        self._renew("2027-01-01")
        self.assertEqual(contract.date_end, date(2027, 12, 31))
        self.assertEqual(contract.line_ids.price_unit, 200.0)
        self.assertFalse(self._revisions(contract))

    def test_missing_index_value_fails_the_renewal_with_its_error_and_writes_nothing(self):
        index = self.env["service.contract.price.index"].create(
            {"name": "New index", "value_ids": [Command.create({"date": "2027-06-01", "value": 100.0})]}
        )
        contract = self._confirmed(
            revision_method="index", revision_index_id=index.id, revision_base_value=95.0
        )
        with self._refused(UserError, "index New index has no value on or before 01/01/2027"):
            contract._get_revision_preview(date(2027, 1, 1))
        with self._refused(UserError, "New index"):
            contract._revise_prices(date(2027, 1, 1))
        self._renew("2027-01-01")
        self.assertIn("New index", contract.last_error)
        self.assertRecordValues(contract, [{"date_end": date(2026, 12, 31), "revision_base_value": 95.0}])
        self.assertEqual(contract.line_ids.price_unit, 200.0)
        self.assertFalse(self._revisions(contract))

    def test_preview_writes_nothing(self):
        contract = self._by_index()
        preview = contract._get_revision_preview(date(2027, 1, 1))
        self.assertEqual(preview["prices"], {contract.line_ids: 207.96})
        self.assertAlmostEqual(preview["factor"], 112.4 / 108.1)
        self.assertEqual(preview["formula"], f"{X} 112.4 / 108.1 = {X} 1.0398")
        self.assertEqual(contract.line_ids.price_unit, 200.0)
        self.assertFalse(self._revisions(contract))

    def test_manual_revision_with_the_wizard(self):
        contract = self._confirmed(revision_method="percentage", revision_percentage=3.0)
        action = contract.with_user(self.manager).action_open_revise_wizard()
        with freeze_time("2026-07-01 10:00:00"):
            form = Form(
                self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
            )
        self.assertEqual(form.date, date(2026, 7, 1))
        self.assertEqual(form.preview_formula, f"+ 3.00 % = {X} 1.0300")
        self.assertEqual(form.preview_line_note, "Annual stove service: 200.00 + 3.00 % = 206.00")
        self.assertFalse(form.preview_error)
        form.date = date(2025, 12, 1)
        self.assertIn("Revision Date", form.preview_error)
        form.date = date(2026, 7, 1)
        form.save().action_revise()
        self.assertEqual(contract.line_ids.price_unit, 206.0)
        self.assertEqual(self._revisions(contract).date, date(2026, 7, 1))
        # The invoice of the period holding the revision states it.
        contract.invoice_period = "quarter"
        contract.invoice_mode = "arrears"
        self.assertIn(
            "Price revised on 07/01/2026: 200.00 + 3.00 % = 206.00",
            contract.line_ids._prepare_invoice_line_values(contract._get_invoice_period(date(2026, 7, 1)))[
                "name"
            ],
        )
        self.assertNotIn(
            "revised",
            contract.line_ids._prepare_invoice_line_values(contract._get_invoice_period(date(2026, 10, 1)))[
                "name"
            ],
        )

    def test_manual_revision_needs_a_manager_and_a_running_contract(self):
        contract = self._confirmed(revision_method="percentage", revision_percentage=3.0)
        with self._refused(AccessError, "Revise Prices"):
            contract.with_user(self.dispatcher).action_revise_prices(date(2026, 7, 1))
        with self._refused(AccessError, "Revise Prices"):
            contract.with_user(self.dispatcher).action_open_revise_wizard()
        draft = self._create_contract(revision_method="percentage", revision_percentage=3.0)
        with self._refused(UserError, "not running"):
            draft.with_user(self.manager).action_revise_prices(date(2026, 7, 1))
        self.assertEqual((contract | draft).line_ids.mapped("price_unit"), [200.0, 200.0])
        self.assertFalse(self._revisions(contract | draft))
        with self._refused(UserError, "recorded by the contract's revision only"):
            self.env["service.contract.revision"].with_user(self.manager).create(
                {"contract_id": contract.id, "date": "2026-07-01", "method": "percentage"}
            )

    def test_revision_date_before_the_contract_start_is_refused(self):
        contract = self._confirmed(revision_method="percentage", revision_percentage=3.0)
        messages = len(contract.message_ids)
        with self._refused(
            UserError, r"Revision Date 12/31/2025 is before the contract's Date Start 01/01/2026"
        ):
            contract.with_user(self.manager).action_revise_prices(date(2025, 12, 31))
        self.assertEqual(contract.line_ids.price_unit, 200.0)
        self.assertFalse(self._revisions(contract))
        self.assertEqual(len(contract.message_ids), messages)

    def test_index_value_of_zero_or_below_is_refused_naming_the_field(self):
        values = self.index.value_ids
        for bad in (0.0, -3.0):
            with self.subTest(value=bad), self._refused(ValidationError, "Value for the period"):
                self.index.write({"value_ids": [Command.create({"date": "2028-10-01", "value": bad})]})
            self.assertEqual(self.index.value_ids, values)
        with self._refused(ValidationError, "Value for the period starting 10/01/2026"):
            values.filtered(lambda value: value.date == date(2026, 10, 1)).value = 0.0
        self.env.invalidate_all()
        self.assertEqual(sorted(self.index.value_ids.mapped("value")), [108.1, 112.4, 115.0])

    def test_one_index_value_per_period(self):
        with self.assertRaises(psycopg2.errors.UniqueViolation), mute_logger("odoo.sql_db"):
            self.env["service.contract.price.index.value"].create(
                {"index_id": self.index.id, "date": "2026-10-01", "value": 113.0}
            )
            self.env.flush_all()

    def test_bad_revision_terms_are_refused_naming_the_field(self):
        contract = self._confirmed()
        cases = [
            (
                {"revision_method": "percentage", "revision_percentage": -1.0},
                "Revision Percentage cannot be negative",
            ),
            ({"revision_method": "index", "revision_index_id": False}, "needs its Revision Index"),
            (
                {"revision_method": "index", "revision_index_id": self.index.id, "revision_base_value": 0.0},
                "Base Index Value must be greater than zero",
            ),
        ]
        for vals, message in cases:
            with self.subTest(message), self._refused(ValidationError, message):
                contract.write(vals)
            self.assertRecordValues(
                contract,
                [{"revision_method": "none", "revision_percentage": 0.0, "revision_index_id": False}],
            )
        contracts = self.env["service.contract"].search_count([])
        with self._refused(ValidationError, "Revision Percentage cannot be negative"):
            self._create_contract(revision_method="percentage", revision_percentage=-2.0)
        self.assertEqual(self.env["service.contract"].search_count([]), contracts)

    def test_renewal_queries_do_not_grow_with_the_lines(self):
        """Renewing contracts revised by index costs the same queries whatever their lines."""

        def create(count, lines):
            with freeze_time("2026-01-01 10:00:00"):
                contracts = self.env["service.contract"].create(
                    [
                        {
                            "partner_id": self.customer.id,
                            "date_start": "2026-01-01",
                            "date_end": "2026-12-31",
                            "invoice_mode": "arrears",
                            "revision_method": "index",
                            "revision_index_id": self.index.id,
                            "line_ids": [
                                Command.create({"product_id": self.service.id, "price_unit": 100.0 + line})
                                for line in range(lines)
                            ],
                        }
                        for _index in range(count)
                    ]
                )
                contracts.action_confirm()
            with freeze_time("2027-01-01 10:00:00"):
                # The year billed in arrears is invoiced first: the renewal measured revises only.
                contracts._generate_invoices()
            return contracts

        def renew(contracts):
            for contract in contracts:
                contract._renew_or_close(contract._get_today())

        def count(contracts):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            with freeze_time("2027-01-01 10:00:00"):
                failed = contracts._run_scheduled_step(renew)
                self.env.flush_all()
            self.assertFalse(failed)
            return self.cr.sql_log_count - before

        count(create(1, 1))
        one_line, three_lines = create(2, 1), create(2, 3)
        queries = count(one_line)
        # Each contract renewed and revised adds its own few queries (11 measured: the renewal,
        # its revision record, prices, base value and chatter), whatever the batch.
        self.assertLessEqual((count(create(4, 1)) - queries) / 2, 12)
        self.assertEqual(count(three_lines), queries, "three lines a contract cost what one line costs")
        five_lines = create(2, 5)
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time("2027-01-01 10:00:00"), self.assertQueryCount(queries):
            five_lines._run_scheduled_step(renew)
            self.env.flush_all()
        self.assertEqual(
            len(self.env["service.contract.revision"].search([("contract_id", "in", five_lines.ids)])), 2
        )
        self.assertEqual(five_lines[0].line_ids.mapped("price_unit"), [103.98, 105.02, 106.06, 107.1, 108.14])
