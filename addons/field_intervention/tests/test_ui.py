from odoo import Command, fields
from odoo.addons.installed_base.tests.common import EnglishCase
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DISPATCHER, TECHNICIAN
from .tour_screenshots import TourScreenshotMixin


@tagged("post_install", "-at_install")
class TestMyDayUi(EnglishCase, TourScreenshotMixin, HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_technician_starts_and_finishes_on_a_phone(self):
        self.env.company.intervention_time_tracking = "manual"
        technician = new_test_user(self.env, "fi_tour_tech", groups=TECHNICIAN, password="fi_tour_tech")
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Client",
                "street": "1 quai des Chartrons",
                "zip": "33000",
                "city": "Bordeaux",
                "phone": "+33 5 56 00 00 09",
            }
        )
        appointment = self.env["intervention.appointment"].create(
            {
                "partner_id": customer.id,
                # today's appointments stay in My Day once done (the late ones leave it)
                "date_start": fields.Datetime.now().replace(second=0, microsecond=0),
                "technician_ids": [Command.set(technician.ids)],
                "state": "confirmed",
            }
        )
        self.start_tour(
            "/odoo/action-field_intervention.intervention_appointment_action_my_day",
            "field_intervention_my_day",
            login="fi_tour_tech",
        )
        self.assertEqual(appointment.state, "done")
        self.assertEqual(appointment.actual_duration, 1.25)
        self.assertEqual(appointment.travel_duration, 0.75)

    def test_technician_visit_from_start_to_report_on_a_phone(self):
        """The whole visit in timer mode: start, timer running, report, signature, finish with the
        times typed, report sent."""
        self.env.company.intervention_time_tracking = "timer"
        technician = new_test_user(
            self.env,
            "fi_flow_tech",
            groups=TECHNICIAN,
            password="fi_flow_tech",
            name="Paul Chauffagiste",
        )
        template = self.env["intervention.template"].create(
            {
                "name": "Boiler service",
                "code": "FLOW",
                "report_send_mode": "mobile_manual",
            }
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Flow Client",
                "email": "flow.client@example.com",
                "street": "12 cours Victor Hugo",
                "zip": "33000",
                "city": "Bordeaux",
                "phone": "+33 5 56 00 00 12",
            }
        )
        appointment = self.env["intervention.appointment"].create(
            {
                "partner_id": customer.id,
                "template_id": template.id,
                "date_start": fields.Datetime.now().replace(second=0, microsecond=0),
                "technician_ids": [Command.set(technician.ids)],
                "state": "confirmed",
            }
        )
        self.start_tour(
            "/odoo/action-field_intervention.intervention_appointment_action_my_day",
            "field_intervention_technician_flow",
            login="fi_flow_tech",
        )
        self.assertEqual(appointment.state, "done")
        self.assertAlmostEqual(appointment.actual_duration, 80 / 60, msg="1:20 typed over the timer's time")
        self.assertAlmostEqual(appointment.travel_duration, 35 / 60)
        self.assertFalse(appointment.timer_start, "the timer is stopped")
        self.assertIn("burner cleaned", appointment.work_summary)
        self.assertEqual(appointment.signed_by, "Flow Client")
        self.assertTrue(appointment.signature)
        self.assertTrue(appointment.report_sent_date)
        sent = self.env["mail.message"].search(
            [
                ("model", "=", appointment._name),
                ("res_id", "=", appointment.id),
                ("message_type", "=", "comment"),
            ]
        )
        self.assertIn(customer, sent.partner_ids)
        self.assertTrue(sent.attachment_ids, "the report PDF is attached")

    def test_technician_fills_and_sends_the_report_on_a_phone(self):
        technician = new_test_user(
            self.env,
            "fi_tour_reporter",
            groups=TECHNICIAN,
            password="fi_tour_reporter",
            name="Paul Ramoneur",
        )
        survey = self.env["survey.survey"].create(
            {
                "title": "Stove check",
                "access_mode": "token",
                "questions_layout": "one_page",
                "question_and_page_ids": [
                    Command.create(
                        {"title": "Draught (Pa)", "question_type": "numerical_box", "sequence": 1}
                    ),
                    Command.create(
                        {
                            "title": "Flue condition",
                            "question_type": "simple_choice",
                            "sequence": 2,
                            "suggested_answer_ids": [
                                Command.create({"value": "Good"}),
                                Command.create({"value": "Dirty"}),
                            ],
                        }
                    ),
                ],
            }
        )
        template = self.env["intervention.template"].create(
            {
                "name": "Sweeping",
                "code": "TOURRAM",
                "report_send_mode": "mobile_manual",
                "survey_id": survey.id,
            }
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Jeanne Martin",
                "email": "jeanne.martin@example.com",
                "street": "3 rue du Port",
                "zip": "33000",
                "city": "Bordeaux",
            }
        )
        appointment = self.env["intervention.appointment"].create(
            {
                "partner_id": customer.id,
                "template_id": template.id,
                "date_start": fields.Datetime.now().replace(second=0, microsecond=0),
                "technician_ids": [Command.set(technician.ids)],
            }
        )
        appointment.sudo().state = "done"
        self.start_tour(
            f"/odoo/action-field_intervention.intervention_appointment_action/{appointment.id}",
            "field_intervention_report",
            login="fi_tour_reporter",
        )
        self.assertIn("door gasket", appointment.work_summary)
        self.assertEqual(appointment.signed_by, "Jeanne Martin")
        self.assertTrue(appointment.signature)
        self.assertTrue(appointment.signed_on)
        answer = appointment.sudo().survey_user_input_id
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.intervention_appointment_id, appointment)
        self.assertTrue(appointment.report_sent_date)
        sent = self.env["mail.message"].search(
            [
                ("model", "=", appointment._name),
                ("res_id", "=", appointment.id),
                ("message_type", "=", "comment"),
            ]
        )
        self.assertIn(customer, sent.partner_ids)
        self.assertTrue(sent.attachment_ids, "the report PDF is attached")


@tagged("post_install", "-at_install")
class TestDispatcherUi(EnglishCase, HttpCase):
    browser_size = "1366x768"

    def test_dispatcher_schedules_a_request(self):
        new_test_user(self.env, "fi_tour_dispatcher", groups=DISPATCHER, password="fi_tour_dispatcher")
        technician = new_test_user(self.env, "fi_tour_tech_2", groups=TECHNICIAN, name="Tour Technician")
        task = self.env["intervention.task"].create(
            {
                "name": "Tour sweeping",
                "technician_ids": [Command.set(technician.ids)],
            }
        )
        self.env["intervention.sector"].search([]).action_archive()
        self.env["intervention.sector"].create(
            {
                "name": "Tour sector",
                "zip_prefixes": "33",
                "technician_ids": [Command.set(technician.ids)],
            }
        )
        customer = self.env["res.partner"].create({"name": "Tour Dispatch Client", "zip": "33800"})
        request = self.env["intervention.request"].create(
            {
                "partner_id": customer.id,
                "task_id": task.id,
                "date_start": fields.Date.today(),
                "date_end": fields.Date.today(),
            }
        )
        self.start_tour(
            f"/odoo/action-field_intervention.intervention_request_action/{request.id}",
            "field_intervention_schedule_request",
            login="fi_tour_dispatcher",
        )
        self.assertEqual(request.state, "scheduled")
        self.assertEqual(request.appointment_ids.state, "confirmed")
        self.assertEqual(request.appointment_ids.technician_ids, technician)


@tagged("post_install", "-at_install")
class TestMyDayInFrench(HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_my_day_in_french_on_a_phone(self):
        self.env.company.intervention_time_tracking = "timer"
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["field_intervention"], ["fr_FR"], overwrite=True)
        technician = new_test_user(
            self.env,
            "fi_tour_tech_fr",
            groups=TECHNICIAN,
            password="fi_tour_tech_fr",
            lang="fr_FR",
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Client Français",
                "street": "5 place de la Bourse",
                "zip": "33000",
                "city": "Bordeaux",
                "phone": "+33 5 56 00 00 33",
            }
        )
        self.env["intervention.appointment"].create(
            {
                "partner_id": customer.id,
                "date_start": fields.Datetime.now().replace(second=0, microsecond=0),
                "technician_ids": [Command.set(technician.ids)],
                "state": "confirmed",
            }
        )
        self.start_tour(
            "/odoo/action-field_intervention.intervention_appointment_action_my_day",
            "field_intervention_my_day_fr",
            login="fi_tour_tech_fr",
        )
