from odoo import api, fields, models
from odoo.fields import Command
from odoo.tools.misc import clean_context


class InterventionRequest(models.Model):
    _name = "intervention.request"
    _inherit = ["intervention.request", "intervention.billing.mixin"]

    billing_line_ids = fields.One2many(inverse_name="request_id", copy=True)

    def _get_related_billing_lines(self):
        # The lines carried to the appointments are in the family of the request lines; the
        # appointments may also bill lines of their own (time spent, extra parts).
        return (self.billing_line_ids | self.appointment_ids.billing_line_ids)._get_billing_family()

    def _get_billing_sale_orders(self):
        return super()._get_billing_sale_orders() | self.sale_order_id

    @api.onchange("task_id")
    def _onchange_task_id_billing(self):
        product = self.task_id.product_id
        if product and not self.billing_line_ids:
            self.billing_line_ids = [Command.create({"product_id": product.id, "sequence": 1})]

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        # Requests made by code (contracts, imports) get the task's product line too, unless their
        # lines are given.
        line_vals = [
            {"request_id": request.id, "product_id": request.task_id.product_id.id, "sequence": 1}
            for request, vals in zip(requests, vals_list, strict=True)
            if "billing_line_ids" not in vals
            and request.task_id.product_id
            and "default_billing_line_ids" not in self.env.context
        ]
        if line_vals:
            self.env["intervention.billing.line"].create(line_vals)
        return requests

    def _prepare_appointment_values(self):
        values = super()._prepare_appointment_values()
        values["default_billing_line_ids"] = [
            Command.create(line._prepare_carried_line_values()) for line in self.billing_line_ids
        ]
        return values

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _prepare_sale_order_values(self, lines):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "partner_shipping_id": (self.address_partner_id or self.partner_id).id,
            "company_id": self.company_id.id,
            "pricelist_id": self.pricelist_id.id,
            "fiscal_position_id": self.fiscal_position_id.id,
            "origin": self.name,
            "order_line": [Command.create(line._prepare_sale_order_line_values()) for line in lines],
        }

    def action_create_quotation(self):
        """A quotation with the lines still to bill of each request, linked both ways."""
        self._check_billing_rights()
        lines = self._get_lines_to_bill()
        SaleOrder = self.env(context=clean_context(self.env.context))["sale.order"]
        orders = SaleOrder.browse()
        for request in self:
            request_lines = lines.filtered(lambda line, request=request: line.request_id == request)
            if not request_lines:
                continue
            order = SaleOrder.with_company(request.company_id).create(
                request._prepare_sale_order_values(request_lines),
            )
            order.message_post_with_source(
                "mail.message_origin_link",
                render_values={"self": order, "origin": request},
                subtype_xmlid="mail.mt_note",
            )
            orders |= order
        return self._get_billing_documents_action(orders, "sale.action_quotations_with_onboarding")

    def action_create_invoice(self):
        """A draft customer invoice with the lines still to bill of each request."""
        self._check_billing_rights()
        invoices = self._create_billing_invoices(self._get_lines_to_bill())
        return self._get_billing_documents_action(invoices, "account.action_move_out_invoice_type")
