from datetime import date

from odoo.addons.service_contract.tests.common import ServiceContractCase
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged


class RenewalNoticeCase(ServiceContractCase):
    """A stove maintainer in France; a consumer's contract of 2026 that renews tacitly, 30 days of
    termination notice: the deadline to refuse the renewal is 1 December 2026, the legal window of
    the notice 1 September - 1 November, and the notice goes out 45 days before the deadline, on
    17 October."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.fr")
        cls.company.email = "atelier@poeles.example.com"
        cls.company.renewal_notice_days = 45
        cls.customer.email = "jeanne.martin@example.com"
        with freeze_time("2026-01-01 10:00:00"):
            cls.contract = cls._create_contract(invoice_period="year", invoice_mode="advance")
            cls.contract.action_confirm()

    def _notices(self, contract=None):
        return (contract or self.contract).message_ids.filtered(lambda m: "renewal on" in (m.subject or ""))

    def _cron_at(self, moment):
        with freeze_time(moment):
            self._run_cron("_cron_send_renewal_notices")


@tagged("post_install", "-at_install")
class TestRenewalNotice(RenewalNoticeCase):
    def test_which_contracts_need_it(self):
        self.assertTrue(self.contract.renewal_notice_required)
        self.assertEqual(self.contract.renewal_notice_deadline, date(2026, 12, 1))
        self.assertEqual(self.contract.renewal_notice_send_date, date(2026, 10, 17))
        business = self.env["res.partner"].create({"name": "Boulangerie SARL", "is_company": True})
        self.assertFalse(
            self._create_contract(partner_id=business.id, equipment_ids=[]).renewal_notice_required
        )
        self.assertFalse(self._create_contract(auto_renew=False).renewal_notice_required)
        marked = self._create_contract(partner_id=business.id, equipment_ids=[])
        marked.is_consumer = True
        self.assertTrue(marked.renewal_notice_required, "the consumer flag can be set by hand")
        self.company.country_id = self.env.ref("base.be")
        self.assertFalse(self.contract.renewal_notice_required, "French law, French companies")

    def test_sent_by_email_on_its_day_once(self):
        self._cron_at("2026-10-16 10:00:00")
        self.assertFalse(self.contract.renewal_notice_date)
        self.assertFalse(self._notices())
        self._cron_at("2026-10-17 10:00:00")
        self._cron_at("2026-10-18 10:00:00")
        notice = self._notices()
        self.assertEqual(len(notice), 1, "a second run sends nothing more")
        self.assertRecordValues(
            self.contract,
            [
                {
                    "renewal_notice_date": date(2026, 10, 17),
                    "renewal_notice_term_end": date(2026, 12, 31),
                    "renewal_notice_channel": "email",
                    "renewal_notice_pending": False,
                    "renewal_notice_missed": False,
                }
            ],
        )
        self.assertIn(self.customer, notice.partner_ids)
        body = str(notice.body)
        self.assertIn("You may refuse the renewal of your contract until", body)
        self.assertIn("12/01/2026", body)
        self.assertIn("01/01/2027", body, "the renewal's first day")
        self.assertIn("L215-1", body)
        self.assertIn("Terminate your contract", body)
        self.assertFalse(notice.attachment_ids, "the mail is the notice; the PDF is for letters")

    def test_the_notice_states_the_revised_price(self):
        self.contract.write({"revision_method": "percentage", "revision_percentage": 10.0})
        self._cron_at("2026-10-17 10:00:00")
        body = str(self._notices().body)
        self.assertIn("220.00", body, "200.00 revised by 10 % at the renewal")
        self.assertIn("+ 10.00 %", body)
        self.assertEqual(self.contract.line_ids.price_unit, 200.0, "the notice revises nothing")
        index = self.env["service.contract.price.index"].create({"name": "ICHT-IME"})
        self.contract.write(
            {"revision_method": "index", "revision_index_id": index.id, "revision_base_value": 100.0}
        )
        amount, formula = self.contract._get_renewal_price()
        self.assertEqual(
            amount, 200.0, "no value of the index yet: today's price, and how it will be revised"
        )
        self.assertIn("ICHT-IME", formula)
        self.env["service.contract.price.index.value"].create(
            {"index_id": index.id, "date": "2027-01-01", "value": 104.0}
        )
        self.assertEqual(self.contract._get_renewal_price(), (208.0, "\u00d7 104 / 100 = \u00d7 1.0400"))

    def test_the_company_day_counts_not_utc(self):
        # 23:30 UTC on 16 October is already 17 October in Paris.
        self._cron_at("2026-10-16 23:30:00")
        self.assertEqual(self.contract.renewal_notice_date, date(2026, 10, 17))

    def test_late_but_inside_the_window_still_sends(self):
        self._cron_at("2026-11-01 10:00:00")
        self.assertEqual(self.contract.renewal_notice_date, date(2026, 11, 1), "1 November: the last day")
        self.assertFalse(self.contract.renewal_notice_missed)

    def test_window_closed_flags_it_and_the_renewal_frees_the_customer(self):
        self._cron_at("2026-11-02 10:00:00")
        self.assertFalse(self._notices(), "too late: no notice sent")
        self.assertTrue(self.contract.renewal_notice_missed)
        self.assertFalse(self.contract.free_termination)
        self.assertIn("not sent by 11/01/2026", self.contract.message_ids[0].body)
        with freeze_time("2027-01-01 06:00:00"):
            self._run_cron("_cron_renew_contracts")
            self._run_cron("_cron_generate_invoices")
        self.assertEqual(self.contract.date_end, date(2027, 12, 31))
        self.assertTrue(self.contract.free_termination)
        self.assertFalse(self.contract.renewal_notice_missed, "the new term's notice is pending again")
        self.assertTrue(self.contract.renewal_notice_pending)
        # The 2027 year was invoiced in advance: ending on 10 March refunds 296 of its 365 days.
        invoice_2027 = self.contract.invoice_ids.filtered(lambda m: m.invoice_date == date(2027, 1, 1))
        invoice_2027.action_post()
        with freeze_time("2027-03-10 09:00:00"):
            self.assertEqual(self.contract._get_termination_date(date(2027, 3, 10)), date(2027, 3, 10))
            summary = self.contract.sudo()._portal_terminate(self.customer, None)
        self.assertTrue(summary["free"])
        self.assertEqual(self.contract.date_end, date(2027, 3, 10))
        refund = self.contract.termination_refund_id
        self.assertEqual(refund.reversed_entry_id, invoice_2027)
        self.assertAlmostEqual(refund.amount_untaxed, round(200 * 296 / 365, 2))

    def test_free_termination_days_after_the_renewal(self):
        # Ended 4 days into its renewed term: shorter than its 30 days of notice, and allowed.
        self._cron_at("2026-11-02 10:00:00")
        with freeze_time("2027-01-01 06:00:00"):
            self._run_cron("_cron_renew_contracts")
        with freeze_time("2027-01-04 09:00:00"):
            self.contract.sudo()._portal_terminate(self.customer, None)
        self.assertEqual(self.contract.date_end, date(2027, 1, 4))

    def test_renewed_after_the_notice_is_not_free(self):
        self._cron_at("2026-10-17 10:00:00")
        with freeze_time("2027-01-01 06:00:00"):
            self._run_cron("_cron_renew_contracts")
        self.assertFalse(self.contract.free_termination)
        self.assertTrue(self.contract.renewal_notice_pending, "the notice of the 2027 term")
        self.assertEqual(self.contract.renewal_notice_send_date, date(2027, 10, 17))
        self.assertEqual(self.contract._get_termination_date(date(2027, 3, 10)), date(2027, 12, 31))

    def test_without_email_a_letter_to_post(self):
        self.customer.email = False
        self._cron_at("2026-10-17 10:00:00")
        self.assertEqual(self.contract.renewal_notice_channel, "letter")
        self.assertEqual(self.contract.renewal_notice_date, date(2026, 10, 17))
        self.assertFalse(self._notices())
        activity = self.contract.activity_ids
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("l10n_fr_service_contract.mail_activity_type_renewal_notice_post"),
        )
        self.assertEqual(activity.date_deadline, date(2026, 10, 17))
        letter = self.env["ir.attachment"].search(
            [("res_model", "=", "service.contract"), ("res_id", "=", self.contract.id)]
        )
        self.assertEqual(len(letter), 1)
        self.assertTrue(letter.name.startswith("Renewal notice"))

    def test_leap_year_term(self):
        with freeze_time("2027-03-01 10:00:00"):
            contract = self._create_contract(
                date_start="2027-03-01", date_end="2028-02-29", termination_notice_days=0
            )
            contract.action_confirm()
        # Deadline 29 February 2028: the window runs 29 November 2027 - 29 January 2028.
        self.assertEqual(contract.renewal_notice_send_date, date(2028, 1, 15))
        self._cron_at("2028-01-29 12:00:00")
        self.assertEqual(contract.renewal_notice_date, date(2028, 1, 29))
        late = self._create_contract(
            date_start="2027-03-01", date_end="2028-02-29", termination_notice_days=0
        )
        with freeze_time("2027-03-01 10:00:00"):
            late.action_confirm()
        self._cron_at("2028-01-30 12:00:00")
        self.assertTrue(late.renewal_notice_missed)

    def test_notice_days_setting_checked_naming_the_field(self):
        for days in (30, 90):
            with self.assertRaisesRegex(ValidationError, "Renewal Notice Sent"):
                self.company.renewal_notice_days = days
        self.company.renewal_notice_days = 60
        self.assertEqual(self.contract.renewal_notice_send_date, date(2026, 10, 2))

    def test_notice_fields_are_the_contract_s_own(self):
        dispatcher = new_test_user(
            self.env, "fr_notice_dispatcher", groups="field_intervention.group_intervention_dispatcher"
        )
        for field, value in (("renewal_notice_date", "2026-10-01"), ("free_termination", True)):
            with self.assertRaisesRegex(Exception, "set by the contract itself"):
                self.contract.with_user(dispatcher).write({field: value})
        self.assertFalse(self.contract.renewal_notice_date)


@tagged("post_install", "-at_install")
class TestRenewalNoticePortal(HttpCase, RenewalNoticeCase):
    def test_contract_page_shows_the_deadline_then_the_free_termination(self):
        new_test_user(
            self.env,
            "fr_notice_owner",
            password="fr_notice_owner",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        self.authenticate("fr_notice_owner", "fr_notice_owner")
        page = self.url_open(f"/my/contracts/{self.contract.id}").text
        self.assertIn("You may refuse the renewal of this contract until", page)
        self.contract._write_system({"free_termination": True})
        page = self.url_open(f"/my/contracts/{self.contract.id}").text
        self.assertIn("You may end this contract at any time, free of charge", page)
        self.assertIn("Terminate your contract", page)
