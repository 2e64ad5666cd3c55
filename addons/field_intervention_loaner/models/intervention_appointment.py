from odoo import fields, models


class InterventionAppointment(models.Model):
    _inherit = "intervention.appointment"

    loan_ids = fields.One2many("installed.equipment.loan", "appointment_id", string="Loaners Lent")
    returned_loan_ids = fields.One2many(
        "installed.equipment.loan",
        "return_appointment_id",
        string="Loaners Returned",
    )

    has_loaner_out = fields.Boolean(
        string="Loaner Out",
        compute="_compute_has_loaner_out",
        help="A loaner is out at this customer for this job: Receive Loaner is offered.",
    )

    def _get_loans_out_domain(self):
        """Loans to receive on these appointments: lent during them, for their requests, or at
        their customers."""
        return [
            ("state", "=", "lent"),
            "|",
            "|",
            ("appointment_id", "in", self.ids),
            ("request_id", "in", self.request_id.ids),
            ("partner_id", "in", self.partner_id.ids),
        ]

    def _compute_has_loaner_out(self):
        loans = self.env["installed.equipment.loan"].sudo().search(self._get_loans_out_domain())
        for appointment in self:
            appointment.has_loaner_out = any(
                loan.appointment_id == appointment
                or (appointment.request_id and loan.request_id == appointment.request_id)
                or loan.partner_id == appointment.partner_id
                for loan in loans
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
