from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ServiceContractCase

DISPATCHER = "field_intervention.group_intervention_dispatcher"
TECHNICIAN = "field_intervention.group_intervention_technician"


@tagged("post_install", "-at_install")
class TestContractProfitability(ServiceContractCase):
    """A two-year contract (2026 and 2027) billed 200 a year in advance, one visit a year, the
    technicians' hour at 50."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"intervention_hourly_cost": 50.0, "intervention_time_tracking": "none"})
        cls.technician = new_test_user(cls.env, "sc_profit_tech", groups=TECHNICIAN, name="Marc Tech")
        cls.dispatcher = new_test_user(cls.env, "sc_profit_dispatcher", groups=DISPATCHER)
        cls.invoicing = new_test_user(cls.env, "sc_profit_invoicing", groups="account.group_account_invoice")

    def _running(self, **values):
        with freeze_time("2026-01-01 10:00:00"):
            contract = self._create_contract(**{"date_end": "2027-12-31", **values})
            contract.action_confirm()
        return contract

    def _run_crons(self, day):
        with freeze_time(f"{day} 10:00:00"):
            self._run_cron("_cron_generate_requests")
            self._run_cron("_cron_generate_invoices")

    def _do_visit(self, request, day, hours, travel=0.0):
        appointment = self.env["intervention.appointment"].create(
            {
                "request_id": request.id,
                "partner_id": request.partner_id.id,
                "template_id": request.template_id.id,
                "date_start": datetime.fromisoformat(f"{day} 09:00:00"),
                "technician_ids": [Command.set(self.technician.ids)],
                "actual_duration": hours,
                "travel_duration": travel,
            }
        )
        appointment.action_confirm()
        appointment.action_finish()
        return appointment

    def _rows(self, contract):
        # The rows' values have no dependencies to invalidate them: read them again.
        self.env["service.contract.profitability"].invalidate_model()
        return self.env["service.contract.profitability"].search([("contract_id", "=", contract.id)])

    def _to_check_domain(self, day):
        """The domain of "Contracts to Check" as the web client evaluates it on ``day``."""
        action = self.env.ref("service_contract.service_contract_action_to_check")
        today = date.fromisoformat(day)
        return safe_eval(action.domain, {"context_today": lambda: today, "relativedelta": relativedelta})

    def _invoice_of(self, contract, year):
        return contract.invoice_period_ids.filtered(lambda period: period.period_start.year == year).move_id

    def test_contract_over_two_years_has_a_row_per_year(self):
        contract = self._running()
        self.assertRecordValues(
            self._rows(contract),
            [
                {
                    "year_number": 1,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 12, 31),
                    "is_last_year": False,
                    "partner_id": self.customer.id,
                    "user_id": contract.user_id.id,
                    "currency_id": self.company.currency_id.id,
                    "revenue": 0.0,
                    "cost": 0.0,
                    "margin": 0.0,
                },
                {
                    "year_number": 2,
                    "date_from": date(2027, 1, 1),
                    "date_to": date(2027, 12, 31),
                    "is_last_year": True,
                    "partner_id": self.customer.id,
                    "user_id": contract.user_id.id,
                    "currency_id": self.company.currency_id.id,
                    "revenue": 0.0,
                    "cost": 0.0,
                    "margin": 0.0,
                },
            ],
        )
        # A term not ending on an anniversary: its last year is short.
        short = self._running(date_start="2026-03-15", date_end="2027-06-30")
        self.assertEqual(
            [(row.date_from, row.date_to) for row in self._rows(short)],
            [(date(2026, 3, 15), date(2027, 3, 14)), (date(2027, 3, 15), date(2027, 6, 30))],
        )

    def test_revenue_is_posted_invoices_less_posted_credit_notes_per_year(self):
        contract = self._running()
        self._run_crons("2026-01-01")
        self._run_crons("2027-01-01")
        first, second = self._invoice_of(contract, 2026), self._invoice_of(contract, 2027)
        self.assertEqual((first.amount_untaxed, second.amount_untaxed), (200.0, 200.0))
        first.action_post()
        self.assertEqual(
            self._rows(contract).mapped("revenue"), [200.0, 0.0], "a draft invoice is no revenue"
        )
        refund = first._reverse_moves([{"invoice_date": date(2027, 2, 1)}])
        refund.invoice_line_ids.price_unit = 50.0
        self.assertEqual(
            self._rows(contract).mapped("revenue"), [200.0, 0.0], "a draft credit note deducts nothing"
        )
        refund.action_post()
        second.action_post()
        # Refunded in 2027, the credit note counts in the year of the invoice it reverses.
        self.assertEqual(self._rows(contract).mapped("revenue"), [150.0, 200.0])

    def test_costs_margin_and_visits_of_each_year(self):
        contract = self._running()
        self._run_crons("2026-01-01")
        self._run_crons("2027-01-01")
        self._invoice_of(contract, 2026).action_post()
        visit_2026, visit_2027 = contract.request_ids.sorted("contract_visit_date")
        self._do_visit(visit_2026, "2026-01-20", 2.0, travel=0.5)
        # A visit not done yet costs nothing.
        self.env["intervention.appointment"].create(
            {
                "request_id": visit_2027.id,
                "partner_id": self.customer.id,
                "date_start": datetime(2027, 2, 3, 9),
                "technician_ids": [Command.set(self.technician.ids)],
                "actual_duration": 1.0,
            }
        ).action_confirm()
        self.assertRecordValues(
            self._rows(contract),
            [
                {
                    "year_number": 1,
                    "revenue": 200.0,
                    "cost_time": 100.0,
                    "cost_travel": 25.0,
                    "cost_parts": 0.0,
                    "cost": 125.0,
                    "margin": 75.0,
                    "margin_percent": 37.5,
                    "visits_owed": 1,
                    "visits_done": 1,
                },
                {
                    "year_number": 2,
                    "revenue": 0.0,
                    "cost_time": 0.0,
                    "cost_travel": 0.0,
                    "cost_parts": 0.0,
                    "cost": 0.0,
                    "margin": 0.0,
                    "margin_percent": 0.0,
                    "visits_owed": 1,
                    "visits_done": 0,
                },
            ],
        )
        # The pivot's margin % of a group: its margin over its revenue.
        [group] = self.env["service.contract.profitability"].formatted_read_group(
            [("contract_id", "=", contract.id)], [], ["revenue:sum", "margin:sum", "margin_percent:avg"]
        )
        self.assertEqual(
            (group["revenue:sum"], group["margin:sum"], group["margin_percent:avg"]), (200.0, 75.0, 37.5)
        )
        # A cancelled visit is not owed.
        visit_2027.action_cancel()
        self.assertEqual(self._rows(contract)[1].visits_owed, 0)

    def test_parts_used_count_at_cost(self):
        if "part_line_ids" not in self.env["intervention.appointment"]._fields:
            self.skipTest("Intervention Stock is not installed")
        contract = self._running()
        self._run_crons("2026-01-01")
        part = self.env["product.product"].create(
            {"name": "Door gasket", "type": "consu", "is_storable": True, "standard_price": 12.0}
        )
        appointment = self.env["intervention.appointment"].create(
            {
                "request_id": contract.request_ids.id,
                "partner_id": self.customer.id,
                "date_start": datetime(2026, 1, 20, 9),
                "technician_ids": [Command.set(self.technician.ids)],
                "actual_duration": 1.0,
                "billing_line_ids": [Command.create({"product_id": part.id, "quantity": 2.0})],
            }
        )
        appointment.action_confirm()
        appointment.action_finish()
        self.assertRecordValues(
            self._rows(contract)[0], [{"cost_time": 50.0, "cost_parts": 24.0, "cost": 74.0, "margin": -74.0}]
        )

    def test_losing_money_and_late_visits_are_searched_and_to_check(self):
        losing = self._running()
        late = self._running(
            partner_id=self.other_customer.id, equipment_ids=[Command.set(self.other_equipment.ids)]
        )
        fine = self._running()
        self._run_crons("2026-01-01")
        for contract in losing | late | fine:
            self._invoice_of(contract, 2026).action_post()
        # Losing: 5 hours at 50 for 200 invoiced. Fine: 1 hour. Late: its 2026 visit is not done.
        self._do_visit(losing.request_ids, "2026-01-10", 5.0)
        self._do_visit(fine.request_ids, "2026-01-10", 1.0)
        Contract = self.env["service.contract"]
        contracts = losing | late | fine
        for day, late_expected in (("2026-06-01", False), ("2026-11-15", True)):
            with self.subTest(day=day), freeze_time(f"{day} 10:00:00"):
                contracts.invalidate_recordset()
                self.assertEqual(contracts.mapped("is_losing_money"), [True, False, False])
                self.assertEqual(contracts.mapped("has_late_visits"), [False, late_expected, False])
                self.assertEqual(contracts.mapped("current_year_margin"), [-50.0, 200.0, 150.0])
                self.assertEqual(
                    Contract.search([("id", "in", contracts.ids), ("is_losing_money", "=", True)]), losing
                )
                self.assertEqual(
                    Contract.search([("id", "in", contracts.ids), ("is_losing_money", "!=", True)]),
                    late | fine,
                )
                self.assertEqual(
                    Contract.search([("id", "in", contracts.ids), ("has_late_visits", "=", True)]),
                    late if late_expected else Contract,
                )
                to_check = Contract.search([("id", "in", contracts.ids), *self._to_check_domain(day)])
                self.assertEqual(to_check, losing | late if late_expected else losing)
        # Over: the last year of a contract ended with its visits owed is late.
        self._run_crons("2027-01-01")
        with freeze_time("2028-02-01 10:00:00"):
            late.invalidate_recordset()
            self.assertTrue(late.has_late_visits)
        # A closed contract is not to check any more, however it did.
        with freeze_time("2026-06-01 10:00:00"):
            losing.action_close()
            to_check = Contract.search([("id", "in", contracts.ids), *self._to_check_domain("2026-06-01")])
            self.assertFalse(to_check)

    def test_read_group_over_contracts_takes_constant_queries(self):
        Profitability = self.env["service.contract.profitability"]

        def grouped_read(contracts):
            self.env.invalidate_all()
            with self.assertQueryCount(2):  # the groups, the contracts' names
                groups = Profitability.formatted_read_group(
                    [("contract_id", "in", contracts.ids)],
                    ["contract_id", "year_number"],
                    ["revenue:sum", "cost:sum", "margin:sum", "margin_percent:avg"],
                )
            return groups

        few = self._running() | self._running()
        self._run_crons("2026-01-01")
        many = few | self._running() | self._running() | self._running()
        self._run_crons("2026-01-01")
        self.env.flush_all()
        self.assertEqual(len(grouped_read(few)), 4)
        self.assertEqual(len(grouped_read(many)), 10)

    def test_profitability_is_the_office_s(self):
        contract = self._running()
        self._run_crons("2026-01-01")
        Profitability = self.env["service.contract.profitability"]
        self.assertEqual(
            len(Profitability.with_user(self.dispatcher).search([("contract_id", "=", contract.id)])), 2
        )
        self.assertEqual(
            len(Profitability.with_user(self.invoicing).search([("contract_id", "=", contract.id)])), 2
        )
        self.assertEqual(contract.with_user(self.dispatcher).current_year_margin, 0.0)
        with self.assertRaises(AccessError):
            Profitability.with_user(self.technician).search([])
        # The technician serves the customer, so reads the contract, but not what it earns.
        self._do_visit(contract.request_ids, "2026-01-10", 1.0)
        self.assertEqual(contract.with_user(self.technician).name, contract.name)
        for fname in ("current_year_margin", "is_losing_money", "has_late_visits"):
            with self.subTest(fname), self.assertRaises(AccessError):
                contract.with_user(self.technician).read([fname])

    def test_smart_button_opens_the_contract_years(self):
        contract = self._running()
        action = contract.action_view_profitability()
        self.assertEqual(action["res_model"], "service.contract.profitability")
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]), self._rows(contract))
