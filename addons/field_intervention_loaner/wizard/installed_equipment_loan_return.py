from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..models.installed_equipment_loan import CONDITIONS


class InstalledEquipmentLoanReturn(models.TransientModel):
    _name = "installed.equipment.loan.return"
    _description = "Receive a Loaner"

    loan_ids = fields.Many2many("installed.equipment.loan", string="Loans", required=True)
    appointment_id = fields.Many2one("intervention.appointment", string="During")
    date_returned = fields.Date(string="Returned On", required=True, default=fields.Date.context_today)
    condition_back = fields.Selection(CONDITIONS, required=True, default="good")
    note_back = fields.Text(string="Notes Back")

    @api.constrains("loan_ids")
    def _check_loans_out(self):
        for wizard in self:
            if returned := wizard.loan_ids.filtered(lambda loan: loan.state != "lent"):
                raise ValidationError(
                    self.env._(
                        "Loan %(loan)s is already returned.",
                        loan=returned[0].display_name,
                    )
                )

    def action_receive(self):
        self.ensure_one()
        self.loan_ids._receive(self.date_returned, self.condition_back, self.note_back, self.appointment_id)
        return {"type": "ir.actions.act_window_close"}
