from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DISPATCHER, TECHNICIAN


@tagged("post_install", "-at_install")
class TestSlotFinderUi(HttpCase):
    browser_size = "1366x768"

    def test_dispatcher_books_the_first_free_slot(self):
        new_test_user(self.env, "fi_slot_dispatcher", groups=DISPATCHER, password="fi_slot_dispatcher")
        technician = new_test_user(self.env, "fi_slot_tech", groups=TECHNICIAN, name="Slot Technician")
        task = self.env["intervention.task"].create({
            "name": "Slot sweeping", "technician_ids": [Command.set(technician.ids)],
        })
        customer = self.env["res.partner"].create({"name": "Slot Client", "zip": "99999"})
        request = self.env["intervention.request"].create({
            "partner_id": customer.id,
            "task_id": task.id,
            "date_start": fields.Date.today(),
            "date_end": fields.Date.today(),
        })
        self.start_tour(
            f"/odoo/action-field_intervention.intervention_request_action/{request.id}",
            "field_intervention_slot_finder", login="fi_slot_dispatcher",
        )
        self.assertEqual(request.state, "scheduled")
        self.assertEqual(request.appointment_ids.technician_ids, technician)
        self.assertEqual(request.appointment_ids.state, "confirmed")
