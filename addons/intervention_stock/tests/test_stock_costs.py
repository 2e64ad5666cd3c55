from odoo.tests import tagged

from .common import InterventionStockCase


@tagged("post_install", "-at_install")
class TestStockCosts(InterventionStockCase):
    def test_parts_used_cost_their_standard_price(self):
        self.company.intervention_hourly_cost = 50.0
        self.gasket.standard_price = 4.0
        self.pellets.standard_price = 5.5
        appointment = self._create_parts_appointment(
            [(self.gasket, 3.0), (self.pellets, 2.0, self.pellet_lot), (self.product_service, 1.0)],
            actual_duration=1.0,
        )
        self.assertEqual(appointment.cost_parts, 0.0, "not used until the visit is done")
        appointment.with_user(self.technician).action_finish()
        self.env.flush_all()
        self.assertRecordValues(
            appointment,
            [{"cost_parts": 3 * 4.0 + 2 * 5.5, "cost_time": 50.0, "cost_total": 50.0 + 23.0}],
        )
        # A service line is no part: it has no cost of goods.
        self.assertEqual(len(appointment.billing_line_ids - appointment.part_line_ids), 1)
        self.gasket.standard_price = 6.0
        self.assertEqual(appointment.cost_parts, 23.0, "valued when the visit is done")
