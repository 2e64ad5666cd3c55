from odoo import api, fields, models
from odoo.addons.field_intervention.models.intervention_appointment import GROUP_DISPATCHER
from odoo.exceptions import AccessError, UserError, ValidationError


class InterventionPartRequest(models.TransientModel):
    """A technician in the field asks the warehouse for a part for a later visit: a van
    transfer from the warehouse's stock to their van, which the warehouse prepares."""

    _name = "intervention.part.request"
    _description = "Request Parts for the Van"

    appointment_id = fields.Many2one("intervention.appointment", string="For Appointment")
    technician_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    van_location_id = fields.Many2one("stock.location", string="Van", compute="_compute_van_location_id")
    product_id = fields.Many2one(
        "product.product",
        string="Part",
        required=True,
        domain="[('is_storable', '=', True)]",
    )
    quantity = fields.Float(digits="Product Unit", default=1.0, required=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    date_needed = fields.Datetime(string="Needed By", help="By default, the appointment's start.")
    note = fields.Char()

    @api.depends("technician_id", "company_id", "appointment_id.van_location_id")
    def _compute_van_location_id(self):
        for request in self:
            request.van_location_id = (
                request.appointment_id.van_location_id
                or request.technician_id._get_intervention_van(request.company_id)
            )

    @api.onchange("appointment_id")
    def _onchange_appointment_id(self):
        if self.appointment_id:
            self.company_id = self.appointment_id.company_id
            self.date_needed = self.appointment_id.date_start

    @api.constrains("quantity")
    def _check_quantity(self):
        for request in self:
            if request.quantity <= 0:
                raise ValidationError(self.env._("Quantity: ask for more than zero."))

    def action_request(self):
        self.ensure_one()
        user = self.env.user
        if self.technician_id != user and not user.has_group(GROUP_DISPATCHER):
            raise AccessError(self.env._("Technicians ask for parts for their own van only."))
        if self.appointment_id:
            # Raises when the user may not read the appointment.
            self.appointment_id.check_access("read")
        van = self.van_location_id
        if not van:
            raise UserError(
                self.env._(
                    "Technician %(technician)s has no van in %(company)s: a stock user sets it on a "
                    "location (Van of Technician).",
                    technician=self.technician_id.name,
                    company=self.company_id.name,
                )
            )
        origin = self.appointment_id.name or self.env._(
            "Request of %(technician)s", technician=self.technician_id.name
        )
        picking = self.env["stock.picking"]._create_intervention_van_transfer(
            van,
            [(self.product_id, self.product_uom_id.round(self.quantity))],
            origin=origin,
            scheduled_date=self.date_needed,
            appointment=self.appointment_id,
        )
        picking.message_post(
            body=self.env._(
                "Asked by %(technician)s from the field%(note)s",
                technician=user.name,
                note=f": {self.note}" if self.note else "",
            ),
        )
        return picking._get_intervention_open_action()
