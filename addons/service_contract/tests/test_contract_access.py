from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ServiceContractCase

DISPATCHER = "field_intervention.group_intervention_dispatcher"
TECHNICIAN = "field_intervention.group_intervention_technician"


@tagged("post_install", "-at_install")
class TestContractAccess(ServiceContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._create_contract()
        cls.other_contract = cls._create_contract(
            partner_id=cls.other_customer.id,
            equipment_ids=[Command.set(cls.other_equipment.ids)],
        )
        (cls.contract | cls.other_contract).action_confirm()
        cls.portal_user = new_test_user(
            cls.env, "sc_portal", groups="base.group_portal", partner_id=cls.customer.id
        )
        cls.dispatcher = new_test_user(cls.env, "sc_dispatcher", groups=DISPATCHER)
        cls.technician = new_test_user(cls.env, "sc_technician", groups=TECHNICIAN)
        # Technicians read the contracts of the customers they serve.
        cls.env["intervention.appointment"].create(
            {
                "partner_id": cls.customer.id,
                "date_start": "2026-03-02 08:00:00",
                "technician_ids": [Command.set(cls.technician.ids)],
            }
        )

    def test_portal_customer_reads_only_their_contracts(self):
        Contract = self.env["service.contract"].with_user(self.portal_user)
        self.assertEqual(Contract.search([]), self.contract)
        self.assertEqual(self.contract.with_user(self.portal_user).line_ids.product_id, self.service)
        with self.assertRaises(AccessError):
            self.other_contract.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.contract.with_user(self.portal_user).write({"auto_renew": False})

    def test_dispatcher_manages_and_technician_reads(self):
        contract = (
            self.env["service.contract"]
            .with_user(self.dispatcher)
            .create(
                {
                    "partner_id": self.customer.id,
                    "template_id": self.template.id,
                }
            )
        )
        contract.action_confirm()
        self.assertEqual(contract.state, "running")
        self.assertEqual(self.contract.with_user(self.technician).name, self.contract.name)
        with self.assertRaises(AccessError):
            self.contract.with_user(self.technician).write({"auto_renew": False})

    def test_contracts_stay_in_their_company(self):
        other_company = self.env["res.company"].create({"name": "SC Other Company"})
        user = new_test_user(
            self.env,
            "sc_other_company",
            groups=DISPATCHER,
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        self.assertFalse(self.env["service.contract"].with_user(user).search([]))

    def test_equipment_of_another_customer_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "Covered Equipment"):
            self._create_contract(equipment_ids=[Command.set(self.other_equipment.ids)])

    def test_template_must_be_maintenance(self):
        template = self.template.copy(
            {"name": "Breakdown", "code": "SCBRK", "intervention_type": "after_sales"}
        )
        with self.assertRaisesRegex(ValidationError, "maintenance"):
            self._create_contract(template_id=template.id)


@tagged("post_install", "-at_install")
class TestContractPortal(HttpCase):
    def test_portal_pages_show_own_contracts(self):
        customer = self.env["res.partner"].create({"name": "Portal SC Customer"})
        stranger = self.env["res.partner"].create({"name": "Portal SC Stranger"})
        new_test_user(
            self.env,
            "sc_portal_http",
            password="sc_portal_http",
            groups="base.group_portal",
            partner_id=customer.id,
        )
        own, foreign = self.env["service.contract"].create(
            [
                {"partner_id": customer.id},
                {"partner_id": stranger.id},
            ]
        )
        (own | foreign).action_confirm()
        self.authenticate("sc_portal_http", "sc_portal_http")
        response = self.url_open("/my/contracts")
        self.assertEqual(response.status_code, 200)
        self.assertIn(own.name, response.text)
        self.assertNotIn(foreign.name, response.text)
        response = self.url_open(f"/my/contracts/{own.id}")
        self.assertIn(own.name, response.text)
        response = self.url_open(f"/my/contracts/{foreign.id}")
        self.assertNotIn(foreign.name, response.text)
        self.assertTrue(response.url.endswith("/my"))
