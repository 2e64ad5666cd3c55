from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .intervention_template import INTERVENTION_TYPES


class InterventionJobMixin(models.AbstractModel):
    """What a request and its appointments share: what is to be done (template, type, task) and
    where (customer, intervention address, equipment, sector), in one company.

    Only choosing the template copies its values: later template edits change nothing on the
    records. The models that use it add only what differs (tracking, which needs mail.thread;
    help texts; a required task)."""

    _name = "intervention.job.mixin"
    _description = "Intervention Job (template, task, site)"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    template_id = fields.Many2one(
        "intervention.template",
        required=True,
        check_company=True,
        default=lambda self: self.env["intervention.template"]._get_default_template(),
    )
    intervention_type = fields.Selection(
        INTERVENTION_TYPES,
        string="Type",
        required=True,
        compute="_compute_intervention_type",
        store=True,
        readonly=False,
        precompute=True,
    )
    task_id = fields.Many2one(
        "intervention.task",
        check_company=True,
        compute="_compute_task_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        check_company=True,
        index=True,
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    address_partner_id = fields.Many2one(
        "res.partner",
        string="Intervention Address",
        check_company=True,
        compute="_compute_address_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
    )
    equipment_id = fields.Many2one(
        "installed.equipment",
        check_company=True,
        index="btree_not_null",
        compute="_compute_equipment_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    sector_id = fields.Many2one(
        "intervention.sector",
        check_company=True,
        compute="_compute_sector_id",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("template_id")
    def _compute_intervention_type(self):
        for record in self:
            if record.template_id:
                record.intervention_type = record.template_id.intervention_type
            elif not record.intervention_type:
                record.intervention_type = "misc"

    @api.depends("template_id")
    def _compute_task_id(self):
        for record in self:
            if record.template_id.task_id:
                record.task_id = record.template_id.task_id

    def _get_site_address(self):
        """The intervention address the record's own data give, if any: the equipment's site."""
        self.ensure_one()
        return self.equipment_id.site_partner_id

    @api.depends("partner_id", "equipment_id")
    def _compute_address_partner_id(self):
        for record in self:
            address = record._get_site_address()
            if address:
                record.address_partner_id = address
            elif record.address_partner_id.commercial_partner_id != record.commercial_partner_id:
                record.address_partner_id = record.partner_id

    @api.depends("partner_id")
    def _compute_equipment_id(self):
        """Keep the equipment among the customer's; when the customer owns exactly one unit, it
        is filled in. One search for the batch."""
        partners = self.partner_id.commercial_partner_id
        options = defaultdict(lambda: self.env["installed.equipment"])
        if partners:
            equipment = self.env["installed.equipment"].search(
                [("partner_id", "child_of", partners.ids)],
            )
            for unit in equipment:
                options[unit.partner_id.commercial_partner_id, unit.company_id] |= unit
        for record in self:
            company = record.company_id or self.env.company
            units = options[record.partner_id.commercial_partner_id, company]
            if record.equipment_id and record.equipment_id in units:
                continue
            record.equipment_id = units if len(units) == 1 else False

    @api.depends("address_partner_id.zip")
    def _compute_sector_id(self):
        self.env["intervention.sector"]._assign_sectors(self)

    @api.constrains("equipment_id", "partner_id")
    def _check_equipment_id(self):
        for record in self:
            equipment = record.equipment_id
            if equipment and (
                equipment.partner_id.commercial_partner_id != record.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "Equipment %(equipment)s belongs to %(owner)s, not to the customer "
                        "%(customer)s of %(record)s.",
                        equipment=equipment.display_name,
                        owner=equipment.partner_id.display_name,
                        customer=record.partner_id.display_name,
                        record=record.name,
                    )
                )
