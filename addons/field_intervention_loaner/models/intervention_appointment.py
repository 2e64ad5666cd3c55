from odoo import fields, models


class InterventionAppointment(models.Model):
    _inherit = "intervention.appointment"

    loan_ids = fields.One2many("installed.equipment.loan", "appointment_id", string="Loaners Lent")
    returned_loan_ids = fields.One2many(
        "installed.equipment.loan",
        "return_appointment_id",
        string="Loaners Returned",
    )

    def action_lend_loaner(self):
        self.ensure_one()
        return self.env["installed.equipment.loan"]._action_open_lend(self)

    def action_receive_loaner(self):
        """Receive the loaners out at this customer for this job (its request), or lent during
        this visit."""
        self.ensure_one()
        Loan = self.env["installed.equipment.loan"]
        loans = Loan.search(
            [
                ("state", "=", "lent"),
                "|",
                ("appointment_id", "=", self.id),
                "&",
                ("request_id", "!=", False),
                ("request_id", "=", self.request_id.id),
            ]
        ) or Loan.search([("state", "=", "lent"), ("partner_id", "=", self.partner_id.id)])
        return loans.action_open_receive(appointment=self)
