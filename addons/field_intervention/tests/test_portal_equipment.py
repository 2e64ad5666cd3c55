from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import FieldInterventionCase


@tagged("post_install", "-at_install")
class TestPortalEquipment(FieldInterventionCase, HttpCase):
    """Jeanne Martin's unit (SN-1) on her customer account; Deux Poêles' units are not hers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The demo company offers requests on the portal: the tests set what they need.
        cls.company.write(
            {
                "intervention_portal_breakdown_template_id": False,
                "intervention_portal_maintenance_template_id": False,
                "intervention_portal_other_template_id": False,
            }
        )
        cls.portal_user = new_test_user(
            cls.env,
            "fi_portal_eq",
            groups="base.group_portal",
            password="fi_portal_eq",
            partner_id=cls.customer.id,
            name=cls.customer.name,
        )
        cls.warranty = cls.env["installed.equipment.warranty.type"].create(
            {"name": "Five years", "duration_months": 60}
        )
        cls.equipment.write({"installation_date": fields.Date.today(), "warranty_type_id": cls.warranty.id})
        now = fields.Datetime.now().replace(microsecond=0)
        cls.past, cls.older = (
            cls._create_appointment(equipment_id=cls.equipment.id, date_start=now - timedelta(days=days))
            for days in (30, 400)
        )
        cls.future = cls._create_appointment(
            equipment_id=cls.equipment.id, date_start=now + timedelta(days=20)
        )
        cls.cancelled = cls._create_appointment(
            equipment_id=cls.equipment.id, date_start=now + timedelta(days=5)
        )
        (cls.past | cls.older | cls.future).action_confirm()
        (cls.past | cls.older).sudo().write({"state": "done"})
        cls.cancelled.action_cancel()

    def test_a_customer_reads_only_their_units_over_rpc(self):
        Equipment = self.env["installed.equipment"].with_user(self.portal_user)
        self.assertEqual(Equipment.search([]), self.equipment)
        with self.assertRaises(AccessError):
            Equipment.browse(self.equipment_a.id).read(["serial_number"])
        with self.assertRaises(AccessError):
            Equipment.browse(self.equipment.id).write({"serial_number": "SN-FORGED"})

    def test_the_list_shows_the_units_with_their_visits(self):
        self.authenticate("fi_portal_eq", "fi_portal_eq")
        response = self.url_open("/my/equipment")
        self.assertEqual(response.status_code, 200)
        self.assertIn("SN-1", response.text)
        self.assertNotIn("SN-A", response.text)
        self.assertIn("Under warranty until", response.text)
        self.assertIn("Next visit", response.text)

    def test_the_unit_page_has_its_history_its_last_report_and_the_request_button(self):
        self.company.intervention_portal_breakdown_template_id = self.template
        self.authenticate("fi_portal_eq", "fi_portal_eq")
        response = self.url_open(f"/my/equipment/{self.equipment.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        for appointment in (self.past, self.older, self.future):
            self.assertIn(f"/my/interventions/{appointment.id}", page)
        self.assertNotIn(f"/my/interventions/{self.cancelled.id}", page, "cancelled visits are not history")
        self.assertLess(
            page.index(f"/my/interventions/{self.future.id}"),
            page.index(f"/my/interventions/{self.older.id}"),
        )
        last_report = page.split("o_fi_last_report")[1].split("</a>")[0]
        self.assertIn(f"/my/interventions/{self.past.id}", last_report, "the last done visit's report")
        self.assertIn("report_type=pdf", last_report)
        self.assertIn(f"/my/requests/new?equipment_id={self.equipment.id}", page)

    def test_a_unit_never_visited_has_no_report_and_no_request_button_without_kinds(self):
        unit = self.env["installed.equipment"].create(
            {"partner_id": self.customer.id, "product_id": self.product.id}
        )
        self.authenticate("fi_portal_eq", "fi_portal_eq")
        page = self.url_open(f"/my/equipment/{unit.id}").text
        self.assertNotIn("o_fi_last_report", page)
        self.assertNotIn("/my/requests/new", page, "the company offers no kind of request online")
        self.assertIn("No intervention yet.", page)

    def test_another_customers_unit_answers_404_and_visitors_log_in(self):
        self.assertIn("/web/login", self.url_open(f"/my/equipment/{self.equipment.id}").url)
        self.authenticate("fi_portal_eq", "fi_portal_eq")
        for unit_id in (self.equipment_a.id, 10**8):
            self.assertEqual(self.url_open(f"/my/equipment/{unit_id}").status_code, 404)

    def test_the_list_reads_the_visits_of_all_its_units_at_once(self):
        units = self.env["installed.equipment"].create(
            [{"partner_id": self.customer.id, "product_id": self.product.id} for _index in range(19)]
        )
        start = datetime.now().replace(microsecond=0) + timedelta(days=3)
        visits = self.env["intervention.appointment"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "equipment_id": unit.id,
                    "date_start": start,
                    "technician_ids": [Command.set(self.technician.ids)],
                }
                for unit in units
            ]
        )
        visits.action_confirm()
        self.authenticate("fi_portal_eq", "fi_portal_eq")
        self.url_open("/my/equipment")  # warm the caches
        # 15 queries measured: a search per unit would add 20.
        with self.assertQueryCount(__system__=18):
            self.assertEqual(self.url_open("/my/equipment").status_code, 200)
