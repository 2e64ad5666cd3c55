"""The rules of appointments and requests hold for every caller: these are the calls the web
client makes over JSON-RPC (create, write, the buttons' methods), made as each user."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import FieldInterventionCase


@tagged("post_install", "-at_install")
class TestAppointmentServerRules(FieldInterventionCase):
    def _as(self, user, record):
        return record.with_user(user)

    def test_technician_cannot_write_state(self):
        appointment = self._create_appointment()
        appointment.action_confirm()
        for state in ("done", "in_progress", "cancelled", "draft"):
            with self.assertRaisesRegex(AccessError, "State"):
                self._as(self.technician, appointment).write({"state": state})
        self.assertEqual(appointment.state, "confirmed")

    def test_dispatcher_and_manager_cannot_write_state(self):
        appointment = self._create_appointment()
        for user in (self.dispatcher, self.manager):
            with self.assertRaisesRegex(AccessError, "State"):
                self._as(user, appointment).write({"state": "confirmed"})
        self.assertEqual(appointment.state, "draft")

    def test_technician_cannot_create_started_done_or_closed(self):
        for values in (
            {"state": "done"},
            {"state": "in_progress"},
            {"state": "confirmed"},
            {"state": "cancelled"},
        ):
            with self.assertRaises(UserError):
                self._create_appointment(user=self.technician, **values)
        with self.assertRaisesRegex(AccessError, "Closed"):
            self._create_appointment(user=self.technician, is_closed=True)
        with self.assertRaisesRegex(AccessError, "Timer"):
            self._create_appointment(user=self.technician, timer_start="2030-03-04 09:00:00")
        self.assertFalse(self.env["intervention.appointment"].search([("partner_id", "=", self.customer.id)]))

    def test_context_defaults_of_system_fields_are_ignored(self):
        Appointment = self.env(user=self.technician)["intervention.appointment"].with_context(
            default_state="done",
            default_is_closed=True,
            default_report_sent_date="2030-01-01 00:00:00",
        )
        appointment = Appointment.create(
            {
                "partner_id": self.customer.id,
                "template_id": self.template.id,
                "date_start": self.start,
            }
        )
        self.assertEqual(appointment.state, "draft")
        self.assertFalse(appointment.is_closed)
        self.assertFalse(appointment.report_sent_date)

    def test_dispatcher_creates_confirmed_appointment(self):
        appointment = self._create_appointment(user=self.dispatcher, state="confirmed")
        self.assertEqual(appointment.state, "confirmed")
        with self.assertRaisesRegex(UserError, "cannot go from Draft to Done"):
            self._create_appointment(user=self.dispatcher, state="done")

    def test_system_fields_refused_to_every_user(self):
        appointment = self._create_appointment()
        appointment.action_confirm()
        attachment = self.env["ir.attachment"].create({"name": "fake.pdf", "raw": b"%PDF-1.4"})
        probes = {
            "report_sent_date": "2030-03-04 10:00:00",
            "report_attachment_id": attachment.id,
            "access_token": "guessable",
            "signed_on": "2030-03-04 10:00:00",
            "timer_start": "2030-03-04 09:00:00",
            "timer_pause": "2030-03-04 09:30:00",
            "name": "TRAM/99999",
        }
        for user in (self.technician, self.dispatcher, self.manager):
            for field_name, value in probes.items():
                with self.subTest(user=user.login, field=field_name), self.assertRaises(AccessError):
                    self._as(user, appointment).write({field_name: value})
        self.assertFalse(appointment.report_sent_date or appointment.report_attachment_id)

    def test_system_fields_refused_on_closed_appointment(self):
        appointment = self._create_appointment()
        appointment.action_confirm()
        appointment.with_user(self.manager).action_close()
        with self.assertRaisesRegex(AccessError, "Report Sent On"):
            self._as(self.technician, appointment).write({"report_sent_date": "2030-03-04 10:00:00"})
        with self.assertRaisesRegex(AccessError, "Closed"):
            self._as(self.technician, appointment).write({"is_closed": False})
        self.assertTrue(appointment.is_closed)

    def test_technician_cannot_change_technicians(self):
        appointment = self._create_appointment()
        tech = self._as(self.technician, appointment)
        for command in (
            [Command.link(self.technician_2.id)],
            [Command.unlink(self.technician.id)],
            [Command.set(self.technician_2.ids)],
        ):
            with self.assertRaisesRegex(AccessError, "Technicians"):
                tech.write({"technician_ids": command})
        self.assertEqual(appointment.technician_ids, self.technician)
        with self.assertRaisesRegex(AccessError, "Technicians"):
            self._create_appointment(
                user=self.technician,
                technician_ids=[Command.set((self.technician | self.technician_2).ids)],
            )
        # The dispatcher plans whom they want.
        self._as(self.dispatcher, appointment).write({"technician_ids": [Command.link(self.technician_2.id)]})
        self.assertEqual(appointment.technician_ids, self.technician | self.technician_2)

    def test_technician_creates_own_appointment(self):
        appointment = self.env(user=self.technician)["intervention.appointment"].create(
            {
                "partner_id": self.customer.id,
                "template_id": self.template.id,
                "date_start": self.start,
            }
        )
        self.assertEqual(appointment.technician_ids, self.technician)
        self.assertEqual(appointment.state, "draft")

    def test_technician_cannot_move_to_another_company(self):
        other = self.env["res.company"].create({"name": "Other Installer"})
        self.technician.company_ids |= other
        appointment = self._create_appointment()
        with self.assertRaisesRegex(AccessError, "Company"):
            self._as(self.technician, appointment).write({"company_id": other.id})
        self.assertEqual(appointment.company_id, self.company)
        foreign = self.env["res.company"].create({"name": "Foreign Installer"})
        with self.assertRaisesRegex(AccessError, "Company"):
            self._create_appointment(user=self.dispatcher, company_id=foreign.id)

    def test_technician_cannot_link_a_request(self):
        request = self._create_request()
        appointment = self._create_appointment()
        with self.assertRaisesRegex(AccessError, "Request"):
            self._as(self.technician, appointment).write({"request_id": request.id})
        self.assertEqual(request.state, "to_schedule")

    def test_buttons_still_go_through_as_technician(self):
        appointment = self._create_appointment()
        appointment.with_user(self.dispatcher).action_confirm()
        tech = self._as(self.technician, appointment)
        tech.action_start()
        self.assertEqual(appointment.state, "in_progress")
        tech.write({"work_summary": "<p>Swept</p>", "actual_duration": 1.0})
        tech.action_finish()
        self.assertEqual(appointment.state, "done")
        with self.assertRaises(UserError):
            tech.action_start()
        with self.assertRaisesRegex(UserError, "Edit Done Appointments"):
            tech.action_back_to_confirmed()
        with self.assertRaisesRegex(UserError, "managers"):
            tech.action_close()

    def test_finish_needs_start_when_time_tracking_required(self):
        self.company.intervention_time_tracking_required = True
        appointment = self._create_appointment()
        appointment.action_confirm()
        tech = self._as(self.technician, appointment)
        with self.assertRaisesRegex(UserError, "press Start first"):
            tech.action_finish()
        with self.assertRaises(AccessError):
            tech.write({"state": "done"})
        self.assertEqual(appointment.state, "confirmed")


@tagged("post_install", "-at_install")
class TestRequestServerRules(FieldInterventionCase):
    def test_resolution_only_through_buttons(self):
        request = self._create_request()
        for user in (self.dispatcher, self.manager):
            with self.assertRaisesRegex(AccessError, "Resolution"):
                request.with_user(user).write({"resolution": "done"})
            with self.assertRaisesRegex(AccessError, "State"):
                request.with_user(user).write({"state": "done"})
        with self.assertRaisesRegex(AccessError, "Resolution"):
            self.env(user=self.dispatcher)["intervention.request"].create(
                {
                    "partner_id": self.customer.id,
                    "template_id": self.template.id,
                    "date_start": "2030-03-01",
                    "date_end": "2030-03-15",
                    "resolution": "done",
                }
            )
        self.assertEqual(request.state, "to_schedule")
        request.with_user(self.dispatcher).action_cancel()
        self.assertEqual(request.state, "cancelled")
        request.with_user(self.dispatcher).action_reset()
        self.assertEqual(request.state, "to_schedule")

    def test_mark_done_checks_run_for_every_caller(self):
        request = self._create_request()
        with self.assertRaisesRegex(UserError, "no appointment"):
            request.with_user(self.dispatcher).action_mark_done()
        with self.assertRaises(AccessError):
            request.with_user(self.technician).action_cancel()
        self.assertEqual(request.state, "to_schedule")


@tagged("post_install", "-at_install")
class TestAppointmentPortalFields(FieldInterventionCase):
    def test_portal_reads_only_what_the_portal_shows(self):
        portal = self.env["res.users"].create(
            {
                "name": "Jeanne Portal",
                "login": "fi_portal_rules",
                "partner_id": self.customer.id,
                "group_ids": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        appointment = self._create_appointment(instructions="<p>Key under the mat</p>")
        appointment.action_confirm()
        as_portal = appointment.with_user(portal)
        self.assertEqual(as_portal.read(["name", "state", "date_start"])[0]["state"], "confirmed")
        for field_name in ("instructions", "timer_start", "survey_user_input_id", "report_attachment_id"):
            with self.subTest(field=field_name), self.assertRaises(AccessError):
                as_portal.read([field_name])
        with self.assertRaises(AccessError):
            as_portal.search([("instructions", "ilike", "mat")])
