from datetime import date

import psycopg2.errors

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import ServiceContractCase

TECHNICIAN = "field_intervention.group_intervention_technician"
DISPATCHER = "field_intervention.group_intervention_dispatcher"
MANAGER = "field_intervention.group_intervention_manager"
INVOICING = "account.group_account_invoice"


@tagged("post_install", "-at_install")
class TestContractRules(ServiceContractCase):
    """Every rule of the contracts holds for create, write, unlink and each button, called as a
    JSON-RPC client would (``with_user``) by each group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician = new_test_user(cls.env, "scr_technician", groups=TECHNICIAN)
        cls.dispatcher = new_test_user(cls.env, "scr_dispatcher", groups=DISPATCHER)
        cls.manager = new_test_user(cls.env, "scr_manager", groups=MANAGER)
        cls.invoicing = new_test_user(cls.env, "scr_invoicing", groups=f"base.group_user,{INVOICING}")
        cls.accountant = new_test_user(cls.env, "scr_accountant", groups="account.group_account_manager")
        cls.contract = cls._create_contract()
        cls.contract.action_confirm()
        cls.other_contract = cls._create_contract(
            partner_id=cls.other_customer.id,
            equipment_ids=[Command.set(cls.other_equipment.ids)],
        )
        cls.draft = cls._create_contract()
        # The technician serves the customer's site, a contact of the customer's company.
        cls.env["intervention.appointment"].create(
            {
                "partner_id": cls.site.id,
                "date_start": "2026-03-02 08:00:00",
                "technician_ids": [Command.set(cls.technician.ids)],
            }
        )

    def _as(self, user, records):
        return records.with_user(user)

    # State machine

    def test_no_group_writes_the_state(self):
        for user in (self.dispatcher, self.manager, self.invoicing):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "State changes only"):
                self._as(user, self.contract).write({"state": "closed"})
        self.assertEqual(self.contract.state, "running")
        with self.assertRaisesRegex(UserError, "State changes only"):
            self._as(self.manager, self.draft).write({"state": "running", "auto_renew": False})
        self.assertRecordValues(self.draft, [{"state": "draft", "auto_renew": True}])

    def test_a_user_creates_a_contract_only_as_a_draft(self):
        Contract = self.env["service.contract"].with_user(self.dispatcher)
        for state in ("running", "closed", "cancelled"):
            with self.subTest(state=state), self.assertRaisesRegex(UserError, "starts as a draft.*State"):
                Contract.create({"partner_id": self.customer.id, "state": state})
        contract = Contract.create({"partner_id": self.customer.id, "state": "draft"})
        self.assertEqual(contract.state, "draft")

    def test_transitions_check_the_right_and_the_state(self):
        with self.assertRaisesRegex(AccessError, "requires the right"):
            self._as(self.technician, self.draft).action_confirm()
        with self.assertRaisesRegex(AccessError, "from Running to Cancelled requires the right"):
            self._as(self.invoicing, self.contract).action_cancel()
        with self.assertRaisesRegex(UserError, "cannot go from Draft to Closed"):
            self._as(self.dispatcher, self.draft).action_close()
        with self.assertRaisesRegex(UserError, "cannot go from Running to Draft"):
            self._as(self.dispatcher, self.contract).action_draft()
        draft = self._as(self.dispatcher, self.draft)
        draft.action_confirm()
        self.assertEqual(draft.state, "running")
        draft.action_close()
        self.assertEqual(draft.state, "closed")
        with self.assertRaisesRegex(UserError, "cannot go from Closed to Cancelled"):
            draft.action_cancel()

    def test_buttons_that_generate_check_the_right(self):
        with self.assertRaisesRegex(AccessError, "Generate requests now.*Dispatcher"):
            self._as(self.technician, self.contract).action_generate_requests()
        with self.assertRaisesRegex(AccessError, "Generate invoice now"):
            self._as(self.dispatcher, self.contract).action_generate_invoice()
        self.assertFalse(self.contract.invoice_period_ids)
        self._as(self.invoicing, self.contract).action_generate_invoice()
        self.assertEqual(len(self.contract.invoice_period_ids), 1)
        self.assertEqual(self.contract.next_period_start, date(2027, 1, 1))

    # Fields owned by the contract

    def test_the_invoicing_cursor_cannot_be_moved_back(self):
        self.contract._generate_invoices(date(2026, 1, 1))
        self.assertEqual(self.contract.next_period_start, date(2027, 1, 1))
        with self.assertRaisesRegex(UserError, "Next Period to Invoice are set by the contract itself"):
            self._as(self.dispatcher, self.contract).write({"next_period_start": "2026-01-01"})
        self.assertEqual(self.contract.next_period_start, date(2027, 1, 1))
        self.contract._generate_invoices(date(2026, 6, 1))
        self.assertEqual(len(self.contract.invoice_period_ids), 1, "nothing billed twice")

    def test_system_fields_are_refused_to_every_group(self):
        refused = {
            "name": "SC/FORGED",
            "term_start_date": "2025-01-01",
            "next_period_start": "2025-01-01",
            "next_invoice_date": "2025-01-01",
            "request_due_date": "2025-01-01",
            "last_error": "forged",
            "last_error_date": "2026-01-01 00:00:00",
            "access_token": "forged-token",
            "invoice_period_ids": [
                Command.create(
                    {
                        "period_start": "2025-01-01",
                        "period_end": "2025-12-31",
                        "invoice_date": "2025-01-01",
                    }
                )
            ],
        }
        before = self.contract.read(list(refused))
        for user in (self.dispatcher, self.manager, self.invoicing):
            for name, value in refused.items():
                label = self.contract._fields[name]._description_string(self.env)
                with (
                    self.subTest(user=user.login, field=name),
                    self.assertRaisesRegex(
                        UserError,
                        f"{label} are set by the contract itself",
                    ),
                ):
                    self._as(user, self.contract).write({name: value})
        self.assertEqual(self.contract.read(list(refused)), before)
        with self.assertRaisesRegex(UserError, "Next Period to Invoice of a contract are set by"):
            self.env["service.contract"].with_user(self.dispatcher).create(
                {"partner_id": self.customer.id, "next_period_start": "2025-01-01"},
            )

    def test_start_values_are_set_on_a_draft_only(self):
        draft = self._as(self.dispatcher, self.draft)
        draft.write({"partner_id": self.other_customer.id, "equipment_ids": [Command.clear()]})
        draft.write({"date_start": "2026-02-01", "next_visit_date": "2026-02-15"})
        self.assertRecordValues(
            self.draft,
            [{"date_start": date(2026, 2, 1), "next_visit_date": date(2026, 2, 15)}],
        )
        running = self._as(self.dispatcher, self.contract)
        for values in (
            {"partner_id": self.other_customer.id},
            {"date_start": "2025-01-01"},
            {"next_visit_date": "2026-01-02"},
        ):
            with self.subTest(values=values), self.assertRaisesRegex(UserError, "no longer a draft"):
                running.write(values)
        # Naming the field is checked, even with its current value (the form sends only changes).
        with self.assertRaisesRegex(UserError, "no longer a draft"):
            running.write({"partner_id": self.customer.id, "auto_renew": False})
        self.assertTrue(self.contract.auto_renew, "nothing half written")
        running.write({"auto_renew": False})
        self.assertFalse(self.contract.auto_renew)

    def test_only_invoicing_users_make_a_contract_post_its_invoices(self):
        Contract = self.env["service.contract"]
        for user in (self.dispatcher, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(AccessError, "Only invoicing users.*Post Invoices"):
                    Contract.with_user(user).create(
                        {"partner_id": self.customer.id, "invoice_auto_post": True},
                    )
                with self.assertRaisesRegex(AccessError, "only invoicing users can change Post Invoices"):
                    self._as(user, self.contract).write({"invoice_auto_post": True})
        self.assertFalse(self.contract.invoice_auto_post)
        self._as(self.invoicing, self.contract).write({"invoice_auto_post": True})
        self.assertTrue(self.contract.invoice_auto_post)
        copy = self._as(self.dispatcher, self.contract).copy()
        self.assertRecordValues(copy, [{"state": "draft", "invoice_auto_post": False}])

    def test_a_contract_moves_only_into_a_company_of_the_user(self):
        other_company = self.env["res.company"].create({"name": "SCR Other Company"})
        with self.assertRaisesRegex(AccessError, "company you belong to"):
            self._as(self.dispatcher, self.draft).write({"company_id": other_company.id})
        self.assertEqual(self.draft.company_id, self.company)

    # Technicians read their customers' contracts

    def test_technicians_read_the_contracts_of_the_customers_they_serve(self):
        Contract = self.env["service.contract"].with_user(self.technician)
        Line = self.env["service.contract.line"].with_user(self.technician)
        self.assertEqual(Contract.search([]), self.contract | self.draft)
        self.assertEqual(Line.search([]), (self.contract | self.draft).line_ids)
        self.assertEqual(self._as(self.technician, self.contract).line_ids.product_id, self.service)
        with self.assertRaises(AccessError):
            self._as(self.technician, self.other_contract).read(["name"])
        with self.assertRaises(AccessError):
            self._as(self.technician, self.other_contract.line_ids).read(["name"])
        with self.assertRaises(AccessError):
            self._as(self.technician, self.contract).write({"auto_renew": False})
        self.env["intervention.appointment"].create(
            {
                "partner_id": self.other_customer.id,
                "date_start": "2026-03-03 08:00:00",
                "technician_ids": [Command.set(self.technician.ids)],
            }
        )
        self.assertEqual(Contract.search([]), self.contract | self.draft | self.other_contract)

    def test_dispatchers_and_invoicing_users_read_every_contract(self):
        everything = self.contract | self.other_contract | self.draft
        for user in (self.dispatcher, self.invoicing, self.manager):
            with self.subTest(user=user.login):
                self.assertEqual(
                    self.env["service.contract"].with_user(user).search([]) & everything,
                    everything,
                )
                self.assertEqual(
                    self.env["service.contract.line"].with_user(user).search([]) & everything.line_ids,
                    everything.line_ids,
                )

    # Invoiced periods

    def test_overlapping_periods_are_refused_by_the_database(self):
        self.contract._generate_invoices(date(2026, 1, 1))
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ExclusionViolation),
            self.cr.savepoint(),
        ):
            self.cr.execute(
                "INSERT INTO service_contract_invoice_period"
                " (contract_id, period_start, period_end, invoice_date)"
                " VALUES (%s, '2026-06-01', '2027-05-31', '2026-06-01')",
                [self.contract.id],
            )
        with self.assertRaisesRegex(ValidationError, "2026 to .*overlaps the period .*already invoiced"):
            self.env["service.contract.invoice.period"].create(
                {
                    "contract_id": self.contract.id,
                    "period_start": "2026-06-01",
                    "period_end": "2027-05-31",
                    "invoice_date": "2026-06-01",
                }
            )
        # Another contract may bill the same days.
        self.other_contract.action_confirm()
        self.other_contract._generate_invoices(date(2026, 1, 1))
        self.assertEqual(self.other_contract.invoice_period_ids.period_start, date(2026, 1, 1))

    def test_the_job_keeps_a_readable_error_for_an_overlap(self):
        self.contract._generate_invoices(date(2026, 1, 1))
        # A cursor moved back before the rules held: the job refuses to bill the days again.
        self.contract.next_period_start = date(2026, 7, 1)
        self.contract._run_scheduled_step(lambda contracts: contracts._generate_invoices(date(2026, 7, 1)))
        self.assertIn("overlaps the period", self.contract.last_error)
        self.assertEqual(len(self.contract.invoice_period_ids), 1)

    def test_users_do_not_record_or_change_invoiced_periods(self):
        self.contract._generate_invoices(date(2026, 1, 1))
        period = self.contract.invoice_period_ids
        Period = self.env["service.contract.invoice.period"]
        with self.assertRaisesRegex(UserError, "recorded by the contract's invoicing only"):
            Period.with_user(self.invoicing).create(
                {
                    "contract_id": self.other_contract.id,
                    "period_start": "2026-01-01",
                    "period_end": "2026-12-31",
                    "invoice_date": "2026-01-01",
                }
            )
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            period.with_user(self.invoicing).write({"period_start": "2025-01-01"})
        with self.assertRaisesRegex(UserError, "cancel the invoice before deleting the period"):
            period.with_user(self.accountant).unlink()
        period.move_id.button_cancel()
        period.with_user(self.accountant).unlink()
        self.assertFalse(self.contract.invoice_period_ids)

    # Deletion

    def test_a_running_or_invoiced_contract_is_not_deleted(self):
        with self.assertRaisesRegex(UserError, "is running"):
            self._as(self.manager, self.contract).unlink()
        self.contract._generate_invoices(date(2026, 1, 1))
        self.contract.action_cancel()
        with self.assertRaisesRegex(UserError, "invoiced periods or generated requests"):
            self._as(self.manager, self.contract).unlink()
        with self.assertRaises(AccessError):
            self._as(self.dispatcher, self.draft).unlink()
        self._as(self.manager, self.draft).unlink()
        self.assertFalse(self.draft.exists())

    # Lines and requests

    def test_a_line_stays_on_its_contract_and_ends_with_it(self):
        line = self._as(self.dispatcher, self.contract.line_ids)
        with self.assertRaisesRegex(UserError, "Contract.*cannot be changed"):
            line.write({"contract_id": self.draft.id})
        with self.assertRaisesRegex(UserError, "Company.*cannot be changed"):
            line.write({"company_id": self.env["res.company"].create({"name": "SCR Line Company"}).id})
        line.write({"quantity": 2.0})
        self.contract.action_close()
        with self.assertRaisesRegex(UserError, "closed or cancelled: its lines can no longer change"):
            line.write({"quantity": 3.0})
        with self.assertRaisesRegex(UserError, "closed or cancelled"):
            self.env["service.contract.line"].with_user(self.dispatcher).create(
                {"contract_id": self.contract.id, "product_id": self.service.id},
            )
        with self.assertRaisesRegex(UserError, "closed or cancelled"):
            line.unlink()
        self.assertEqual(self.contract.line_ids.quantity, 2.0)

    def test_only_the_contract_links_its_requests(self):
        self.contract.next_visit_date = date(2026, 1, 1)
        requests = self.contract._generate_requests(date(2026, 1, 1))
        self.assertTrue(requests)
        request = self._as(self.dispatcher, requests[0])
        with self.assertRaisesRegex(UserError, "Service Contract.*set by the contract"):
            request.write({"contract_id": self.other_contract.id})
        with self.assertRaisesRegex(UserError, "Contract Visit Date.*set by the contract"):
            request.write({"contract_visit_date": "2026-05-01"})
        with self.assertRaisesRegex(UserError, "set by the contract that generates it"):
            self.env["intervention.request"].with_user(self.dispatcher).create(
                {
                    "partner_id": self.customer.id,
                    "template_id": self.template.id,
                    "contract_id": self.contract.id,
                }
            )
        self.assertFalse(requests[0].copy().contract_id, "a copy is not a planned visit of the contract")

    def test_equipment_joins_a_contract_from_the_contract_only(self):
        salesman = new_test_user(self.env, "scr_salesman", groups="sales_team.group_sale_salesman")
        for user in (salesman, self.dispatcher):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "Contracts.*Covered"):
                self._as(user, self.equipment_2).write(
                    {"service_contract_ids": [Command.link(self.contract.id)]},
                )
        self.assertEqual(self.contract.equipment_ids, self.equipment)
        self._as(self.dispatcher, self.draft).write({"equipment_ids": [Command.link(self.equipment_2.id)]})
        self.assertEqual(self.equipment_2.service_contract_ids, self.draft)
