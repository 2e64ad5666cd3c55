from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError


class InterventionRequest(models.Model):
    _inherit = "intervention.request"

    loan_ids = fields.One2many("installed.equipment.loan", "request_id", string="Loaners")
    lent_loan_ids = fields.One2many(
        "installed.equipment.loan",
        "request_id",
        string="Loaners Out",
        domain=[("state", "=", "lent")],
    )
    loan_count = fields.Integer(compute="_compute_loan_count", string="Loaner Count")

    def _compute_loan_count(self):
        counts = dict(
            self.env["installed.equipment.loan"]._read_group(
                [("request_id", "in", self.ids)],
                ["request_id"],
                ["__count"],
            )
        )
        for request in self:
            request.loan_count = counts.get(request, 0)

    def _get_mark_done_dialog(self):
        """A request whose loaner is out is done only by a manager, who gives a reason."""
        if not (out := self.filtered("lent_loan_ids")):
            return super()._get_mark_done_dialog()
        if not self.env.user.has_group("field_intervention.group_intervention_manager"):
            loan = out[0].lent_loan_ids[0]
            raise UserError(
                self.env._(
                    "Request %(request)s cannot be marked as done: loaner %(loaner)s is still out at "
                    "%(customer)s. Receive it first, or ask a manager.",
                    request=out[0].name,
                    loaner=loan.loaner_id.display_name,
                    customer=loan.partner_id.display_name,
                )
            )
        if len(self) > 1:
            raise UserError(
                self.env._(
                    "Request %(request)s has a loaner out: mark it as done on its own, with a reason.",
                    request=out[0].name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Loaner Still Out"),
            "res_model": "intervention.request.done.override",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def _mark_done_with_loaner_out(self, reason):
        """A manager marks the request done although its loaner is out; the reason goes to the chatter."""
        self.ensure_one()
        if not self.env.user.has_group("field_intervention.group_intervention_manager"):
            raise UserError(
                self.env._(
                    "Only a Field Service manager can mark a request done with a loaner out.",
                )
            )
        self._check_can_mark_done()
        self.message_post(
            body=Markup("%s<br/>%s<br/>%s")
            % (
                self.env._(
                    "Marked as done with loaner(s) still out: %s",
                    ", ".join(
                        self.lent_loan_ids.loaner_id.mapped("display_name"),
                    ),
                ),
                self.env._("Reason:"),
                reason,
            )
        )
        self._system_write({"resolution": "done"})

    def action_lend_loaner(self):
        self.ensure_one()
        return self.env["installed.equipment.loan"]._action_open_lend(self)

    def action_receive_loaner(self):
        self.ensure_one()
        return self.lent_loan_ids.action_open_receive()

    def action_view_loans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_intervention_loaner.installed_equipment_loan_action",
        )
        action["domain"] = [("request_id", "=", self.id)]
        action["context"] = {"default_request_id": self.id, "default_partner_id": self.partner_id.id}
        return action
