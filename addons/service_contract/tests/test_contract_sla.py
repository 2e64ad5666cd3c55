from datetime import date, datetime, timedelta

import pytz

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .common import ServiceContractCase

# 84 units visited monthly over a year's planning horizon: 1,008 requests in one generation.
UNITS = 84


@tagged("post_install", "-at_install")
class TestContractResponseTime(ServiceContractCase):
    """Company calendar in Paris, 8:00-12:00 and 13:00-17:00 on weekdays; settings: Normal 40 h,
    Urgent 8 h. Monday 2 March 2026, Paris is UTC+1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Installers", "tz": "Europe/Paris", "company_id": cls.company.id}
        )
        cls.company.write(
            {
                "resource_calendar_id": cls.calendar.id,
                "intervention_response_hours_0": 40.0,
                "intervention_response_hours_3": 8.0,
            }
        )

    def _running_contract(self, **values):
        with freeze_time("2026-01-01 10:00:00"):
            contract = self._create_contract(**values)
            contract.action_confirm()
        return contract

    def _call(self, when, **values):
        """A breakdown call received at ``when`` (naive UTC) for the customer's first stove."""
        with freeze_time(when):
            return self.env["intervention.request"].create(
                {
                    "partner_id": self.customer.id,
                    "equipment_id": self.equipment.id,
                    "template_id": self.template.id,
                    "date_start": when.date(),
                    "date_end": "2026-03-31",
                    **values,
                }
            )

    def test_contract_response_time_applies_to_the_equipment_it_covers(self):
        self._running_contract(response_hours_3=4.0)
        # Monday 10:00 Paris + 4 h: 2 h before lunch, 2 h after: 15:00 Paris.
        request = self._call(datetime(2026, 3, 2, 9, 0), priority="3")
        self.assertEqual(request.sla_response_hours, 4.0)
        self.assertEqual(request.date_deadline, datetime(2026, 3, 2, 14, 0))

    def test_empty_contract_response_time_keeps_the_company_one(self):
        self._running_contract(response_hours_3=4.0)
        request = self._call(datetime(2026, 3, 2, 9, 0), priority="0")
        self.assertEqual(request.sla_response_hours, 40.0, "the contract gives none for Normal")

    def test_equipment_change_plans_the_deadline_again(self):
        self._running_contract(response_hours_3=4.0)
        request = self._call(datetime(2026, 3, 2, 9, 0), priority="3", equipment_id=self.equipment_2.id)
        self.assertEqual(request.sla_response_hours, 8.0, "the second stove is not under contract")
        with freeze_time(datetime(2026, 3, 2, 11, 0)):
            request.equipment_id = self.equipment
        self.assertEqual(request.sla_response_hours, 4.0)
        self.assertEqual(request.date_deadline, datetime(2026, 3, 2, 14, 0), "from the reception")

    def test_a_contract_not_running_gives_no_response_time(self):
        with freeze_time("2026-01-01 10:00:00"):
            self._create_contract(response_hours_3=4.0)  # a draft
        request = self._call(datetime(2026, 3, 2, 9, 0), priority="3")
        self.assertEqual(request.sla_response_hours, 8.0)

    def test_generated_requests_count_from_their_visit_date(self):
        contract = self._running_contract(
            response_hours_0=16.0, recurring_rule_type="monthly", recurring_interval=1, planning_horizon=40
        )
        with freeze_time("2026-01-01 10:00:00"):
            requests = contract._generate_requests(date(2026, 1, 1))
        request = requests.filtered(lambda r: r.date_start == date(2026, 2, 1))
        self.assertEqual(request.contract_id, contract)
        # Sunday 1 February, 0:00 in Paris (UTC+1), not the day it was generated.
        self.assertEqual(request.date_response_start, datetime(2026, 1, 31, 23, 0))
        self.assertEqual(request.sla_response_hours, 16.0)
        # 16 working hours: Monday and Tuesday, 17:00 in Paris; as Odoo's plan_hours says.
        self.assertEqual(request.date_deadline, datetime(2026, 2, 3, 16, 0))
        planned = self.calendar.plan_hours(
            16.0, pytz.utc.localize(datetime(2026, 1, 31, 23, 0)), compute_leaves=True
        )
        self.assertEqual(request.date_deadline, planned.astimezone(pytz.utc).replace(tzinfo=None))
        first = requests.filtered(lambda r: r.date_start == date(2026, 1, 1))
        self.assertEqual(first.date_response_start, datetime(2026, 1, 1, 10, 0), "received after 0:00")

    def test_negative_contract_response_time_refused(self):
        contract = self._running_contract()
        with (
            self.assertRaisesRegex(ValidationError, r"Response Time \(Urgent\) cannot be negative"),
            self.env.cr.savepoint(),
        ):
            contract.response_hours_3 = -2.0
        contract.invalidate_recordset()
        self.assertEqual(contract.response_hours_3, 0.0, "nothing written")

    def test_at_risk_request_without_responsible_alerts_the_contract_one(self):
        contract = self._running_contract(planning_horizon=30)
        with freeze_time("2026-01-01 10:00:00"):
            request = contract._generate_requests(date(2026, 1, 1))[:1]
        request.user_id = False
        with freeze_time(request.date_deadline - timedelta(minutes=30)):
            self.env["intervention.request"]._cron_update_sla_state()
        self.assertEqual(request.sla_state, "at_risk")
        self.assertEqual(request.activity_ids.user_id, contract.user_id)

    def test_compliance_report_by_contract(self):
        contract = self._running_contract(planning_horizon=30)
        with freeze_time("2026-01-01 10:00:00"):
            requests = contract._generate_requests(date(2026, 1, 1))
        groups = self.env["intervention.sla.report"].read_group(
            [("request_id", "in", requests.ids)], ["met_count:sum", "breached_count:sum"], ["contract_id"]
        )
        self.assertEqual([group["contract_id"][0] for group in groups], [contract.id])
        self.assertEqual(groups[0]["contract_id_count"], len(requests))

    def test_deadlines_of_a_thousand_generated_requests_in_bounded_queries(self):
        """Planning the deadlines adds a fixed number of queries to a generation of 1,008
        requests (the working intervals are read once per calendar), not one per request."""
        units = self.env["installed.equipment"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "product_id": self.equipment.product_id.id,
                    "serial_number": f"K{n}",
                }
                for n in range(UNITS)
            ]
        )
        queries = {}
        for label, hours in (("without", 0.0), ("with", 24.0)):
            self.company.intervention_response_hours_0 = hours
            with self.env.cr.savepoint(flush=False) as savepoint:
                contract = self._running_contract(
                    equipment_ids=[Command.set(units.ids)],
                    recurring_rule_type="monthly",
                    recurring_interval=1,
                    planning_horizon=365,
                )
                self.env.flush_all()
                self.env.invalidate_all()
                start = self.env.cr.sql_log_count
                with freeze_time("2026-01-01 10:00:00"):
                    requests = contract._generate_requests(date(2026, 1, 1))
                    self.env.flush_all()
                queries[label] = self.env.cr.sql_log_count - start
                self.assertGreaterEqual(len(requests), 1000)
                self.assertEqual(all(requests.mapped("date_deadline")), bool(hours))
                savepoint.rollback()
        self.assertLessEqual(queries["with"] - queries["without"], 12, queries)
