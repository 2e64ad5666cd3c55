from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import tagged

from .common import InterventionStockCase


@tagged("post_install", "-at_install")
class TestStockPerformance(InterventionStockCase):
    def _make_appointments(self, count):
        Appointment = self.env["intervention.appointment"]
        appointments = Appointment.create(
            [
                {
                    "partner_id": self.customer_a.id,
                    "template_id": self.template.id,
                    "date_start": datetime(2030, 3, 4, 8, 0) + timedelta(hours=index),
                    "technician_ids": [Command.set(self.technician.ids)],
                    "billing_line_ids": [
                        Command.create({"product_id": self.gasket.id, "quantity": 1}),
                        Command.create(
                            {"product_id": self.pellets.id, "quantity": 2, "lot_id": self.pellet_lot.id}
                        ),
                        Command.create({"product_id": self.product_service.id, "quantity": 1}),
                    ],
                }
                for index in range(count)
            ]
        )
        appointments.action_confirm()
        self.env.flush_all()
        self.env.invalidate_all()
        return appointments

    def test_finishing_in_a_batch_costs_a_bounded_number_of_queries(self):
        # Measured here: 188 queries for 10 appointments with 3 lines (2 parts), 353 for 20 (about
        # 17 an appointment, most of them Odoo's own per move and per quant); the bounds leave
        # room for other addons' hooks, not for a loop of searches per part.
        small = self._make_appointments(10)
        with self.assertQueryCount(230):
            small._action_done()
        large = self._make_appointments(20)
        with self.assertQueryCount(420):
            large._action_done()
        self.assertEqual(set((small | large).picking_ids.mapped("state")), {"done"})
