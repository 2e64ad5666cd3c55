from odoo import fields, models


class InterventionRequestDoneOverride(models.TransientModel):
    _name = "intervention.request.done.override"
    _description = "Mark a Request Done with a Loaner Out"

    request_id = fields.Many2one("intervention.request", required=True, ondelete="cascade")
    loan_ids = fields.One2many(related="request_id.lent_loan_ids")
    reason = fields.Text(required=True, help="Why the request is done while its loaner is still out.")

    def action_confirm(self):
        self.ensure_one()
        self.request_id._mark_done_with_loaner_out(self.reason)
        return {"type": "ir.actions.act_window_close"}
