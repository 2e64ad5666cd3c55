from odoo import models


class InstalledEquipment(models.Model):
    _inherit = "installed.equipment"

    def _get_intervention_billing_lines(self):
        """Billing lines of the equipment's requests and appointments, with their families."""
        self.ensure_one()
        equipment = self.sudo()
        lines = (
            equipment.intervention_request_ids.billing_line_ids
            | equipment.intervention_appointment_ids.billing_line_ids
        )
        return lines._get_billing_family()

    def _get_sale_orders(self):
        lines = self._get_intervention_billing_lines()
        orders = lines._get_active_sale_lines().order_id.sudo(False)
        return super()._get_sale_orders() | orders

    def _get_invoices(self):
        lines = self._get_intervention_billing_lines()
        moves = lines.invoice_line_ids.move_id | lines._get_active_sale_lines().order_id.invoice_ids
        invoices = moves.filtered(lambda move: move.is_sale_document()).sudo(False)
        return super()._get_invoices() | invoices
