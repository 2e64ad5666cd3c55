from odoo import api, fields, models

from ..models.service_contract import GROUP_DISPATCHER


class ServiceContractTerminate(models.TransientModel):
    """The office records a termination the customer asked for by letter, email or phone: the
    same rules as the portal's (ServiceContract._terminate), channel "office"."""

    _name = "service.contract.terminate"
    _description = "Record a Contract Termination"

    contract_id = fields.Many2one("service.contract", required=True, ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner",
        string="Requested By",
        required=True,
        help="Who asked to end the contract: the customer or one of their contacts.",
    )
    commercial_partner_id = fields.Many2one(related="contract_id.commercial_partner_id")
    reason = fields.Text()
    summary_html = fields.Html(compute="_compute_summary_html", sanitize=False)

    @api.depends("contract_id")
    def _compute_summary_html(self):
        for wizard in self:
            contract = wizard.contract_id
            wizard.summary_html = (
                self.env["ir.qweb"]._render(
                    "service_contract.contract_termination_summary",
                    {"contract": contract, "summary": contract._get_termination_summary()},
                )
                if contract.state == "running"
                else False
            )

    def action_terminate(self):
        self.ensure_one()
        self.contract_id._check_user_group(GROUP_DISPATCHER, self.env._("Recording a termination"))
        self.contract_id._terminate(self.partner_id, self.reason, channel="office")
        return {"type": "ir.actions.act_window_close"}
