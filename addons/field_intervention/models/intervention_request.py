from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class InterventionRequest(models.Model):
    _name = "intervention.request"
    _description = "Intervention Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "batch.company.check.mixin",
        "system.field.mixin",
        "intervention.job.mixin",
    ]
    _order = "priority desc, date_start, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    # template_id, intervention_type, task_id, partner_id, address_partner_id, equipment_id,
    # sector_id and company_id come from intervention.job.mixin.
    template_id = fields.Many2one(tracking=True)
    task_id = fields.Many2one(required=True, tracking=True)
    partner_id = fields.Many2one(tracking=True)
    sector_id = fields.Many2one(tracking=True)
    description = fields.Html()
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Important"), ("2", "Very Important"), ("3", "Urgent")],
        default="0",
        index=True,
    )
    date_start = fields.Date(
        string="Requested From",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_end = fields.Date(string="Requested Until", required=True, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    origin = fields.Char(string="Source Document")
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        check_company=True,
        index="btree_not_null",
        groups="sales_team.group_sale_salesman",
    )
    appointment_ids = fields.One2many(
        "intervention.appointment",
        "request_id",
        string="Appointments",
    )
    appointment_count = fields.Integer(compute="_compute_appointment_count")
    resolution = fields.Selection(
        [("done", "Done"), ("cancelled", "Cancelled")],
        copy=False,
        readonly=True,
        help="Set by Mark as Done and Cancel; the state is derived from it and the appointments.",
    )
    state = fields.Selection(
        [
            ("to_schedule", "To Schedule"),
            ("scheduled", "Scheduled"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )
    is_recurring = fields.Boolean(
        compute="_compute_is_recurring",
        search="_search_is_recurring",
        help="Maintenance requests repeat; the others are done once.",
    )

    @api.depends("appointment_ids.state", "resolution")
    def _compute_state(self):
        for request in self:
            if request.resolution:
                request.state = request.resolution
            elif any(appointment.state != "cancelled" for appointment in request.appointment_ids):
                request.state = "scheduled"
            else:
                request.state = "to_schedule"

    @api.depends("intervention_type")
    def _compute_is_recurring(self):
        for request in self:
            request.is_recurring = request.intervention_type == "maintenance"

    def _search_is_recurring(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        positive = (operator == "in") == (True in value)
        return [("intervention_type", "=" if positive else "!=", "maintenance")]

    def _compute_appointment_count(self):
        counts = dict(
            self.env["intervention.appointment"]._read_group(
                [("request_id", "in", self.ids)],
                ["request_id"],
                ["__count"],
            )
        )
        for request in self:
            request.appointment_count = counts.get(request, 0)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for request in self:
            if request.date_end and request.date_start and request.date_end < request.date_start:
                raise ValidationError(
                    self.env._(
                        "Request %(request)s: Requested Until (%(end)s) is before Requested From "
                        "(%(start)s).",
                        request=request.name,
                        end=request.date_end,
                        start=request.date_start,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["ir.sequence"]._fill_names_by_company(vals_list, "intervention.request")
        return super().create(vals_list)

    @api.model
    def _get_system_fields(self):
        """Besides the computed state: the reference and the resolution (Mark as Done, Cancel,
        Reset)."""
        return super()._get_system_fields() | {"name", "resolution"}

    @api.model
    def _get_system_fields_on_create(self):
        # An imported request may keep its number.
        return {"name"}

    def _prepare_appointment_values(self):
        """Default values of an appointment scheduled from this request."""
        self.ensure_one()
        technicians = self.sector_id.technician_ids
        if self.task_id.technician_ids:
            technicians &= self.task_id.technician_ids
        values = {
            "default_date_start": self._get_schedule_start(),
            "default_request_id": self.id,
            "default_template_id": self.template_id.id,
            "default_intervention_type": self.intervention_type,
            "default_task_id": self.task_id.id,
            "default_partner_id": self.partner_id.id,
            "default_address_partner_id": self.address_partner_id.id,
            "default_equipment_id": self.equipment_id.id,
            "default_sector_id": self.sector_id.id,
            "default_company_id": self.company_id.id,
            "default_description": self.description,
            "default_technician_ids": technicians.ids,
        }
        if self.env.user.has_group("sales_team.group_sale_salesman"):
            values["default_sale_order_id"] = self.sale_order_id.id
        return values

    def _prepare_appointment_create_values(self):
        """Values to create an appointment of this request directly (slot finder, board)."""
        return {
            key.removeprefix("default_"): value for key, value in self._prepare_appointment_values().items()
        }

    def _get_schedule_start(self):
        """First slot offered when scheduling: 8:00 (user's time) on the first requested day,
        or the next round hour when the window has already begun."""
        self.ensure_one()
        next_hour = fields.Datetime.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        if self.date_start <= fields.Date.context_today(self):
            return fields.Datetime.to_string(next_hour)
        tz = pytz.timezone(self.env.user.tz or "UTC")
        local_start = tz.localize(datetime.combine(self.date_start, time(8, 0)))
        return fields.Datetime.to_string(local_start.astimezone(pytz.utc).replace(tzinfo=None))

    def action_schedule(self):
        self.ensure_one()
        if self.state in ("done", "cancelled"):
            raise UserError(
                self.env._(
                    "Request %(request)s is %(state)s: reset it to schedule a new appointment.",
                    request=self.name,
                    state=self._fields["state"].convert_to_export(self.state, self),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Schedule %(request)s", request=self.name),
            "res_model": "intervention.appointment",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": self._prepare_appointment_values(),
        }

    def action_find_slot(self):
        self.ensure_one()
        return self.env["intervention.slot.finder"]._action_open(self)

    def action_view_appointments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_intervention.intervention_appointment_action",
        )
        action["domain"] = [("request_id", "=", self.id)]
        action["context"] = self._prepare_appointment_values()
        return action

    def action_mark_done(self):
        self._check_can_mark_done()
        if action := self._get_mark_done_dialog():
            return action
        self._system_write({"resolution": "done"})
        return True

    def _get_mark_done_dialog(self):
        """Hook for addons that hold requests back from Done: the action to open instead of
        marking them done (a dialog where a manager gives a reason, say), or False to go on."""
        return False

    def _check_can_mark_done(self):
        for request in self:
            appointments = request.appointment_ids.filtered(lambda a: a.state != "cancelled")
            if not appointments:
                raise UserError(
                    self.env._(
                        "Request %(request)s has no appointment: schedule and finish one before marking "
                        "it as done, or cancel the request.",
                        request=request.name,
                    )
                )
            if unfinished := appointments.filtered(lambda a: a.state != "done"):
                raise UserError(
                    self.env._(
                        "Request %(request)s cannot be marked as done: appointment %(appointment)s is not "
                        "done yet.",
                        request=request.name,
                        appointment=unfinished[0].name,
                    )
                )

    def action_cancel(self):
        started = self.appointment_ids.filtered(lambda a: a.state in ("in_progress", "done"))
        if started:
            raise UserError(
                self.env._(
                    "Request %(request)s cannot be cancelled: appointment %(appointment)s is already "
                    "started or done.",
                    request=started[0].request_id.name,
                    appointment=started[0].name,
                )
            )
        self.appointment_ids.filtered(lambda a: a.state in ("draft", "confirmed")).action_cancel()
        self._system_write({"resolution": "cancelled"})

    def action_reset(self):
        self._system_write({"resolution": False})
