from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.addons.field_intervention.models.intervention_appointment import GROUP_DISPATCHER
from odoo.exceptions import AccessError, UserError, ValidationError

GROUP_STOCK_USER = "stock.group_stock_user"


class InterventionLoadList(models.TransientModel):
    """What a technician's appointments of a day (or the next days) need, beside what their
    van holds and what is on its way to it; one click asks the warehouse for the rest."""

    _name = "intervention.load.list"
    _description = "Van Load List"

    technician_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date_from = fields.Date(string="From", required=True, default=fields.Date.context_today)
    days = fields.Integer(default=1, required=True, help="How many days of appointments, from the first.")
    van_location_id = fields.Many2one("stock.location", string="Van", compute="_compute_van_location_id")
    can_choose_technician = fields.Boolean(compute="_compute_can_choose_technician")
    line_ids = fields.One2many("intervention.load.list.line", "load_list_id", string="Parts")
    missing_count = fields.Integer(compute="_compute_missing_count")

    @api.depends("technician_id", "company_id")
    def _compute_van_location_id(self):
        for load_list in self:
            load_list.van_location_id = load_list.technician_id._get_intervention_van(load_list.company_id)

    @api.depends_context("uid")
    def _compute_can_choose_technician(self):
        self.can_choose_technician = self._is_load_list_office()

    @api.model
    def _is_load_list_office(self):
        user = self.env.user
        return user.has_group(GROUP_DISPATCHER) or user.has_group(GROUP_STOCK_USER)

    @api.depends("line_ids.missing_qty")
    def _compute_missing_count(self):
        for load_list in self:
            load_list.missing_count = len(load_list.line_ids.filtered(lambda line: line.missing_qty > 0))

    @api.constrains("days")
    def _check_days(self):
        for load_list in self:
            if load_list.days < 1 or load_list.days > 31:
                raise ValidationError(self.env._("Days: give from 1 to 31 days."))

    def _check_load_list_access(self):
        """A technician reads their own load list; dispatchers and stock users anyone's."""
        if self._is_load_list_office():
            return
        if self.filtered(lambda load_list: load_list.technician_id != self.env.user):
            raise AccessError(self.env._("Technicians see the load list of their own van only."))

    @api.model_create_multi
    def create(self, vals_list):
        load_lists = super().create(vals_list)
        load_lists._check_load_list_access()
        for load_list, vals in zip(load_lists, vals_list, strict=True):
            if "line_ids" not in vals:
                load_list.line_ids = [Command.create(line) for line in load_list._get_load_values()]
        return load_lists

    @api.onchange("technician_id", "company_id", "date_from", "days")
    def _onchange_period(self):
        if self.technician_id and self.date_from and self.days > 0:
            self.line_ids = [Command.clear()] + [Command.create(line) for line in self._get_load_values()]

    def _get_period(self):
        """The period in UTC, from midnight of the first day in the technician's time zone."""
        self.ensure_one()
        tz = pytz.timezone(self.technician_id.tz or self.env.user.tz or "UTC")
        start = tz.localize(datetime.combine(self.date_from, time.min)).astimezone(pytz.utc)
        end = start + timedelta(days=self.days)
        return start.replace(tzinfo=None), end.replace(tzinfo=None)

    def _get_appointments(self):
        self.ensure_one()
        start, end = self._get_period()
        return (
            self.env["intervention.appointment"]
            .sudo()
            .search(
                [
                    ("technician_ids", "in", self.technician_id.ids),
                    ("company_id", "=", self.company_id.id),
                    ("state", "in", ("draft", "confirmed", "in_progress")),
                    ("date_start", ">=", start),
                    ("date_start", "<", end),
                ]
            )
        )

    def _get_load_values(self):
        """One line per product: needed by the appointments, in the van, on its way, missing."""
        self.ensure_one()
        self._check_load_list_access()
        appointments = self._get_appointments()
        needed = defaultdict(float)
        names = defaultdict(list)
        for line in appointments.billing_line_ids.filtered("is_part"):
            product = line.product_id
            needed[product] += line.product_uom_id._compute_quantity(line.quantity, product.uom_id)
            if line.appointment_id.name not in names[product]:
                names[product].append(line.appointment_id.name)
        if not needed:
            return []
        van = self.van_location_id
        products = self.env["product.product"].sudo().browse([product.id for product in needed])
        quantities = (
            products.with_context(location=van.id)._compute_quantities_dict(None, None, None) if van else {}
        )
        values = []
        for product in products:
            on_hand = quantities.get(product.id, {}).get("qty_available", 0.0)
            incoming = quantities.get(product.id, {}).get("incoming_qty", 0.0)
            missing = max(needed[product] - max(on_hand, 0.0) - incoming, 0.0)
            values.append(
                {
                    "product_id": product.id,
                    "needed_qty": needed[product],
                    "van_qty": on_hand,
                    "incoming_qty": incoming,
                    "missing_qty": product.uom_id.round(missing),
                    "appointment_names": ", ".join(names[product]),
                }
            )
        return values

    def action_refresh(self):
        self.ensure_one()
        self.line_ids = [Command.clear()] + [Command.create(line) for line in self._get_load_values()]
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_replenish(self):
        """Ask the warehouse for what is missing: one van transfer, from the warehouse's stock."""
        self.ensure_one()
        self._check_load_list_access()
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
        missing = [line for line in self._get_load_values() if line["missing_qty"] > 0]
        if not missing:
            raise UserError(
                self.env._("The van holds all the parts of these appointments: nothing to ask for.")
            )
        start, __ = self._get_period()
        picking = self.env["stock.picking"]._create_intervention_van_transfer(
            van,
            [
                (self.env["product.product"].browse(line["product_id"]), line["missing_qty"])
                for line in missing
            ],
            origin=self.env._("Load list %(date)s", date=fields.Date.to_string(self.date_from)),
            scheduled_date=max(start, fields.Datetime.now()),
        )
        self.action_refresh()
        return picking._get_intervention_open_action()


class InterventionLoadListLine(models.TransientModel):
    _name = "intervention.load.list.line"
    _description = "Van Load List Line"
    _order = "missing_qty desc, id"

    load_list_id = fields.Many2one("intervention.load.list", required=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", string="Part", required=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    needed_qty = fields.Float(string="Needed", digits="Product Unit")
    van_qty = fields.Float(string="In the Van", digits="Product Unit")
    incoming_qty = fields.Float(string="On Its Way", digits="Product Unit")
    missing_qty = fields.Float(string="Missing", digits="Product Unit")
    appointment_names = fields.Char(string="Appointments")
