"""A small run of the benchmark (bench/bench.py) inside the test suite: it completes, and the
queries each contract adds to request generation and invoicing, and each appointment finished
with its parts adds, stay within their bounds. Timings are printed by ``./fsm bench``, never
asserted here."""

import importlib.util
from datetime import date
from pathlib import Path
from unittest.mock import patch

from odoo.addons.installed_base.tests.common import EnglishCase
from odoo.tests import TransactionCase, tagged

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench.py"
QUERIES_PER_CONTRACT = 5
# Planning the response deadlines again: the working intervals are read once per calendar; the
# flush writes the requests in a few UPDATEs per batch of values, hence a bound well under one.
QUERIES_PER_DEADLINE = 0.1
# Finishing an appointment with its 3 parts, in a batch: 18.2 queries measured (442 for 20
# appointments, 260 for 10), where Odoo's own creation and validation of the same transfers takes
# 19.0 (434 and 244); the bound leaves room for other addons' hooks, not for a query per part.
QUERIES_PER_PARTS_APPOINTMENT = 22
# Renewing a contract revised by index: its term, its revision record, its line's price, its next
# base value and its chatter note; 11 measured, in batches of 100 contracts.
QUERIES_PER_RENEWAL = 14
# The renewal notice: its mail rendered, posted and queued for the customer, logged, stored.
QUERIES_PER_NOTICE = 60
# The profitability view over every contract, grouped by contract and year: the groups, then the
# contracts' names, whatever the number of contracts.
PROFITABILITY_QUERIES = 2


def _load_bench():
    spec = importlib.util.spec_from_file_location("fsm_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestBenchSmoke(EnglishCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bench = _load_bench()
        cls.today = date.today()
        # As the benchmark's database (no demo data, Odoo's default company outside France):
        # visits are finished without a timer.
        cls.env.company.intervention_time_tracking = "none"
        cls.env.company.country_id = cls.env.ref("base.us")

    def _queries(self, step, contracts):
        self.env.flush_all()
        self.env.invalidate_all()
        with self.bench.Measure(self.env.cr) as measure:
            failed = contracts._run_scheduled_step(step)
            self.env.flush_all()
        self.assertFalse(failed)
        return measure.queries

    def test_generation_and_invoicing_queries_per_contract(self):
        """What each contract adds (20 contracts against 10) is within the bound."""
        small, _partners, _template = self.bench.generate_data(self.env, 10, self.today)
        large, _partners, _template = self.bench.generate_data(self.env, 20, self.today)
        for name, step in [
            ("visit generation", lambda contracts: contracts._generate_requests()),
            ("contract invoicing", lambda contracts: contracts._generate_invoices()),
        ]:
            with self.subTest(name):
                per_contract = (self._queries(step, large) - self._queries(step, small)) / 10
                self.assertLessEqual(per_contract, QUERIES_PER_CONTRACT)
        requests = self.env["intervention.request"].search([("contract_id", "in", large.ids)])
        self.assertGreaterEqual(len(requests), 20 * 12, "about 12 monthly visits a year per contract")
        self.assertEqual(len(large.invoice_period_ids.move_id), 20, "one draft invoice per contract")
        measure, groups = self.bench.bench_profitability(self.env, small | large)
        self.assertGreaterEqual(groups, 30, "a row per contract year at least")
        self.assertLessEqual(measure.queries, PROFITABILITY_QUERIES)
        # The deadlines of 240 requests against 120: the same queries, whatever the number.
        few, few_count = self.bench.bench_response_deadlines(self.env, large, count=120)
        many, many_count = self.bench.bench_response_deadlines(self.env, large, count=240)
        self.assertEqual((few_count, many_count), (120, 240))
        self.assertLessEqual((many.queries - few.queries) / (many_count - few_count), QUERIES_PER_DEADLINE)

    def test_renewal_with_price_revision_queries_per_contract(self):
        """The renewal cron with price revision revises every contract once, and what each
        contract adds (20 contracts against 10) is within the bound."""
        cron = self.env.registry["ir.cron"]
        with patch.object(cron, "_commit_progress", return_value=60.0):
            # Any contract of the database due for renewal is renewed first, out of the measure.
            self.env["service.contract"]._cron_renew_contracts()
            small, _partners, _template = self.bench.generate_data(self.env, 10, self.today)
            large, _partners, _template = self.bench.generate_data(self.env, 20, self.today)
            # As in the benchmark, the contracts' current month is invoiced before they renew.
            (small | large)._generate_invoices()
            few, few_count = self.bench.bench_renewal_revision(self.env, small, self.today)
            many, many_count = self.bench.bench_renewal_revision(self.env, large, self.today)
        self.assertEqual((few_count, many_count), (10, 20))
        self.assertEqual(set(large.mapped("line_ids.price_unit")), {15.48})
        self.assertEqual(set(large.mapped("revision_base_value")), {103.2})
        self.assertLessEqual((many.queries - few.queries) / 10, QUERIES_PER_RENEWAL)

    def test_renewal_notices_queries_per_contract(self):
        """The renewal-notice cron sends each contract's notice once, and what each contract adds
        (20 contracts against 10) is within the bound."""
        if "renewal_notice_days" not in self.env.company._fields:
            self.skipTest("l10n_fr_service_contract is not installed")
        cron = self.env.registry["ir.cron"]
        with patch.object(cron, "_commit_progress", return_value=60.0):
            # Any notice due in the database is sent first, out of the measure.
            self.env["service.contract"]._cron_send_renewal_notices()
            small, _partners, _template = self.bench.generate_data(self.env, 10, self.today)
            large, _partners, _template = self.bench.generate_data(self.env, 20, self.today)
            few, few_count = self.bench.bench_renewal_notices(self.env, small, self.today)
            many, many_count = self.bench.bench_renewal_notices(self.env, large, self.today)
        self.assertEqual((few_count, many_count), (10, 20))
        self.assertEqual(set(large.mapped("renewal_notice_channel")), {"email"})
        self.assertLessEqual((many.queries - few.queries) / 10, QUERIES_PER_NOTICE)

    def test_other_measures_complete(self):
        _contracts, partners, template = self.bench.generate_data(self.env, 20, self.today)
        technicians = self.bench.create_technicians(self.env, count=5)
        calendar, board, count = self.bench.bench_planning_week(
            self.env,
            partners,
            technicians,
            self.today,
            count=100,
        )
        self.assertGreaterEqual(count, 100, "the demo data may add its own")
        # Bounded whatever the number of appointments (18 and 11 measured with 2,000).
        self.assertLessEqual(board.queries, 30)
        self.assertLessEqual(calendar.queries, 20)
        measure, candidates = self.bench.bench_slot_finder(self.env, partners, technicians)
        self.assertGreaterEqual(candidates, 5)
        # The portal's times: the same engine, bounded queries (22 measured with 50 technicians).
        portal_request = self.bench.create_portal_request(self.env, partners)
        measure, offered = self.bench.bench_portal_slots(self.env, portal_request)
        self.assertTrue(offered)
        self.assertLessEqual(measure.queries, 30)
        measure, appointments = self.bench.bench_appointment_invoicing(
            self.env,
            partners,
            template,
            self.today,
            count=20,
        )
        self.assertTrue(measure.queries)
        self.assertEqual(set(appointments.billing_line_ids.mapped("billing_state")), {"invoiced"})
        # Odoo's create alone of the same invoices: measured, then rolled back.
        invoices = appointments.billing_line_ids.invoice_line_ids.move_id
        moves = self.env["account.move"].search_count([])
        floor = self.bench.odoo_invoice_floor(self.env, invoices)
        self.assertTrue(floor.queries)
        self.assertEqual(self.env["account.move"].search_count([]), moves)
        self.assertTrue(invoices)
        self.assertEqual(invoices.exists(), invoices, "the suite's invoices are untouched")

    def _van_quantities(self, stock):
        return dict(
            self.env["stock.quant"]._read_group(
                [("location_id", "in", stock["vans"].ids)], ["product_id"], ["quantity:sum"]
            )
        )

    def test_parts_used_queries_per_appointment(self):
        """Finishing appointments with their parts completes in the four variants, and what each
        appointment adds to the batch (20 appointments against 10) is within the bound."""
        _contracts, partners, _template = self.bench.generate_data(self.env, 5, self.today)
        technicians = self.bench.create_technicians(self.env, count=3)
        stock = self.bench.generate_stock_data(self.env, technicians, appointments=20)
        before = self._van_quantities(stock)
        measures = {}
        for count in (10, 20):
            results, appointments = self.bench.bench_parts_used(self.env, partners, stock, count=count)
            measures[count] = results
            self.assertEqual(set(results), {"batch", "one by one", "batch floor", "one by one floor"})
            for name, measure in results.items():
                with self.subTest(variant=name, count=count):
                    self.assertTrue(measure.queries)
            self.assertEqual(len(appointments), 2 * count, "fresh appointments for each variant")
            self.assertEqual(set(appointments.mapped("state")), {"done"})
            pickings = appointments.picking_ids
            self.assertEqual(len(pickings), 2 * count, "one transfer per appointment")
            self.assertEqual(set(pickings.location_id.ids), set(stock["vans"].ids))
            self.assertEqual(len(pickings.move_ids), 2 * count * len(self.bench.PARTS))
            lots = pickings.move_ids.move_line_ids.lot_id
            self.assertEqual(set(lots.ids), {lot.id for lot in stock["lot_of_technician"].values()})
        # 60 appointments finished (batch and one by one, 10 then 20): the floors' transfers of as
        # many were rolled back and took nothing from the vans.
        after = self._van_quantities(stock)
        for product, (_name, _tracking, quantity) in zip(stock["products"], self.bench.PARTS, strict=True):
            self.assertAlmostEqual(before[product] - after[product], 60 * quantity)
        per_appointment = (measures[20]["batch"].queries - measures[10]["batch"].queries) / 10
        self.assertLessEqual(per_appointment, QUERIES_PER_PARTS_APPOINTMENT)
