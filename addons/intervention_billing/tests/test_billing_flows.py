from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import InterventionBillingCase


@tagged("post_install", "-at_install")
class TestBillingFlows(InterventionBillingCase):
    def _schedule(self, request, **values):
        """An appointment made with "Schedule": the request's defaults, as the form gets them."""
        context = request.action_schedule()["context"]
        return (
            self.env["intervention.appointment"]
            .with_context(**context)
            .create(
                {
                    "date_start": self.start,
                    **values,
                }
            )
        )

    def _credit_note(self, invoice):
        wizard = (
            self.env["account.move.reversal"]
            .with_context(
                active_model="account.move",
                active_ids=invoice.ids,
            )
            .create({"journal_id": invoice.journal_id.id, "reason": "Refund"})
        )
        return self.env["account.move"].browse(wizard.refund_moves()["res_id"])

    def test_create_quotation_from_request(self):
        request = self._create_request(
            lines=[(self.product_installation, 1), (self.product_service, 2, 90.0)],
        )
        action = request.action_create_quotation()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.partner_id, self.customer_a)
        self.assertEqual(order.origin, request.name)
        self.assertEqual(order.order_line.mapped("price_unit"), [175.0, 90.0])
        self.assertEqual(order.order_line.intervention_billing_line_ids, request.billing_line_ids)
        self.assertEqual(order.amount_total, request.amount_total)
        self.assertEqual(set(request.billing_line_ids.mapped("billing_state")), {"quoted"})
        self.assertEqual(request.billing_sale_order_count, 1)
        self.assertEqual(order.intervention_request_count, 1)
        # Odoo's normal flow goes on: confirm, invoice; the lines are then invoiced.
        order.action_confirm()
        invoice = order._create_invoices()
        request.invalidate_recordset(["billing_invoice_count"])
        self.assertEqual(set(request.billing_line_ids.mapped("billing_state")), {"invoiced"})
        self.assertEqual(request.billing_invoice_count, 1)
        self.assertEqual(invoice.intervention_request_count, 1)

    def test_create_invoice_from_request(self):
        request = self._create_request(lines=[(self.product_installation, 1)])
        action = request.action_create_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.partner_id, self.customer_a)
        self.assertEqual(invoice.invoice_origin, request.name)
        self.assertEqual(invoice.amount_untaxed, 175.0)
        self.assertEqual(invoice.amount_total, request.amount_total)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, self.tax_5_5)
        self.assertEqual(invoice.invoice_line_ids.intervention_billing_line_ids, request.billing_line_ids)
        self.assertEqual(request.billing_line_ids.billing_state, "invoiced")
        self.assertEqual(request.billing_invoice_count, 1)
        self.assertEqual(invoice.intervention_request_count, 1)
        # The equipment's invoice counter of installed_base includes it.
        equipment = self.env["installed.equipment"].create(
            {
                "partner_id": self.customer_a.id,
                "product_id": self.product_installation.id,
            }
        )
        request.equipment_id = equipment
        self.assertEqual(equipment._get_invoices(), invoice)
        self.assertEqual(equipment.invoice_count, 1)

    def test_schedule_carries_lines_to_the_appointment(self):
        request = self._create_request(
            lines=[(self.product_installation, 1), (self.product_service, 1, 80.0)],
        )
        appointment = self._schedule(request)
        self.assertEqual(len(appointment.billing_line_ids), 2)
        self.assertEqual(appointment.billing_line_ids.origin_line_id, request.billing_line_ids)
        self.assertEqual(appointment.billing_line_ids.mapped("price_unit"), [175.0, 80.0])
        self.assertFalse(appointment.billing_line_ids.request_id)
        self.assertEqual(len(request.billing_line_ids), 2, "the copies do not show on the request")
        self.assertEqual(appointment.amount_total, request.amount_total)
        # Made by code from a request, an appointment gets the lines too.
        other = self._create_appointment(request_id=request.id)
        self.assertEqual(other.billing_line_ids.origin_line_id, request.billing_line_ids)

    def test_generate_invoices_for_three_customers(self):
        appointments = self.env["intervention.appointment"]
        for customer in (self.customer_a, self.customer_a, self.customer_b, self.customer_c):
            appointments |= self._create_appointment(partner_id=customer.id)
        action = appointments.action_generate_invoices()
        invoices = self.env["account.move"].search(action["domain"])
        self.assertEqual(len(invoices), 3)
        self.assertEqual(invoices.partner_id, self.customer_a | self.customer_b | self.customer_c)
        invoice_a = invoices.filtered(lambda move: move.partner_id == self.customer_a)
        self.assertEqual(len(invoice_a.invoice_line_ids), 2)
        self.assertEqual(
            sorted(invoice_a.invoice_line_ids.mapped("name")),
            sorted(
                f"{appointment.name} - {appointment.billing_line_ids.name}"
                for appointment in appointments[:2]
            ),
        )
        self.assertEqual(set(appointments.billing_line_ids.mapped("billing_state")), {"invoiced"})
        self.assertEqual(appointments[0].billing_invoice_count, 1)
        self.assertEqual(invoice_a.intervention_appointment_count, 2)
        origin_note = invoice_a.message_ids.filtered(lambda message: "created from" in message.body)
        self.assertEqual(len(origin_note), 1, "the invoice says where it comes from")
        self.assertIn(appointments[0].name, origin_note.body)
        self.assertIn(appointments[1].name, origin_note.body)

    def test_nothing_to_bill_names_only_the_first_documents(self):
        appointments = self.env["intervention.appointment"]
        for _index in range(7):
            appointments |= self._create_appointment(billing_line_ids=[])
        self.assertFalse(appointments.billing_line_ids)
        with self.assertRaisesRegex(UserError, "Nothing to bill") as caught:
            appointments.action_generate_invoices()
        message = str(caught.exception)
        self.assertIn(appointments[0].name, message)
        self.assertNotIn(appointments[6].name, message)
        self.assertIn("…", message)

    def test_generate_invoices_bills_actual_and_travel_time(self):
        appointment = self._create_appointment(
            template_id=self.template_timed.id,
            actual_duration=1.5,
            travel_duration=0.5,
        )
        action = appointment.action_generate_invoices()
        invoice = self.env["account.move"].browse(action["res_id"])
        quantities = {line.product_id: line.quantity for line in invoice.invoice_line_ids}
        self.assertEqual(
            quantities,
            {
                self.product_service: 1.0,
                self.product_labour: 1.5,
                self.product_travel: 0.5,
            },
        )
        self.assertAlmostEqual(invoice.amount_untaxed, 100.0 + 90.0 + 20.0)
        self.assertEqual(
            sorted(appointment.billing_line_ids.mapped("time_type"), key=str),
            [False, "actual", "travel"],
        )

    def test_double_billing_refused_request_then_request(self):
        request = self._create_request(lines=[(self.product_installation, 1)])
        invoice = self.env["account.move"].browse(request.action_create_invoice()["res_id"])
        with self.assertRaisesRegex(UserError, "already billed") as error:
            request.action_create_invoice()
        self.assertIn("Installation flat rate", str(error.exception))
        self.assertIn(f"#{invoice.id}", str(error.exception))
        with self.assertRaisesRegex(UserError, "already billed"):
            request.action_create_quotation()

    def test_double_billing_refused_quotation_then_appointment(self):
        request = self._create_request(lines=[(self.product_installation, 1)])
        appointment = self._schedule(request)
        order = self.env["sale.order"].browse(request.action_create_quotation()["res_id"])
        self.assertEqual(appointment.billing_line_ids.billing_state, "quoted")
        with self.assertRaisesRegex(UserError, order.name):
            appointment.action_generate_invoices()
        with self.assertRaisesRegex(UserError, order.name):
            request.action_create_invoice()
        # Cancelling the quotation frees the lines.
        order.action_cancel()
        self.assertEqual(appointment.billing_line_ids.billing_state, "to_bill")
        appointment.action_generate_invoices()
        self.assertEqual(request.billing_line_ids.billing_state, "invoiced")

    def test_double_billing_refused_appointment_then_request(self):
        request = self._create_request(lines=[(self.product_installation, 1)])
        appointment = self._schedule(request)
        appointment.action_generate_invoices()
        self.assertEqual(request.billing_line_ids.billing_state, "invoiced")
        for action in (
            request.action_create_invoice,
            request.action_create_quotation,
            appointment.action_generate_invoices,
        ):
            with self.assertRaisesRegex(UserError, "already billed"):
                action()
        # A second appointment of the same request does not bill the lines again either.
        second = self._schedule(request)
        with self.assertRaisesRegex(UserError, "already billed"):
            second.action_generate_invoices()

    def test_new_line_billed_alone_after_first_invoice(self):
        request = self._create_request(lines=[(self.product_installation, 1)])
        request.action_create_invoice()
        request.billing_line_ids = [Command.create({"product_id": self.product_service.id})]
        invoice = self.env["account.move"].browse(request.action_create_invoice()["res_id"])
        self.assertEqual(invoice.invoice_line_ids.product_id, self.product_service)

    def test_billed_line_cannot_change_or_be_deleted(self):
        request = self._create_request(lines=[(self.product_installation, 1)])
        request.action_create_invoice()
        with self.assertRaisesRegex(UserError, "already billed"):
            request.billing_line_ids.quantity = 2
        with self.assertRaisesRegex(UserError, "already billed"):
            request.billing_line_ids.unlink()

    def test_credit_note_frees_lines(self):
        request = self._create_request(lines=[(self.product_installation, 1)])
        invoice = self.env["account.move"].browse(request.action_create_invoice()["res_id"])
        invoice.action_post()
        credit_note = self._credit_note(invoice)
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(
            credit_note.invoice_line_ids.intervention_billing_line_ids,
            request.billing_line_ids,
        )
        self.assertEqual(request.billing_line_ids.billing_state, "to_bill")
        new_invoice = self.env["account.move"].browse(request.action_create_invoice()["res_id"])
        self.assertNotEqual(new_invoice, invoice)
        self.assertEqual(request.billing_line_ids.billing_state, "invoiced")

    def test_cancelled_invoice_frees_lines(self):
        appointment = self._create_appointment()
        invoice = self.env["account.move"].browse(appointment.action_generate_invoices()["res_id"])
        invoice.button_cancel()
        self.assertEqual(appointment.billing_line_ids.billing_state, "to_bill")

    def test_deleted_quotation_and_draft_invoice_free_lines(self):
        request = self._create_request(lines=[(self.product_installation, 1)])
        order = self.env["sale.order"].browse(request.action_create_quotation()["res_id"])
        order.unlink()
        self.assertEqual(request.billing_line_ids.billing_state, "to_bill")
        invoice = self.env["account.move"].browse(request.action_create_invoice()["res_id"])
        invoice.unlink()
        self.assertEqual(request.billing_line_ids.billing_state, "to_bill")

    def test_done_and_closed_appointment_can_be_billed_and_priced(self):
        appointment = self._create_appointment()
        appointment.action_confirm()
        appointment._system_write({"state": "done"})
        appointment.action_close()
        appointment.write({"billing_line_ids": [Command.create({"product_id": self.product_labour.id})]})
        self.assertEqual(len(appointment.billing_line_ids), 2)
        invoice = self.env["account.move"].browse(appointment.action_generate_invoices()["res_id"])
        self.assertEqual(len(invoice.invoice_line_ids), 2)


@tagged("post_install", "-at_install")
class TestBillingMultiCompany(InterventionBillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.setup_other_company(name="Company 2")["company"]
        cls.env.user.company_ids |= cls.company_2
        cls.tax_company_2 = cls._create_sale_tax("VAT 10% C2", 10.0, company=cls.company_2)
        cls.product_service.sudo().taxes_id = [Command.set((cls.tax_20 | cls.tax_company_2).ids)]
        # Shared between the companies.
        task = cls.env["intervention.task"].create(
            {
                "name": "Shared service",
                "code": "TB_SHARED",
                "product_id": cls.product_service.id,
                "company_id": False,
            }
        )
        cls.template_shared = cls.env["intervention.template"].create(
            {
                "name": "Shared service",
                "code": "TBSH",
                "task_id": task.id,
                "company_id": False,
            }
        )

    def test_lines_and_taxes_of_the_appointment_company(self):
        companies = [self.company_2.id, self.company.id]
        env = self.env(context=dict(self.env.context, allowed_company_ids=companies))
        appointment = (
            env["intervention.appointment"]
            .with_company(self.company_2)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "template_id": self.template_shared.id,
                    "company_id": self.company_2.id,
                    "date_start": self.start,
                }
            )
        )
        line = appointment.billing_line_ids
        self.assertEqual(line.company_id, self.company_2)
        self.assertEqual(line.tax_ids, self.tax_company_2)
        self.assertEqual(appointment.currency_id, self.company_2.currency_id)
        invoice = env["account.move"].browse(appointment.action_generate_invoices()["res_id"])
        self.assertEqual(invoice.company_id, self.company_2)
        self.assertEqual(invoice.journal_id.company_id, self.company_2)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, self.tax_company_2)
        # A request of the first company keeps the first company's taxes.
        request = self._create_request()
        self.assertEqual(request.billing_line_ids.tax_ids, self.tax_20)
