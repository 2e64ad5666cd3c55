from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import DISPATCHER, TECHNICIAN, FieldInterventionCase


@tagged("post_install", "-at_install")
class TestAccess(FieldInterventionCase):
    def test_technician_reads_only_own_appointments(self):
        mine = self._create_appointment()
        theirs = self._create_appointment(technician_ids=[Command.set(self.technician_2.ids)])
        Appointment = self.env["intervention.appointment"].with_user(self.technician)
        self.assertEqual(Appointment.search([("id", "in", (mine | theirs).ids)]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.technician).read(["name"])
        with self.assertRaises(AccessError):
            theirs.with_user(self.technician).write({"travel_duration": 1})

    def test_dispatcher_reads_all_appointments(self):
        appointments = self._create_appointment() | self._create_appointment(
            technician_ids=[Command.set(self.technician_2.ids)],
        )
        found = (
            self.env["intervention.appointment"]
            .with_user(self.dispatcher)
            .search(
                [("id", "in", appointments.ids)],
            )
        )
        self.assertEqual(found, appointments)
        found[1].with_user(self.dispatcher).travel_duration = 0.25

    def test_technician_reads_requests_but_cannot_change_them(self):
        request = self._create_request()
        self.assertEqual(request.with_user(self.technician).read(["name"])[0]["name"], request.name)
        with self.assertRaises(AccessError):
            request.with_user(self.technician).write({"priority": "3"})
        with self.assertRaises(AccessError):
            self.env["intervention.request"].with_user(self.technician).create(
                {
                    "partner_id": self.customer.id,
                    "task_id": self.task.id,
                    "date_end": "2030-03-10",
                }
            )

    def test_technician_creates_own_appointment(self):
        appointment = (
            self.env["intervention.appointment"]
            .with_user(self.technician)
            .create(
                {
                    "partner_id": self.customer.id,
                    "date_start": self.start,
                    "template_id": self.template.id,
                }
            )
        )
        self.assertEqual(appointment.technician_ids, self.technician, "the technician is put on it")

    def test_technician_cannot_configure(self):
        with self.assertRaises(AccessError):
            self.template.with_user(self.technician).write({"duration": 2})
        with self.assertRaises(AccessError):
            self.template.with_user(self.dispatcher).write({"duration": 2})
        self.template.with_user(self.manager).write({"duration": 2})
        self.assertEqual(self.template.duration, 2)

    def test_technician_reads_equipment_form_data(self):
        appointment = self._create_appointment()
        equipment = appointment.with_user(self.technician).equipment_id
        values = equipment.read(["serial_number", "intervention_appointment_count"])[0]
        self.assertEqual(values["serial_number"], "SN-1")
        self.assertEqual(values["intervention_appointment_count"], 1)

    def test_multi_company_isolation(self):
        other_company = self.env["res.company"].create({"name": "Poêles du Sud"})
        other_customer = self.env["res.partner"].create(
            {
                "name": "Client Sud",
                "company_id": other_company.id,
            }
        )
        other_template = self.env["intervention.template"].create(
            {
                "name": "Sud",
                "code": "SUD",
                "company_id": other_company.id,
            }
        )
        dispatcher_other = new_test_user(
            self.env,
            "fi_dispatcher_sud",
            groups=DISPATCHER,
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        technician_both = new_test_user(
            self.env,
            "fi_tech_both",
            groups=TECHNICIAN,
            company_id=other_company.id,
            company_ids=[Command.set((self.company | other_company).ids)],
        )
        theirs = (
            self.env["intervention.appointment"]
            .with_company(other_company)
            .create(
                {
                    "partner_id": other_customer.id,
                    "template_id": other_template.id,
                    "date_start": self.start,
                    "company_id": other_company.id,
                    "technician_ids": [Command.set(technician_both.ids)],
                }
            )
        )
        ours = self._create_appointment()
        request = self._create_request()
        self.assertEqual(theirs.name[:4], "SUD/")
        Appointment = self.env["intervention.appointment"].with_user(dispatcher_other)
        self.assertEqual(Appointment.search([("id", "in", (ours | theirs).ids)]), theirs)
        with self.assertRaises(AccessError):
            ours.with_user(dispatcher_other).read(["name"])
        with self.assertRaises(AccessError):
            request.with_user(dispatcher_other).read(["name"])
        self.assertNotIn(
            self.template,
            self.env["intervention.template"].with_user(dispatcher_other).search([]),
        )
        # An appointment cannot mix the companies of its records.
        with self.assertRaisesRegex(UserError, "belongs to company .*Sector"):
            self.env["intervention.appointment"].with_user(dispatcher_other).create(
                {
                    "partner_id": other_customer.id,
                    "template_id": other_template.id,
                    "date_start": self.start,
                    "sector_id": self.sector.id,
                    "company_id": other_company.id,
                }
            )
        # A technician of both companies sees their appointment only in the allowed companies.
        visible = (
            self.env["intervention.appointment"]
            .with_user(technician_both)
            .with_context(
                allowed_company_ids=self.company.ids,
            )
            .search([("id", "=", theirs.id)])
        )
        self.assertFalse(visible)
