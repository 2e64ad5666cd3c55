from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from .intervention_billing_price_mixin import GROUP_DISPATCHER


class InterventionAppointment(models.Model):
    _name = "intervention.appointment"
    _inherit = ["intervention.appointment", "intervention.billing.mixin"]

    billing_line_ids = fields.One2many(inverse_name="appointment_id")
    # What a done visit cost, in the company's currency: the office's figures (what technicians
    # are paid is not theirs to read, whatever "Hide Prices from Technicians" says). Valued when
    # the visit is done: a later change of an hourly cost does not value past visits again.
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    cost_time = fields.Monetary(
        string="Time Cost",
        currency_field="company_currency_id",
        compute="_compute_time_costs",
        store=True,
        groups=GROUP_DISPATCHER,
        help="Time on site of the done visit (its actual duration, else its planned one) at the "
        "hourly cost of each technician.",
    )
    cost_travel = fields.Monetary(
        string="Travel Cost",
        currency_field="company_currency_id",
        compute="_compute_time_costs",
        store=True,
        groups=GROUP_DISPATCHER,
        help="Travel time of the done visit at the hourly cost of each technician.",
    )
    cost_parts = fields.Monetary(
        string="Parts Cost",
        currency_field="company_currency_id",
        compute="_compute_cost_parts",
        store=True,
        groups=GROUP_DISPATCHER,
        help="The parts used on the done visit, at cost (with Intervention Stock).",
    )
    cost_total = fields.Monetary(
        string="Total Cost",
        currency_field="company_currency_id",
        compute="_compute_cost_total",
        store=True,
        groups=GROUP_DISPATCHER,
    )
    fiscal_position_id = fields.Many2one(
        help="The request's, or else taken from the customer and the intervention address; it "
        "maps the taxes of the billing lines.",
    )
    pricelist_id = fields.Many2one(help=None)

    @api.depends("partner_id", "address_partner_id", "company_id", "request_id.fiscal_position_id")
    def _compute_fiscal_position_id(self):
        from_request = self.filtered(lambda appointment: appointment.request_id.fiscal_position_id)
        for appointment in from_request:
            appointment.fiscal_position_id = appointment.request_id.fiscal_position_id
        return super(InterventionAppointment, self - from_request)._compute_fiscal_position_id()

    @api.depends("partner_id", "company_id", "request_id.pricelist_id")
    def _compute_pricelist_id(self):
        from_request = self.filtered(lambda appointment: appointment.request_id.pricelist_id)
        for appointment in from_request:
            appointment.pricelist_id = appointment.request_id.pricelist_id
        return super(InterventionAppointment, self - from_request)._compute_pricelist_id()

    @api.depends("state", "actual_duration", "duration", "travel_duration", "technician_ids", "company_id")
    def _compute_time_costs(self):
        done = self.filtered(lambda appointment: appointment.state == "done")
        (self - done).update({"cost_time": 0.0, "cost_travel": 0.0})
        for company, appointments in done.grouped("company_id").items():
            hourly_costs = self._get_hourly_costs(appointments.technician_ids, company)
            for appointment in appointments:
                hourly = sum(hourly_costs[technician] for technician in appointment.technician_ids)
                on_site = appointment.actual_duration or appointment.duration
                currency = appointment.company_currency_id
                appointment.cost_time = currency.round(on_site * hourly)
                appointment.cost_travel = currency.round(appointment.travel_duration * hourly)

    @api.depends("state")
    def _compute_cost_parts(self):
        # Intervention Stock values the parts used; billing alone knows no cost of goods.
        self.cost_parts = 0.0

    @api.depends("cost_time", "cost_travel", "cost_parts")
    def _compute_cost_total(self):
        for appointment in self:
            appointment.cost_total = appointment.cost_time + appointment.cost_travel + appointment.cost_parts

    @api.model
    def _get_hourly_costs(self, users, company):
        """{user: hourly cost} of ``users`` working for ``company``: the hourly cost of their
        employee in that company when Odoo's HR gives one (Employee Hourly Cost installed, cost
        set), else the company's Default Hourly Cost. One read of the employees, whatever the
        number of users; no dependency on HR."""
        costs = dict.fromkeys(users, company.intervention_hourly_cost)
        if users and "hr.employee" in self.env and "hourly_cost" in self.env["hr.employee"]._fields:
            employees = (
                self.env["hr.employee"]
                .sudo()
                .search_fetch(
                    [("user_id", "in", users.ids), ("company_id", "=", company.id)],
                    ["user_id", "hourly_cost"],
                )
            )
            for employee in employees:
                if employee.hourly_cost:
                    costs[employee.user_id] = employee.hourly_cost
        return costs

    @api.model
    def _get_lock_free_fields(self):
        # The office bills done and closed appointments: billing is follow-up, not the report.
        return super()._get_lock_free_fields() | {
            "billing_line_ids",
            "fiscal_position_id",
            "pricelist_id",
        }

    @api.model
    def _get_office_fields(self):
        # The price list and the fiscal position decide what the customer pays: not a
        # technician's choice (the views show them read-only to technicians).
        return super()._get_office_fields() | {"pricelist_id", "fiscal_position_id", "billing_line_ids"}

    @api.model
    def _get_portal_readable_fields(self):
        # The customer sees what the visit costs.
        return super()._get_portal_readable_fields() | {
            "currency_id",
            "amount_untaxed",
            "amount_tax",
            "amount_total",
            "tax_totals",
        }

    @api.onchange("task_id")
    def _onchange_task_id_billing(self):
        product = self.task_id.product_id
        if product and not self.request_id and not self.billing_line_ids:
            self.billing_line_ids = [Command.create({"product_id": product.id, "sequence": 1})]

    @api.model_create_multi
    def create(self, vals_list):
        appointments = super().create(vals_list)
        # Made by code: the request's lines are carried, or else the task's product is billed.
        line_vals = []
        for appointment, vals in zip(appointments, vals_list, strict=True):
            if "billing_line_ids" in vals or "default_billing_line_ids" in self.env.context:
                continue
            if appointment.request_id:
                line_vals += [
                    {**line._prepare_carried_line_values(), "appointment_id": appointment.id}
                    for line in appointment.request_id.billing_line_ids
                ]
            elif appointment.task_id.product_id:
                line_vals.append(
                    {
                        "appointment_id": appointment.id,
                        "product_id": appointment.task_id.product_id.id,
                        "sequence": 1,
                    }
                )
        if line_vals:
            self.env["intervention.billing.line"].create(line_vals)
        return appointments

    # ------------------------------------------------------------------
    # Generate invoices
    # ------------------------------------------------------------------

    def _get_invoice_grouping_key(self):
        # One invoice per customer (and company, currency and fiscal position it is billed in).
        self.ensure_one()
        return (
            self.company_id.id,
            self.partner_id.address_get(["invoice"])["invoice"],
            self.currency_id.id,
            self.fiscal_position_id.id,
        )

    def _get_invoice_line_label(self, line):
        return f"{self.name} - {line.name}"

    def _prepare_time_billing_line_values(self):
        """Lines billing the actual and travel time (in hours: the time products are sold by the
        hour), when the template asks for it and the appointment has no such line yet."""
        vals_list = []
        for appointment in self:
            template = appointment.template_id
            billed_types = set(appointment.billing_line_ids.mapped("time_type"))
            times = [
                ("actual", template.bill_actual_time, template.time_product_id, appointment.actual_duration),
                (
                    "travel",
                    template.bill_travel_time,
                    template.travel_product_id,
                    appointment.travel_duration,
                ),
            ]
            for time_type, enabled, product, hours in times:
                if enabled and product and hours > 0 and time_type not in billed_types:
                    vals_list.append(
                        {
                            "appointment_id": appointment.id,
                            "time_type": time_type,
                            "product_id": product.id,
                            "quantity": hours,
                            "sequence": 100,
                        }
                    )
        return vals_list

    def action_generate_invoices(self):
        """Draft invoices of the selected appointments, one per customer."""
        self._check_billing_rights()
        cancelled = self.filtered(lambda appointment: appointment.state == "cancelled")
        if cancelled == self:
            raise UserError(
                self.env._(
                    "Appointment %(appointment)s is cancelled: there is nothing to bill.",
                    appointment=cancelled[0].name,
                )
            )
        appointments = self - cancelled
        time_vals = appointments._prepare_time_billing_line_values()
        if time_vals:
            self.env["intervention.billing.line"].create(time_vals)
        invoices = appointments._create_billing_invoices(appointments._get_lines_to_bill())
        return self._get_billing_documents_action(invoices, "account.action_move_out_invoice_type")
