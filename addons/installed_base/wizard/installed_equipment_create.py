from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class InstalledEquipmentCreate(models.TransientModel):
    """Create installed equipment from a customer, a sales order or a customer invoice."""

    _name = "installed.equipment.create"
    _description = "Create Installed Equipment"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    site_partner_id = fields.Many2one(
        "res.partner",
        string="Installation Site",
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
    )
    reseller_id = fields.Many2one("res.partner")
    installer_id = fields.Many2one("res.partner")
    sale_date = fields.Date()
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    sale_order_id = fields.Many2one("sale.order", string="Sales Order", readonly=True)
    invoice_id = fields.Many2one("account.move", readonly=True)
    allowed_product_ids = fields.Many2many(
        "product.product",
        compute="_compute_allowed_product_ids",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Installed Product",
        required=True,
        domain="[('id', 'in', allowed_product_ids)] if allowed_product_ids else [('type', '!=', 'service')]",
    )
    quantity = fields.Integer(
        default=1,
        required=True,
        help="Number of units to register: one equipment is created per unit.",
    )
    serial_number = fields.Char()
    line_ids = fields.One2many(
        "installed.equipment.create.line",
        "wizard_id",
        string="Serial Numbers",
    )

    @api.depends("sale_order_id", "invoice_id")
    def _compute_allowed_product_ids(self):
        for wizard in self:
            wizard.allowed_product_ids = wizard._get_document_lines().product_id.filtered(
                lambda product: product.type != "service"
            )

    def _get_document_lines(self):
        """Product lines of the source document, as (product, quantity) carriers."""
        self.ensure_one()
        if self.sale_order_id:
            return self.sale_order_id.order_line.filtered(lambda line: not line.display_type)
        if self.invoice_id:
            return self.invoice_id.invoice_line_ids.filtered(lambda line: line.display_type == "product")
        return self.env["sale.order.line"]

    @api.onchange("product_id")
    def _onchange_product_id(self):
        lines = self._get_document_lines().filtered(lambda line: line.product_id == self.product_id)
        if lines:
            qty_field = "product_uom_qty" if self.sale_order_id else "quantity"
            self.quantity = max(int(sum(lines.mapped(qty_field))), 1)

    @api.onchange("quantity")
    def _onchange_quantity(self):
        if self.quantity <= 1:
            self.line_ids = [Command.clear()]
            return
        missing = self.quantity - len(self.line_ids)
        if missing > 0:
            self.line_ids = [Command.create({}) for __ in range(missing)]
        elif missing < 0:
            self.line_ids = [Command.delete(line.id) for line in self.line_ids[missing:]]

    @api.model
    def _action_open_for(self, record):
        """Window action opening the wizard, pre-filled from ``record``."""
        record.ensure_one()
        defaults = {"default_reseller_id": record.env.company.partner_id.id}
        if record._name == "res.partner":
            defaults["default_partner_id"] = record.id
        elif record._name == "sale.order":
            partner = record.partner_id
            site = record.partner_shipping_id
            defaults.update(
                {
                    "default_partner_id": partner.id,
                    "default_site_partner_id": site.id if site.parent_id == partner else False,
                    "default_reseller_id": record.company_id.partner_id.id,
                    "default_company_id": record.company_id.id,
                    "default_sale_date": fields.Date.to_string(record.date_order),
                    "default_sale_order_id": record.id,
                }
            )
        elif record._name == "account.move":
            if not record.is_sale_document(include_receipts=True):
                raise UserError(record.env._("Equipment can only be created from a customer invoice."))
            defaults.update(
                {
                    "default_partner_id": record.partner_id.id,
                    "default_reseller_id": record.company_id.partner_id.id,
                    "default_company_id": record.company_id.id,
                    "default_sale_date": fields.Date.to_string(record.invoice_date or record.date),
                    "default_invoice_id": record.id,
                }
            )
        if record._name != "res.partner":
            wizard = self.with_context(**defaults).new({})
            if len(wizard.allowed_product_ids) == 1:
                defaults["default_product_id"] = wizard.allowed_product_ids.id
        return {
            "type": "ir.actions.act_window",
            "name": record.env._("Create Installed Equipment"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": defaults,
        }

    def _prepare_equipment_values(self):
        self.ensure_one()
        if self.quantity < 1:
            raise ValidationError(self.env._("Quantity must be at least 1."))
        if self.allowed_product_ids and self.product_id not in self.allowed_product_ids:
            raise ValidationError(
                self.env._(
                    "Installed Product %(product)s is not on the document's lines.",
                    product=self.product_id.display_name,
                )
            )
        if self.quantity == 1:
            serials = [self.serial_number or False]
        else:
            serials = [line.serial_number or False for line in self.line_ids][: self.quantity]
            serials += [False] * (self.quantity - len(serials))
        typed = [serial for serial in serials if serial]
        if len(typed) != len(set(typed)):
            raise ValidationError(self.env._("Serial Numbers: the same serial number is typed twice."))
        base = {
            "product_id": self.product_id.id,
            "partner_id": self.partner_id.id,
            "site_partner_id": self.site_partner_id.id,
            "reseller_id": self.reseller_id.id,
            "installer_id": self.installer_id.id,
            "sale_date": self.sale_date,
            "company_id": self.company_id.id,
            "sale_order_id": self.sale_order_id.id,
            "invoice_id": self.invoice_id.id,
        }
        return [dict(base, serial_number=serial) for serial in serials]

    def _create_equipment(self):
        self.ensure_one()
        return self.env["installed.equipment"].create(self._prepare_equipment_values())

    def action_create(self):
        self._create_equipment()
        return {"type": "ir.actions.act_window_close"}

    def action_create_and_view(self):
        equipment = self._create_equipment()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "installed_base.installed_equipment_action",
        )
        if len(equipment) == 1:
            action.update({"view_mode": "form", "res_id": equipment.id, "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", equipment.ids)]
        return action


class InstalledEquipmentCreateLine(models.TransientModel):
    _name = "installed.equipment.create.line"
    _description = "Create Installed Equipment: Serial Number"

    wizard_id = fields.Many2one("installed.equipment.create", required=True, ondelete="cascade")
    serial_number = fields.Char()
