from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StockLocation(models.Model):
    """A van is an internal location of a warehouse, under its Vans location, that names its
    technician: one van per technician and company."""

    _inherit = "stock.location"

    intervention_van_technician_id = fields.Many2one(
        "res.users",
        string="Van of Technician",
        index="btree_not_null",
        copy=False,
        help="The technician who drives this van: their parts used leave from it.",
    )

    _intervention_van_technician_unique = models.UniqueIndex(
        "(intervention_van_technician_id, company_id) WHERE intervention_van_technician_id IS NOT NULL",
        "A technician has one van per company.",
    )

    @api.constrains("intervention_van_technician_id", "usage", "company_id")
    def _check_intervention_van(self):
        for location in self.filtered("intervention_van_technician_id"):
            if location.usage != "internal":
                raise ValidationError(
                    self.env._(
                        "Van of Technician: location %(location)s is not an internal location.",
                        location=location.display_name,
                    )
                )
            technician = location.intervention_van_technician_id
            if location.company_id not in technician.company_ids:
                raise ValidationError(
                    self.env._(
                        "Van of Technician: %(technician)s does not work in %(company)s, the "
                        "company of %(location)s.",
                        technician=technician.name,
                        company=location.company_id.name,
                        location=location.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        locations = super().create(vals_list)
        locations.filtered("intervention_van_technician_id")._assign_open_appointments()
        return locations

    def write(self, vals):
        result = super().write(vals)
        if vals.get("intervention_van_technician_id"):
            self._assign_open_appointments()
        return result

    def _assign_open_appointments(self):
        """A technician's new van is the van of their open appointments that have none."""
        Appointment = self.env["intervention.appointment"].sudo()
        for van in self:
            appointments = Appointment.search(
                [
                    ("technician_ids", "in", van.intervention_van_technician_id.ids),
                    ("company_id", "=", van.company_id.id),
                    ("state", "in", ("draft", "confirmed", "in_progress")),
                    ("van_location_id", "=", False),
                ]
            )
            appointments.write({"van_location_id": van.id})

    @api.model
    def _get_intervention_vans(self, technicians, company):
        """{technician: van} for ``technicians`` in ``company``; one query."""
        vans = self.sudo().search(
            [
                ("intervention_van_technician_id", "in", technicians.ids),
                ("company_id", "=", company.id),
            ]
        )
        return {van.intervention_van_technician_id: van.sudo(False) for van in vans}
