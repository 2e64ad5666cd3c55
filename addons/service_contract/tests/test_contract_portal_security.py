from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestContractPortalSecurity(HttpCase):
    """The contract page reads the contract as superuser only after ``_document_check_access``:
    another customer, and a visitor without the contract's token, are turned away."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Portal SC Owner"})
        cls.stranger = cls.env["res.partner"].create({"name": "Portal SC Neighbour"})
        new_test_user(
            cls.env,
            "sc_sec_owner",
            password="sc_sec_owner",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        new_test_user(
            cls.env,
            "sc_sec_neighbour",
            password="sc_sec_neighbour",
            groups="base.group_portal",
            partner_id=cls.stranger.id,
        )
        cls.contract = cls.env["service.contract"].create({"partner_id": cls.customer.id})
        cls.contract.action_confirm()
        cls.page = f"/my/contracts/{cls.contract.id}"

    def test_other_customer_is_sent_away(self):
        self.authenticate("sc_sec_neighbour", "sc_sec_neighbour")
        response = self.url_open(self.page)
        self.assertNotIn(self.contract.name, response.text)
        self.assertTrue(response.url.endswith("/my"))
        self.assertNotIn(self.contract.name, self.url_open("/my/contracts").text)

    def test_visitor_needs_the_contract_token(self):
        for url in (self.page, f"{self.page}?access_token=wrong"):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 303, url)
            self.assertNotIn(self.contract.name, response.text, url)
        response = self.url_open("/my/contracts", allow_redirects=False)
        self.assertIn("/web/login", response.headers["Location"])
        token = self.contract.sudo()._portal_ensure_token()
        response = self.url_open(f"{self.page}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.contract.name, response.text)

    def test_owner_reads_the_page(self):
        self.authenticate("sc_sec_owner", "sc_sec_owner")
        response = self.url_open(self.page)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.contract.name, response.text)
