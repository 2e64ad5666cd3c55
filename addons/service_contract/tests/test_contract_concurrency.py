"""Two workers on the same contracts at the same time: each in its own database transaction,
on data committed beforehand (and removed afterwards), since a single test transaction cannot
show what another one sees."""

from contextlib import closing, contextmanager
from datetime import timedelta

import psycopg2

from odoo import SUPERUSER_ID, Command, api, fields, sql_db
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestConcurrentGeneration(TransactionCase):
    @contextmanager
    def _env(self):
        """An environment on a new, real database transaction, committed on success so that the
        other transactions see it."""
        with closing(sql_db.db_connect(self.env.cr.dbname).cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            yield env
            env.flush_all()
            cr.commit()  # pylint: disable=invalid-commit

    def setUp(self):
        super().setUp()
        with self._env() as env:
            today = fields.Date.context_today(env["service.contract"])
            task = env["intervention.task"].create({"name": "Concurrency service", "code": "SCCONC"})
            template = env["intervention.template"].create(
                {
                    "name": "Concurrency service",
                    "code": "SCCONC",
                    "intervention_type": "maintenance",
                    "task_id": task.id,
                }
            )
            partner = env["res.partner"].create({"name": "Concurrency customer"})
            product = env["product.product"].create(
                {"name": "Concurrency service", "type": "service", "list_price": 50}
            )
            contracts = env["service.contract"].create(
                [
                    {
                        "partner_id": partner.id,
                        "date_start": today - timedelta(days=40),
                        "recurring_rule_type": "weekly",
                        "template_id": template.id,
                        "planning_horizon": 20,
                        "invoice_period": "month",
                        "line_ids": [Command.create({"product_id": product.id})],
                    }
                    for _index in range(3)
                ]
            )
            contracts.action_confirm()
            # Back-dated: the visits and periods from the start are due.
            contracts.write({"next_visit_date": today - timedelta(days=40)})
            start = today - timedelta(days=40)
            # One monthly period from the start's month to the current one, billed in advance.
            self.expected_periods = 3 * (today.year * 12 + today.month - start.year * 12 - start.month + 1)
            self.ids = {
                "task": task.id,
                "template": template.id,
                "partner": partner.id,
                "product": product.id,
                "contracts": contracts.ids,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._env() as env:
            contracts = env["service.contract"].browse(self.ids["contracts"])
            env["intervention.request"].search([("contract_id", "in", contracts.ids)]).unlink()
            # A contract that ran, and its periods while their invoices exist, are kept: remove the
            # invoices, then the periods of the cancelled contracts, then the contracts.
            contracts.invoice_period_ids.move_id.unlink()
            contracts.filtered(lambda contract: contract.state == "running").action_cancel()
            contracts.invoice_period_ids.unlink()
            contracts.unlink()
            env["intervention.template"].browse(self.ids["template"]).unlink()
            env["intervention.task"].browse(self.ids["task"]).unlink()
            env["product.product"].browse(self.ids["product"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()

    def _counts(self):
        with self._env() as env:
            contracts = env["service.contract"].browse(self.ids["contracts"])
            requests = env["intervention.request"].search([("contract_id", "in", contracts.ids)])
            return (
                len(requests),
                len({(r.contract_id, r.contract_visit_date) for r in requests}),
                len(contracts.invoice_period_ids),
                len(contracts.invoice_period_ids.move_id),
            )

    @staticmethod
    def _generate(contracts):
        contracts._generate_requests()
        contracts._generate_invoices()

    def test_second_transaction_skips_contracts_the_first_is_working_on(self):
        with self._env() as env_1, self._env() as env_2:
            contracts_1 = env_1["service.contract"].browse(self.ids["contracts"])
            contracts_2 = env_2["service.contract"].browse(self.ids["contracts"])
            # Both transactions read the contracts before either has written anything.
            self.assertTrue(all(contracts_1.mapped("next_visit_date")))
            self.assertTrue(all(contracts_2.mapped("next_visit_date")))
            self.assertFalse(contracts_1._run_scheduled_step(self._generate))
            # The first transaction holds the contracts: the second one skips them.
            self.assertFalse(contracts_2._run_scheduled_step(self._generate))
            self.assertFalse(
                env_2["intervention.request"].search_count([("contract_id", "in", contracts_2.ids)])
            )
            env_1.flush_all()
            env_1.cr.commit()  # pylint: disable=invalid-commit
            # Committed meanwhile: the second transaction's snapshot is stale, it still skips them.
            self.assertFalse(contracts_2._run_scheduled_step(self._generate))
            self.assertFalse(any(contracts_2.mapped("last_error")))
        requests, visits, periods, moves = self._counts()
        self.assertTrue(requests)
        self.assertEqual(requests, visits)
        self.assertEqual(periods, moves)
        self.assertEqual(periods, self.expected_periods)

        # A later run, in a fresh transaction, finds nothing more to do.
        with self._env() as env:
            env["service.contract"].browse(self.ids["contracts"])._run_scheduled_step(self._generate)
        self.assertEqual(self._counts(), (requests, visits, periods, moves))

    def test_button_says_when_the_scheduler_is_on_the_contract(self):
        with self._env() as env_1, self._env() as env_2:
            contracts_1 = env_1["service.contract"].browse(self.ids["contracts"])
            contracts_2 = env_2["service.contract"].browse(self.ids["contracts"])
            self.assertEqual(contracts_1._lock_for_generation(), contracts_1, "the scheduler holds them")
            with self.assertRaisesRegex(UserError, "is being processed right now"):
                contracts_2[0].action_generate_requests()
            with self.assertRaisesRegex(UserError, "is being processed right now"):
                contracts_2[0].action_generate_invoice()
            self.assertFalse(
                env_2["intervention.request"].search_count([("contract_id", "in", contracts_2.ids)]),
            )

    def test_unique_keys_stop_a_worker_that_bypasses_the_lock(self):
        with self._env() as env_1, self._env() as env_2:
            contracts_1 = env_1["service.contract"].browse(self.ids["contracts"])
            contracts_2 = env_2["service.contract"].browse(self.ids["contracts"])
            contract_2 = contracts_2[0]
            today = contract_2._get_today()
            vals = contract_2._prepare_request_values(
                contract_2.next_visit_date, *contract_2._get_request_targets()[0]
            )
            contracts_1._run_scheduled_step(self._generate)
            env_1.flush_all()
            env_1.cr.commit()  # pylint: disable=invalid-commit
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.Error),
                env_2.cr.savepoint(),
            ):
                env_2["intervention.request"].create(vals)
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.Error),
                env_2.cr.savepoint(),
            ):
                contract_2._generate_invoices(today)
        requests, visits, periods, moves = self._counts()
        self.assertEqual(requests, visits)
        self.assertEqual(periods, moves)
