"""A small run of the benchmark (bench/bench.py) inside the test suite: it completes, and the
queries each contract adds to request generation and invoicing stay within the bound the
benchmark targets. Timings are printed by ``./fsm bench``, never asserted here."""

import importlib.util
from datetime import date
from pathlib import Path

from odoo.tests import TransactionCase, tagged

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench.py"
QUERIES_PER_CONTRACT = 5


def _load_bench():
    spec = importlib.util.spec_from_file_location("fsm_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestBenchSmoke(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bench = _load_bench()
        cls.today = date.today()

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
