from odoo import api, fields, models
from odoo.exceptions import UserError


class ServiceContractRevise(models.TransientModel):
    """Revise a contract's prices on a chosen date, after seeing what the revision does."""

    _name = "service.contract.revise"
    _description = "Revise Contract Prices"

    contract_id = fields.Many2one("service.contract", required=True, ondelete="cascade", readonly=True)
    date = fields.Date(string="Revision Date", required=True, default=fields.Date.context_today)
    preview_formula = fields.Char(string="Formula", compute="_compute_preview")
    preview_line_note = fields.Text(string="New Prices", compute="_compute_preview")
    preview_error = fields.Char(string="Cannot Revise", compute="_compute_preview")

    @api.depends("contract_id", "date")
    def _compute_preview(self):
        for wizard in self:
            wizard.preview_formula = wizard.preview_line_note = wizard.preview_error = False
            if not (wizard.contract_id and wizard.date):
                continue
            contract = wizard.contract_id
            try:
                contract._check_revision_date(wizard.date)
                preview = contract._get_revision_preview(wizard.date)
            except UserError as error:
                wizard.preview_error = error.args[0]
                continue
            wizard.preview_formula = preview["formula"]
            wizard.preview_line_note = "\n".join(
                f"{line.name}: {formula}" for line, formula in preview["line_formulas"].items()
            )

    def action_revise(self):
        self.ensure_one()
        self.contract_id.action_revise_prices(self.date)
        return {"type": "ir.actions.act_window_close"}
