from odoo import Command, fields
from odoo.addons.installed_base.tests.common import EnglishCase
from odoo.tests import HttpCase, new_test_user, tagged

from .common import TECHNICIAN


@tagged("post_install", "-at_install")
class TestTimerUi(EnglishCase, HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_live_timer_on_a_phone(self):
        self.env.company.intervention_time_tracking = "timer"
        technician = new_test_user(self.env, "fi_timer_tech", groups=TECHNICIAN, password="fi_timer_tech")
        customer = self.env["res.partner"].create({"name": "Timer Client", "zip": "33000"})
        appointment = self.env["intervention.appointment"].create(
            {
                "partner_id": customer.id,
                "date_start": fields.Datetime.now().replace(second=0, microsecond=0),
                "technician_ids": [Command.set(technician.ids)],
                "state": "confirmed",
            }
        )
        self.start_tour(
            "/odoo/action-field_intervention.intervention_appointment_action_my_day",
            "field_intervention_timer",
            login="fi_timer_tech",
        )
        self.assertEqual(appointment.state, "in_progress")
        self.assertTrue(appointment.timer_start)
        self.assertFalse(appointment.timer_pause)
