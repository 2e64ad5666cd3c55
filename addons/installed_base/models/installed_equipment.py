from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain


class InstalledEquipment(models.Model):
    _name = "installed.equipment"
    _description = "Installed Equipment"
    _inherit = ["mail.thread", "mail.activity.mixin", "system.field.mixin"]
    _order = "partner_id, id desc"
    _check_company_auto = True
    _rec_names_search = ["serial_number", "product_id", "model_name", "partner_id"]

    # Identity
    serial_number = fields.Char(tracking=True, copy=False, index="btree_not_null")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    brand_id = fields.Many2one("installed.equipment.brand")
    category_id = fields.Many2one("installed.equipment.category")
    model_name = fields.Char(
        string="Model",
        help="Free text for units that are not in the product catalogue.",
    )
    condition = fields.Selection(
        [("new", "New"), ("good", "Good"), ("used", "Used"), ("to_replace", "To Replace")],
        default="new",
        required=True,
        tracking=True,
    )
    # Customer
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    site_partner_id = fields.Many2one(
        "res.partner",
        string="Installation Site",
        check_company=True,
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
        help="Exact address where the unit is installed: the customer or one of its contacts.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    # Installation
    installation_type_id = fields.Many2one(
        "installed.equipment.installation.type",
    )
    flue_type_id = fields.Many2one("installed.equipment.flue.type")
    air_supply_type_id = fields.Many2one(
        "installed.equipment.air.supply.type",
    )
    compliant = fields.Boolean(default=True, tracking=True)
    reseller_id = fields.Many2one("res.partner", check_company=True)
    installer_id = fields.Many2one("res.partner", check_company=True)
    technician_id = fields.Many2one(
        "res.users",
        domain="[('share', '=', False)]",
    )
    # Dates
    sale_date = fields.Date()
    installation_date = fields.Date(tracking=True)
    building_year = fields.Integer(string="Building Construction Year")
    note = fields.Html()
    # Warranty
    warranty_type_id = fields.Many2one("installed.equipment.warranty.type")
    warranty_end_date = fields.Date(
        compute="_compute_warranty_end_date",
        store=True,
        readonly=False,
        tracking=True,
        help="Installation date (or sale date) plus the warranty type's duration; can be typed by hand.",
    )
    under_warranty = fields.Boolean(
        compute="_compute_under_warranty",
        search="_search_under_warranty",
    )
    # Energy
    fuel = fields.Selection(
        [
            ("wood", "Wood (logs)"),
            ("pellets", "Wood Pellets"),
            ("gas", "Natural Gas"),
            ("lpg", "LPG"),
            ("fuel_oil", "Fuel Oil"),
            ("electricity", "Electricity"),
            ("other", "Other"),
        ]
    )
    power_kw = fields.Float(string="Power (kW)", digits=(16, 2))
    # Origin
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        copy=False,
        check_company=True,
        index="btree_not_null",
    )
    invoice_id = fields.Many2one(
        "account.move",
        copy=False,
        check_company=True,
        index="btree_not_null",
        domain="[('move_type', 'in', ('out_invoice', 'out_refund'))]",
    )
    active = fields.Boolean(default=True)
    sale_order_count = fields.Integer(compute="_compute_sale_order_count", string="Sales Orders")
    invoice_count = fields.Integer(compute="_compute_invoice_count", string="Invoices")

    @api.depends("serial_number", "product_id", "model_name", "partner_id")
    def _compute_display_name(self):
        for equipment in self:
            label = equipment.product_id.display_name or equipment.model_name or ""
            parts = [equipment.serial_number, label, equipment.partner_id.name]
            equipment.display_name = " - ".join(part for part in parts if part)

    @api.depends("installation_date", "sale_date", "warranty_type_id.duration_months")
    def _compute_warranty_end_date(self):
        for equipment in self:
            start = equipment.installation_date or equipment.sale_date
            if start and equipment.warranty_type_id:
                months = equipment.warranty_type_id.duration_months
                equipment.warranty_end_date = start + relativedelta(months=months, days=-1)
            elif not equipment.warranty_end_date:
                equipment.warranty_end_date = False

    @api.depends("warranty_end_date")
    def _compute_under_warranty(self):
        today = fields.Date.context_today(self)
        for equipment in self:
            equipment.under_warranty = bool(
                equipment.warranty_end_date and equipment.warranty_end_date >= today
            )

    def _search_under_warranty(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        today = fields.Date.context_today(self)
        domain = Domain("warranty_end_date", ">=", today)
        if (operator == "in") != (True in value):
            return ~domain
        return domain

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.site_partner_id and self.site_partner_id.commercial_partner_id != (
            self.partner_id.commercial_partner_id
        ):
            self.site_partner_id = False

    @api.constrains("serial_number", "product_id", "company_id")
    def _check_serial_number_unique(self):
        with_serial = self.filtered("serial_number")
        if not with_serial:
            return
        duplicates = self.search(
            [
                ("serial_number", "in", with_serial.mapped("serial_number")),
                ("product_id", "in", with_serial.product_id.ids),
                ("company_id", "in", with_serial.company_id.ids),
                ("active", "in", (True, False)),
            ]
        )
        # One pass over the matches, not one per equipment: batches of thousands stay linear.
        by_key = defaultdict(list)
        for other in duplicates:
            by_key[other.serial_number, other.product_id.id, other.company_id.id].append(other)
        for equipment in with_serial:
            key = (equipment.serial_number, equipment.product_id.id, equipment.company_id.id)
            twins = [other for other in by_key[key] if other != equipment]
            if twins:
                raise ValidationError(
                    self.env._(
                        "Serial number %(serial)s is already used for product %(product)s "
                        "(equipment of %(customer)s).",
                        serial=equipment.serial_number,
                        product=equipment.product_id.display_name,
                        customer=twins[0].partner_id.display_name,
                    )
                )

    @api.constrains("building_year")
    def _check_building_year(self):
        this_year = fields.Date.context_today(self).year
        for equipment in self:
            if equipment.building_year and not 1000 <= equipment.building_year <= this_year + 1:
                raise ValidationError(
                    self.env._(
                        "Building Construction Year %(year)s is not a valid year.",
                        year=equipment.building_year,
                    )
                )

    @api.constrains("power_kw")
    def _check_power_kw(self):
        if any(equipment.power_kw < 0 for equipment in self):
            raise ValidationError(self.env._("Power (kW) cannot be negative."))

    @api.constrains("site_partner_id", "partner_id")
    def _check_site_partner_id(self):
        for equipment in self:
            site = equipment.site_partner_id
            if site and site.commercial_partner_id != equipment.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Installation Site %(site)s is not an address of customer %(customer)s.",
                        site=site.display_name,
                        customer=equipment.partner_id.display_name,
                    )
                )

    # Related documents: other addons (billing) extend these two hooks.
    def _get_sale_orders(self):
        self.ensure_one()
        return self.sale_order_id | self.invoice_id.line_ids.sale_line_ids.order_id

    def _get_invoices(self):
        self.ensure_one()
        invoices = self.invoice_id | self.sale_order_id.invoice_ids
        return invoices.filtered(lambda move: move.is_sale_document())

    def _compute_sale_order_count(self):
        for equipment in self:
            equipment.sale_order_count = len(equipment._get_sale_orders())

    def _compute_invoice_count(self):
        for equipment in self:
            equipment.invoice_count = len(equipment._get_invoices())

    def action_view_sale_orders(self):
        self.ensure_one()
        orders = self._get_sale_orders()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action.update({"domain": [("id", "in", orders.ids)], "context": {"create": False}})
        if len(orders) == 1:
            action.update({"view_mode": "form", "res_id": orders.id, "views": [(False, "form")]})
        return action

    def action_view_invoices(self):
        self.ensure_one()
        invoices = self._get_invoices()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action.update({"domain": [("id", "in", invoices.ids)], "context": {"create": False}})
        if len(invoices) == 1:
            action.update({"view_mode": "form", "res_id": invoices.id, "views": [(False, "form")]})
        return action
