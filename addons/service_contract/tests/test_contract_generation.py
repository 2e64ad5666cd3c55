from datetime import date

import psycopg2.errors

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, freeze_time, tagged
from odoo.tools import mute_logger

from .common import ServiceContractCase


@tagged("post_install", "-at_install")
class TestRequestGeneration(ServiceContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-01-01 10:00:00"):
            cls.contract = cls._create_contract(
                equipment_ids=[Command.set((cls.equipment | cls.equipment_2).ids)],
                visit_month_ids=[Command.set((cls.months[9] | cls.months[10]).ids)],
                planning_horizon=30,
            )
            cls.contract.action_confirm()

    def _requests(self, contract=None):
        return self.env["intervention.request"].search([("contract_id", "=", (contract or self.contract).id)])

    def test_template_left_empty_when_no_unit_names_its_maintenance_template(self):
        heat_pump = self.env["installed.equipment"].create(
            {
                "partner_id": self.customer.id,
                "product_id": self.equipment.product_id.id,
                "serial_number": "HEAT-PUMP-1",
                "category_id": self.env.ref("installed_base.category_heat_pump").id,
            }
        )
        self.assertFalse(heat_pump._get_maintenance_template())
        form = Form(self.env["service.contract"])
        form.partner_id = self.customer
        form.equipment_ids.add(heat_pump)
        self.assertFalse(form.template_id)

    def test_confirm_plans_the_first_visit(self):
        self.assertEqual(self.contract.state, "running")
        self.assertEqual(self.contract.next_visit_date, date(2026, 9, 1))
        self.assertEqual(self.contract.request_due_date, date(2026, 8, 2))
        self.assertEqual(self.contract.term_start_date, date(2026, 1, 1))

    def test_confirm_refused_without_a_task(self):
        template = self.template.copy({"task_id": False, "code": "NOTASK"})
        contract = self._create_contract(template_id=template.id)
        self.assertFalse(contract.task_id)
        with self.assertRaisesRegex(UserError, "Task"):
            contract.action_confirm()
        self.assertEqual(contract.state, "draft")

    @freeze_time("2026-08-01 10:00:00")
    def test_nothing_before_the_planning_horizon(self):
        self._run_cron("_cron_generate_requests")
        self.assertFalse(self._requests())

    @freeze_time("2026-08-05 10:00:00")
    def test_requests_within_the_horizon_one_per_equipment(self):
        progress = self._run_cron("_cron_generate_requests")
        self.assertTrue(progress.called)
        requests = self._requests()
        self.assertEqual(len(requests), 2)
        for request in requests:
            self.assertRecordValues(
                request,
                [
                    {
                        "contract_visit_date": date(2026, 9, 1),
                        "date_start": date(2026, 9, 1),
                        "date_end": date(2026, 10, 31),
                        "template_id": self.template.id,
                        "task_id": self.task.id,
                        "intervention_type": "maintenance",
                        "partner_id": self.customer.id,
                        "state": "to_schedule",
                        "origin": self.contract.name,
                    }
                ],
            )
        self.assertEqual(requests.equipment_id, self.equipment | self.equipment_2)
        by_equipment = {request.equipment_id: request for request in requests}
        self.assertEqual(by_equipment[self.equipment].address_partner_id, self.customer)
        self.assertEqual(by_equipment[self.equipment_2].address_partner_id, self.site)
        self.assertEqual(self.contract.next_visit_date, date(2027, 9, 1))
        self.assertEqual(self.contract.request_count, 2)
        # The equipment lists them as recurring requests.
        self.assertEqual(self.equipment.recurring_request_count, 1)
        self.assertEqual(self.equipment.service_contract_count, 1)

    @freeze_time("2026-08-05 10:00:00")
    def test_running_twice_creates_nothing_more(self):
        self._run_cron("_cron_generate_requests")
        self._run_cron("_cron_generate_requests")
        self.contract.action_generate_requests()
        self.assertEqual(len(self._requests()), 2)

    @freeze_time("2026-08-05 10:00:00")
    def test_duplicate_visit_is_refused_by_the_database(self):
        self._run_cron("_cron_generate_requests")
        request = self._requests()[0]
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.cr.savepoint(),
        ):
            request.copy(
                {"contract_id": self.contract.id, "contract_visit_date": request.contract_visit_date}
            )

    def test_contract_without_equipment_plans_its_addresses(self):
        with freeze_time("2026-01-01 10:00:00"):
            contract = self._create_contract(
                equipment_ids=[Command.clear()],
                address_partner_ids=[Command.set(self.site.ids)],
                recurring_rule_type="monthly",
                planning_horizon=0,
            )
            contract.action_confirm()
            contract.action_generate_requests()
        request = self._requests(contract)
        self.assertRecordValues(
            request,
            [
                {
                    "address_partner_id": self.site.id,
                    "equipment_id": False,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 1, 31),
                }
            ],
        )

    @freeze_time("2026-08-05 10:00:00")
    def test_a_failing_contract_keeps_its_error_and_the_others_go_on(self):
        broken_template = self.template.copy({"name": "No task", "code": "SCNOTASK", "task_id": False})
        with freeze_time("2026-01-01 10:00:00"):
            broken = self._create_contract(visit_month_ids=[Command.set(self.months[9].ids)])
            broken.action_confirm()
            # Running contracts can still lose their task afterwards: the scheduled run then fails.
            broken.write({"template_id": broken_template.id, "task_id": False})
        with mute_logger("odoo.sql_db", "odoo.addons.service_contract.models.service_contract"):
            self._run_cron("_cron_generate_requests")
        self.assertEqual(len(self._requests()), 2)
        self.assertFalse(self._requests(broken))
        self.assertTrue(broken.last_error)
        self.assertTrue(broken.last_error_date)
        self.assertEqual(broken.next_visit_date, date(2026, 9, 1))
        self.assertIn("Automatic processing failed", broken.message_ids[0].body)
        self.assertFalse(self.contract.last_error)
        self.assertIn(broken, self.env["service.contract"].search([("last_error", "!=", False)]))

        broken.task_id = self.task
        self._run_cron("_cron_generate_requests")
        self.assertEqual(len(self._requests(broken)), 1)
        self.assertFalse(broken.last_error)

    def test_visits_billed_by_the_contract_are_not_billed_again(self):
        self.task.product_id = self.env["product.product"].create({"name": "Stove visit", "type": "service"})
        with freeze_time("2026-01-01 10:00:00"):
            billing = self._create_contract()
            planning_only = self._create_contract(lines=False)
            (billing | planning_only).action_confirm()
            (billing | planning_only)._generate_requests()
        self.assertTrue(self._requests(billing))
        self.assertFalse(self._requests(billing).billing_line_ids, "the contract bills the visit")
        self.assertEqual(
            self._requests(planning_only).billing_line_ids.product_id,
            self.task.product_id,
            "a contract that bills nothing leaves the visit billable",
        )

    def test_generation_queries_per_contract_do_not_grow_with_the_batch(self):
        with freeze_time("2026-01-01 10:00:00"):
            contracts = self.env["service.contract"].browse()
            for _index in range(7):
                contracts |= self._create_contract(planning_horizon=0)
            contracts.action_confirm()
        warmup, two, four = contracts[:1], contracts[1:3], contracts[3:7]

        def generate(batch):
            batch._generate_requests()

        def count(batch):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            failed = batch._run_scheduled_step(generate)
            self.env.flush_all()
            self.assertFalse(failed)
            return self.cr.sql_log_count - before

        count(warmup)
        queries_two, queries_four = count(two), count(four)
        self.assertEqual(queries_four, queries_two, "a batch costs the same queries for 2 or 4 contracts")
        with freeze_time("2027-01-01 10:00:00"), self.assertQueryCount(queries_two):
            two._run_scheduled_step(generate)
        self.assertEqual(
            len(self.env["intervention.request"].search([("contract_id", "in", contracts.ids)])), 9
        )


@tagged("post_install", "-at_install")
class TestRenewal(ServiceContractCase):
    def _confirmed(self, **values):
        with freeze_time("2026-01-01 10:00:00"):
            contract = self._create_contract(**values)
            contract.action_confirm()
        return contract

    def test_renewal_extends_by_the_term_and_is_written_in_the_chatter(self):
        contract = self._confirmed(date_start="2026-03-01", date_end="2027-02-28")
        with freeze_time("2027-02-28 23:30:00"):
            # Still 28 February in UTC, already 1 March in Paris.
            self._run_cron("_cron_renew_contracts")
            self._run_cron("_cron_renew_contracts")
        self.assertRecordValues(
            contract,
            [
                {
                    "state": "running",
                    "term_start_date": date(2027, 3, 1),
                    "date_end": date(2028, 2, 29),
                    "date_start": date(2026, 3, 1),
                }
            ],
        )
        self.assertIn("renewed", contract.message_ids[0].body)

    def test_not_renewed_before_the_end(self):
        contract = self._confirmed()
        with freeze_time("2026-12-31 10:00:00"):
            self._run_cron("_cron_renew_contracts")
        self.assertEqual(contract.date_end, date(2026, 12, 31))

    def test_late_renewal_catches_up(self):
        contract = self._confirmed()
        with freeze_time("2028-06-01 10:00:00"):
            self._run_cron("_cron_renew_contracts")
        self.assertRecordValues(
            contract, [{"term_start_date": date(2028, 1, 1), "date_end": date(2028, 12, 31)}]
        )

    def test_contract_without_renewal_closes_and_stops(self):
        contract = self._confirmed(auto_renew=False, invoice_mode="arrears")
        with freeze_time("2027-01-01 10:00:00"):
            self._run_cron("_cron_renew_contracts")
            self._run_cron("_cron_generate_requests")
        self.assertRecordValues(
            contract, [{"state": "closed", "next_visit_date": False, "next_invoice_date": False}]
        )
        # The period billed in arrears went out before closing.
        self.assertEqual(len(contract.invoice_ids), 1)
        self.assertFalse(contract.request_ids)
        self.assertIn("closed", contract.message_ids[0].body)

    def test_visits_stop_at_the_end_of_a_contract_that_does_not_renew(self):
        contract = self._confirmed(
            auto_renew=False, recurring_rule_type="monthly", date_end="2026-03-15", planning_horizon=365
        )
        with freeze_time("2026-01-01 10:00:00"):
            contract.action_generate_requests()
        self.assertEqual(
            contract.request_ids.mapped("contract_visit_date"),
            [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)],
        )
        self.assertEqual(max(contract.request_ids.mapped("date_end")), date(2026, 3, 15))


@tagged("post_install", "-at_install")
class TestMultiCompany(ServiceContractCase):
    @freeze_time("2026-01-01 10:00:00")
    def test_scheduled_action_works_in_the_contract_company(self):
        company_b = self.env["res.company"].create({"name": "SC Branch"})
        customer_b = self.env["res.partner"].create({"name": "Branch customer", "company_id": company_b.id})
        equipment_b = self.env["installed.equipment"].create(
            {
                "partner_id": customer_b.id,
                "product_id": self.equipment.product_id.id,
                "company_id": company_b.id,
            }
        )
        shared_task = self.task.copy({"code": "SCSHARED", "company_id": False})
        shared_template = self.template.copy(
            {"code": "SCSHARED", "company_id": False, "task_id": shared_task.id}
        )
        contract = (
            self.env["service.contract"]
            .with_company(company_b)
            .create(
                {
                    "partner_id": customer_b.id,
                    "company_id": company_b.id,
                    "template_id": shared_template.id,
                    "equipment_ids": [Command.set(equipment_b.ids)],
                    "planning_horizon": 0,
                }
            )
        )
        contract.action_confirm()
        self._run_cron("_cron_generate_requests")
        self.assertRecordValues(
            contract.request_ids, [{"company_id": company_b.id, "equipment_id": equipment_b.id}]
        )
