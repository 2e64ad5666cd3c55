import re
from datetime import date
from unittest.mock import patch

from odoo.addons.field_intervention.tests.tour_screenshots import TourScreenshotMixin
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, freeze_time, new_test_user, tagged

from .common import ServiceContractCase


class TerminationCase(ServiceContractCase):
    """A yearly contract of 2026 with four visits, invoiced quarterly in advance (each quarter
    200 € + 20 % VAT), the customer with a portal account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.email = "office@stoves.example.com"
        cls.customer.email = "jeanne.martin@example.com"
        cls.portal_user = new_test_user(
            cls.env,
            "sc_terminate_owner",
            password="sc_terminate_owner",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.dispatcher = new_test_user(
            cls.env,
            "sc_terminate_dispatcher",
            groups="field_intervention.group_intervention_dispatcher,account.group_account_invoice",
        )
        cls.technician = new_test_user(
            cls.env, "sc_terminate_technician", groups="field_intervention.group_intervention_technician"
        )
        with freeze_time("2026-01-01 10:00:00"):
            cls.contract = cls._create_contract(
                visits_per_period=4,
                planning_horizon=280,
                invoice_period="quarter",
                invoice_mode="advance",
                user_id=cls.dispatcher.id,
            )
            cls.contract.action_confirm()
            cls.contract._generate_requests(date(2026, 1, 1))

    def _invoice_until(self, day):
        with freeze_time(f"{day} 10:00:00"):
            self._run_cron("_cron_generate_invoices")
        self.contract.invoice_ids.filtered(lambda m: m.state == "draft").action_post()
        return self.contract.invoice_ids


@tagged("post_install", "-at_install")
class TestTerminationRules(TerminationCase):
    def test_consumer_from_the_customer_and_changeable(self):
        self.assertTrue(self.contract.is_consumer, "a person is a consumer")
        business = self.env["res.partner"].create({"name": "Chauffage SARL", "is_company": True})
        contact = self.env["res.partner"].create({"name": "Luc", "parent_id": business.id})
        contract = self._create_contract(partner_id=contact.id, equipment_ids=[])
        self.assertFalse(contract.is_consumer, "a company's contact buys for the company")
        contract.is_consumer = True
        self.assertTrue(contract.is_consumer)

    def test_notice_days_checked_naming_the_field(self):
        with self.assertRaisesRegex(ValidationError, "Termination Notice"):
            self._create_contract(termination_notice_days=365)
        with self.assertRaisesRegex(ValidationError, "Termination Notice cannot be negative"):
            self._create_contract(termination_notice_days=-1)

    def test_end_date_by_the_notice(self):
        # Term 2026, notice 30 days: the deadline to refuse the renewal is 1 December.
        self.assertEqual(self.contract._get_non_renewal_deadline(), date(2026, 12, 1))
        self.assertEqual(self.contract._get_termination_date(date(2026, 6, 1)), date(2026, 12, 31))
        self.assertEqual(self.contract._get_termination_date(date(2026, 12, 1)), date(2026, 12, 31))
        # Too late for this term: it renews once more, then ends.
        self.assertEqual(self.contract._get_termination_date(date(2026, 12, 2)), date(2027, 12, 31))
        self.contract.auto_renew = False
        self.assertEqual(self.contract._get_termination_date(date(2026, 12, 20)), date(2026, 12, 31))

    @freeze_time("2026-06-15 09:00:00")
    def test_summary_before_confirming(self):
        summary = self.contract._get_termination_summary()
        self.assertEqual(summary["end_date"], date(2026, 12, 31))
        self.assertFalse(summary["free"])
        self.assertEqual(len(summary["visits_kept"]), 4, "every visit of the year is before the end")
        self.assertFalse(summary["visits_cancelled"])
        self.assertFalse(summary["refunds"])
        html = str(
            self.env["ir.qweb"]._render(
                "service_contract.contract_termination_summary",
                {"contract": self.contract, "summary": summary},
            )
        )
        self.assertIn("It will not be renewed.", html)
        self.assertIn("12/31/2026", html)


@tagged("post_install", "-at_install")
class TestTermination(TerminationCase):
    def test_portal_termination_records_cancels_and_acknowledges(self):
        self._invoice_until("2026-04-01")
        with (
            freeze_time("2026-05-20 09:00:00"),
            patch.object(type(self.contract), "_is_free_termination", return_value=True),
        ):
            contract = self.contract.with_user(self.portal_user).sudo()
            summary = contract._portal_terminate(self.portal_user.partner_id, "  Moving out  ")
        self.assertEqual(summary["end_date"], date(2026, 5, 20))
        self.assertRecordValues(
            self.contract,
            [
                {
                    "termination_date": date(2026, 5, 20),
                    "date_end": date(2026, 5, 20),
                    "auto_renew": False,
                    "termination_reason": "Moving out",
                    "termination_requested_by": self.customer.id,
                    "state": "running",
                }
            ],
        )
        # The visits of July and October are cancelled; January and April are kept.
        states = {str(r.contract_visit_date): r.state for r in self.contract.request_ids}
        self.assertEqual(states["2026-07-01"], "cancelled")
        self.assertEqual(states["2026-10-01"], "cancelled")
        self.assertNotEqual(states["2026-04-01"], "cancelled")
        # The quarter April-June was invoiced in advance: 41 of its 91 days are refunded.
        refund = self.contract.termination_refund_id
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "draft")
        self.assertEqual(refund.reversed_entry_id.invoice_date, date(2026, 4, 1))
        self.assertAlmostEqual(refund.amount_untaxed, round(200 * 41 / 91, 2))
        self.assertAlmostEqual(refund.amount_tax, round(refund.amount_untaxed * 0.2, 2))
        self.assertIn("refund of 45.05%", refund.invoice_line_ids.name)
        # The office's activity and the customer's acknowledgement with its PDF.
        activity = self.contract.activity_ids
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("service_contract.mail_activity_type_contract_termination"),
        )
        self.assertEqual(activity.user_id, self.dispatcher)
        self.assertIn(refund.display_name, activity.note)
        ack = self.contract.message_ids.filtered(
            lambda m: "Termination of your contract" in (m.subject or "")
        )
        self.assertEqual(len(ack), 1)
        self.assertIn(self.customer, ack.partner_ids)
        # The acknowledgement's PDF (rendered as HTML in tests, as Odoo does without
        # force_report_rendering).
        self.assertEqual(
            ack.attachment_ids.name, f"{self.contract.name.replace('/', '-')} - termination.html"
        )
        self.assertIn(b"Acknowledgement of your termination request", ack.attachment_ids.raw)
        self.assertIn("05/20/2026", str(ack.body))
        # Twice is refused, saying when it was asked.
        with self.assertRaisesRegex(UserError, "already requested"):
            self.contract.sudo()._portal_terminate(self.customer, None)

    def test_acknowledgement_pdf_content(self):
        with freeze_time("2026-06-15 09:00:00"):
            self.contract.sudo()._portal_terminate(self.customer, "Too expensive")
        html = str(
            self.env["ir.actions.report"]._render_qweb_html(
                "service_contract.action_report_contract_termination", self.contract.ids
            )[0]
        )
        self.assertIn("Acknowledgement of your termination request", html)
        self.assertIn("12/31/2026", html)
        self.assertIn("Too expensive", html)
        self.assertIn("Nothing was invoiced for the days after that date", html)

    def test_another_customer_cannot_terminate(self):
        with self.assertRaises(AccessError):
            self.contract.sudo()._portal_terminate(self.other_customer, None)
        self.assertFalse(self.contract.termination_requested_on)

    def test_reason_too_long_names_the_field_and_writes_nothing(self):
        with self.assertRaisesRegex(ValidationError, "Termination Reason"):
            self.contract.sudo()._portal_terminate(self.customer, "x" * 2001)
        self.assertFalse(self.contract.termination_requested_on)
        self.assertTrue(self.contract.auto_renew)

    def test_not_running_is_refused(self):
        draft = self._create_contract()
        with self.assertRaisesRegex(UserError, "not running"):
            draft.sudo()._portal_terminate(self.customer, None)

    def test_termination_fields_are_not_written_over_rpc(self):
        with self.assertRaisesRegex(UserError, "set by the contract itself"):
            self.contract.with_user(self.dispatcher).write({"termination_date": "2026-03-01"})
        with self.assertRaises(UserError):
            self.contract.with_user(self.portal_user).write({"termination_date": "2026-03-01"})
        self.assertFalse(self.contract.termination_date)

    @freeze_time("2026-12-10 09:00:00")
    def test_office_records_a_late_request(self):
        with self.assertRaises(AccessError):
            self.contract.with_user(self.technician).action_open_terminate()
        action = self.contract.with_user(self.dispatcher).action_open_terminate()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.dispatcher).with_context(**action["context"])
        )
        self.assertIn("has passed", wizard.summary_html)
        wizard.reason = "Letter of 9 December"
        wizard.partner_id = self.other_customer
        with self.assertRaisesRegex(ValidationError, "Termination Requested By must be the customer"):
            wizard.save().action_terminate()
        self.assertFalse(self.contract.termination_requested_on)
        wizard.partner_id = self.customer
        wizard.save().action_terminate()
        self.assertEqual(self.contract.termination_date, date(2027, 12, 31))
        self.assertEqual(self.contract.date_end, date(2027, 12, 31))
        self.assertIn("recorded by the office", " ".join(self.contract.message_ids.mapped("body")))
        with self.assertRaisesRegex(UserError, "already requested"):
            self.contract.with_user(self.dispatcher).action_open_terminate()

    def test_ends_at_its_date(self):
        with freeze_time("2026-06-15 09:00:00"):
            self.contract.sudo()._portal_terminate(self.customer, None)
        with freeze_time("2027-01-01 06:00:00"):
            self._run_cron("_cron_renew_contracts")
        self.assertEqual(self.contract.state, "closed")
        self.assertEqual(self.contract.date_end, date(2026, 12, 31))


@tagged("post_install", "-at_install")
class TestTerminationPortal(HttpCase, TerminationCase):
    def test_terminate_page_then_confirm(self):
        with freeze_time("2026-06-15 09:00:00"):
            self.authenticate("sc_terminate_owner", "sc_terminate_owner")
            page = self.url_open(f"/my/contracts/{self.contract.id}")
            self.assertIn("Terminate your contract", page.text)
            summary = self.url_open(f"/my/contracts/{self.contract.id}/terminate")
            self.assertEqual(summary.status_code, 200)
            self.assertIn("Your contract ends on", summary.text)
            self.assertIn("Confirm the termination", summary.text)
            self.assertFalse(self.contract.termination_requested_on, "showing the summary ends nothing")
            token = re.search(r'name="csrf_token" value="([^"]+)"', summary.text).group(1)
            done = self.url_open(
                f"/my/contracts/{self.contract.id}/terminate",
                data={"confirm": "1", "reason": "Sold the house", "csrf_token": token},
            )
        self.assertEqual(done.status_code, 200)
        self.assertIn("Your termination request is recorded", done.text)
        self.assertEqual(self.contract.termination_reason, "Sold the house")
        self.assertEqual(self.contract.termination_date, date(2026, 12, 31))
        # Once asked, the page no longer offers it.
        self.assertNotIn('o_sc_terminate"', self.url_open(f"/my/contracts/{self.contract.id}").text)

    def test_other_customer_is_sent_away(self):
        other = new_test_user(
            self.env,
            "sc_terminate_other",
            password="sc_terminate_other",
            groups="base.group_portal",
            partner_id=self.other_customer.id,
        )
        self.contract.message_subscribe(partner_ids=other.partner_id.ids)
        self.authenticate("sc_terminate_other", "sc_terminate_other")
        token = re.search(r'name="csrf_token" value="([^"]+)"', self.url_open("/my/account").text).group(1)
        response = self.url_open(
            f"/my/contracts/{self.contract.id}/terminate",
            data={"confirm": "1", "csrf_token": token},
        )
        self.assertNotIn("Terminate your contract", response.text)
        self.assertFalse(self.contract.termination_requested_on)


@tagged("post_install", "-at_install")
class TestTerminationTour(TourScreenshotMixin, HttpCase, TerminationCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_a_customer_terminates_online_on_a_phone_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["portal", "service_contract"], ["fr_FR"], overwrite=True
        )
        self.portal_user.lang = "fr_FR"
        self.customer.lang = "fr_FR"
        self.start_tour(
            f"/my/contracts/{self.contract.id}", "service_contract_terminate_fr", login="sc_terminate_owner"
        )
        self.assertEqual(self.contract.termination_reason, "Nous vendons la maison.")
        self.assertTrue(self.contract.termination_date)
        ack = self.contract.message_ids.filtered(
            lambda m: "Résiliation de votre contrat" in (m.subject or "")
        )
        self.assertEqual(len(ack), 1, "the acknowledgement, in French")
        self.assertIn("Nous accusons réception", str(ack.body))
