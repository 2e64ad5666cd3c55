import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import plaintext2html

from ..tools.response_time import PRIORITIES, RESPONSE_HOURS_FIELDS, SLA_STATES
from ..tools.working_hours import hours_between, plan_hours_on
from .intervention_appointment import PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS, PORTAL_ORIGIN

_logger = logging.getLogger(__name__)

# Appointments that count as the visit answering a request: the technician came.
VISIT_STATES = ("in_progress", "done")
# Working intervals are read once per calendar from the earliest reception to the latest one plus
# this margin; a deadline further away is planned alone with plan_hours.
SLA_PLANNING_MARGIN = timedelta(days=62)
# What customers may ask on the portal: the kinds are mapped to templates in the settings.
PORTAL_KINDS = ("breakdown", "maintenance", "other")
PORTAL_PHOTOS_MAX = 5
PORTAL_DESCRIPTION_MAX = 5000
PORTAL_WINDOW_MAX_DAYS = 90


class InterventionRequest(models.Model):
    _name = "intervention.request"
    _description = "Intervention Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "batch.company.check.mixin",
        "system.field.mixin",
        "intervention.job.mixin",
        "portal.readable.mixin",
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
    priority = fields.Selection(PRIORITIES, default="0", index=True)
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
    date_received = fields.Datetime(
        string="Received On",
        default=fields.Datetime.now,
        readonly=True,
        copy=False,
        help="When the request came in: the response time counts from then, or from the start of the "
        "requested window when it is later.",
    )
    sla_response_hours = fields.Float(
        string="Response Time",
        compute="_compute_date_deadline",
        store=True,
        help="Working hours promised to reach the customer: from the contract, else the settings.",
    )
    date_response_start = fields.Datetime(
        string="Response Counted From",
        compute="_compute_date_deadline",
        store=True,
        help="The reception, or the start of the requested window when it is later.",
    )
    date_deadline = fields.Datetime(
        string="Response Deadline",
        compute="_compute_date_deadline",
        store=True,
        index=True,
        copy=False,
        help="The reception plus the response time, counted in the working hours, time zone and "
        "holidays of the company's calendar.",
    )
    date_first_visit = fields.Datetime(
        string="First Visit",
        compute="_compute_date_first_visit",
        store=True,
        help="Start of the first appointment that took place (in progress or done).",
    )
    sla_state = fields.Selection(
        SLA_STATES,
        string="Response",
        compute="_compute_sla_state",
        store=True,
        index=True,
        copy=False,
        help="Met: the first visit took place by the deadline. Breached: it came late, or the deadline "
        "passed without it. At Risk: no appointment planned by the deadline and little time left. "
        "Updated by a daily job and whenever the request or its appointments change.",
    )
    sla_alert_sent = fields.Boolean(
        string="Response Alert Sent",
        readonly=True,
        copy=False,
        help="The responsible was given an activity when the request went at risk.",
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

    # ------------------------------------------------------------------
    # Response time (SLA)
    # ------------------------------------------------------------------

    def _get_response_hours(self):
        """The response time of each request of ``self``, in working hours (0: none): the
        company's for the priority. Addons that know better (a contract) extend it; one call
        for the batch."""
        return {
            request: request.company_id[RESPONSE_HOURS_FIELDS[int(request.priority or 0)]] for request in self
        }

    def _sla_deadline_depends(self):
        return ["priority", "equipment_id", "company_id", "date_received", "date_start"]

    def _get_sla_start(self):
        """When the response time starts: the reception, or the start (company's time) of the
        requested window when it is later: a visit planned for next month is not late tomorrow."""
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        received = pytz.utc.localize(self.date_received or fields.Datetime.now())
        if not self.date_start:
            return received
        tz = pytz.timezone(calendar.tz or "UTC")
        window_start = tz.localize(datetime.combine(self.date_start, time.min)).astimezone(pytz.utc)
        return max(received, window_start)

    @api.depends(lambda self: self._sla_deadline_depends())
    def _compute_date_deadline(self):
        """Plan every deadline on the company's working intervals, read once per calendar."""
        response_hours = self._get_response_hours()
        to_plan = defaultdict(list)
        for request in self:
            hours = response_hours.get(request, 0.0)
            start = request._get_sla_start()
            request.sla_response_hours = hours
            request.date_response_start = start.replace(tzinfo=None)
            calendar = request.company_id.resource_calendar_id
            if hours > 0 and calendar:
                to_plan[calendar].append((request, start, hours))
            else:
                request.date_deadline = False
        for calendar, plans in to_plan.items():
            intervals = self._get_sla_intervals(calendar, [start for _request, start, _hours in plans])
            for request, start, hours in plans:
                deadline = plan_hours_on(intervals, start, hours) or calendar.plan_hours(
                    hours, start, compute_leaves=True
                )
                request.date_deadline = deadline and deadline.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _get_sla_intervals(self, calendar, moments):
        """The company-wide working intervals of ``calendar`` (its attendances less the leaves
        of no one in particular: public holidays, closures) from the first of ``moments`` (aware
        datetimes) to the last one plus a margin, as a sorted list of (start, stop)."""
        start, stop = min(moments), max(moments) + SLA_PLANNING_MARGIN
        intervals = calendar._work_intervals_batch(start, stop)[False]
        return [(interval_start, interval_stop) for interval_start, interval_stop, _meta in intervals]

    @api.depends("appointment_ids.state", "appointment_ids.date_start")
    def _compute_date_first_visit(self):
        for request in self:
            visits = request.appointment_ids.filtered(lambda a: a.state in VISIT_STATES)
            request.date_first_visit = min(visits.mapped("date_start"), default=False)

    @api.depends(
        "date_deadline",
        "date_first_visit",
        "state",
        "sla_response_hours",
        "appointment_ids.state",
        "appointment_ids.date_start",
    )
    def _compute_sla_state(self):
        states = self._get_sla_states(fields.Datetime.now())
        for request in self:
            request.sla_state = states[request]

    def _get_sla_states(self, now):
        """The response state of each request at ``now`` (naive UTC), False where it has no
        deadline or was cancelled unvisited. The time left is counted in working hours."""
        states = {}
        open_requests = defaultdict(list)
        for request in self:
            deadline = request.date_deadline
            if not deadline or (request.state == "cancelled" and not request.date_first_visit):
                states[request] = False
            elif request.date_first_visit:
                states[request] = "met" if request.date_first_visit <= deadline else "breached"
            elif deadline < now:
                states[request] = "breached"
            else:
                planned = request.appointment_ids.filtered(lambda a: a.state == "confirmed")
                first_planned = min(planned.mapped("date_start"), default=False)
                if first_planned:
                    states[request] = "on_track" if first_planned <= deadline else "at_risk"
                else:
                    open_requests[request.company_id].append(request)
        now_utc = pytz.utc.localize(now)
        for company, requests in open_requests.items():
            calendar = company.resource_calendar_id
            deadlines = [pytz.utc.localize(request.date_deadline) for request in requests]
            intervals = self._get_sla_intervals(calendar, [now_utc]) if calendar else []
            for request, deadline in zip(requests, deadlines, strict=True):
                if deadline > now_utc + SLA_PLANNING_MARGIN or not calendar:
                    states[request] = "on_track"
                    continue
                left = hours_between(intervals, now_utc, deadline)
                threshold = request.sla_response_hours * company.intervention_sla_risk_percent / 100
                states[request] = "at_risk" if left < threshold else "on_track"
        return states

    def _get_sla_alert_user(self):
        """Who is told when the request goes at risk: its responsible."""
        self.ensure_one()
        return self.user_id

    def _send_sla_alerts(self):
        """One activity per request that went at risk, for its responsible; a request back on
        track may be alerted again if it goes at risk anew."""
        self._as_system().filtered(lambda r: r.sla_alert_sent and r.sla_state != "at_risk").write(
            {"sla_alert_sent": False}
        )
        to_alert = self.filtered(lambda r: r.sla_state == "at_risk" and not r.sla_alert_sent)
        by_user = defaultdict(lambda: self.browse())
        for request in to_alert:
            if user := request._get_sla_alert_user():
                by_user[user] |= request
            else:
                _logger.info("Request %s is at risk and has no responsible to alert.", request.name)
        for user, requests in by_user.items():
            for request in requests:
                request.activity_schedule(
                    "field_intervention.mail_activity_type_sla_at_risk",
                    date_deadline=fields.Date.context_today(request, request.date_deadline),
                    summary=self.env._("Response deadline at risk"),
                    note=self.env._(
                        "Request %(request)s must be visited by %(deadline)s.",
                        request=request.name,
                        deadline=fields.Datetime.to_string(request.date_deadline),
                    ),
                    user_id=user.id,
                )
        to_alert._system_write({"sla_alert_sent": True})

    @api.model
    def _cron_update_sla_state(self, batch_size=1000):
        """Daily: the open requests' response states move with time (on track, at risk,
        breached); then the responsibles of those that went at risk get their activity."""
        field = self._fields["sla_state"]
        requests = self.search([("sla_state", "in", ("on_track", "at_risk"))])
        for start in range(0, len(requests), batch_size):
            batch = requests[start : start + batch_size]
            self.env.add_to_compute(field, batch)
            batch._recompute_recordset(["sla_state"])
            batch._send_sla_alerts()
        # Requests back on track after an alert: their flag is cleared for the next risk.
        self.search([("sla_alert_sent", "=", True), ("sla_state", "!=", "at_risk")])._send_sla_alerts()

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
    def _get_portal_readable_fields(self):
        """What a customer reads of their requests over RPC: what the portal pages show; not the
        office's responsible, response follow-up or sales links."""
        return super()._get_portal_readable_fields() | {
            "name",
            "partner_id",
            "commercial_partner_id",
            "address_partner_id",
            "company_id",
            "equipment_id",
            "template_id",
            "intervention_type",
            "task_id",
            "description",
            "priority",
            "date_start",
            "date_end",
            "date_received",
            "state",
            "origin",
            "appointment_ids",
        }

    @api.model
    def _get_system_fields(self):
        """Besides the computed state: the reference and the resolution (Mark as Done, Cancel,
        Reset)."""
        return super()._get_system_fields() | {"name", "resolution", "date_received", "sla_alert_sent"}

    @api.model
    def _get_system_fields_on_create(self):
        # An imported request may keep its number and when it came in.
        return {"name", "date_received"}

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

    # ------------------------------------------------------------------
    # Customer portal
    # ------------------------------------------------------------------

    @api.model
    def _get_portal_kinds(self, company):
        """The kinds of request ``company`` offers on the portal, in order: {kind: (label,
        template, bookable)}; a kind without a template in the settings is not offered."""
        # Read as superuser: customers may not read templates, only be offered their kinds.
        company = company.sudo()
        labels = {
            "breakdown": self.env._("Breakdown"),
            "maintenance": self.env._("Servicing"),
            "other": self.env._("Other"),
        }
        return {
            kind: (
                label,
                company[f"intervention_portal_{kind}_template_id"],
                company[f"intervention_portal_book_{kind}"],
            )
            for kind, label in labels.items()
            if company[f"intervention_portal_{kind}_template_id"]
        }

    def _get_portal_kind(self):
        """The portal kind of the request: the one whose template it has, else told by its type
        (a contract's visits are maintenance)."""
        self.ensure_one()
        company = self.company_id
        for kind in PORTAL_KINDS:
            if self.template_id and self.template_id == company[f"intervention_portal_{kind}_template_id"]:
                return kind
        return {"maintenance": "maintenance", "after_sales": "breakdown"}.get(self.intervention_type, "other")

    def _portal_can_book(self):
        """Whether the customer may pick the slot of this request on the portal: the settings let
        them for its kind, it waits for its (first) appointment, and its requested window opens
        within the days a customer may ask ahead (a contract visit next year is booked later)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        return bool(
            self.state == "to_schedule"
            and self.date_start <= today + timedelta(days=PORTAL_WINDOW_MAX_DAYS)
            and self.company_id[f"intervention_portal_book_{self._get_portal_kind()}"]
            and not self.appointment_ids.filtered(lambda a: a.state != "cancelled")
        )

    @api.model
    def _create_from_portal(self, partner, values, photos=()):
        """The request ``partner`` (a portal user's) sends from the portal, created as superuser
        once every value is checked: ``values`` has ``kind``, ``equipment_id`` (optional),
        ``description``, ``date_start`` and ``date_end`` as the form posts them; ``photos`` are
        (file name, bytes) pairs. The customer follows the request and gets an acknowledgement;
        the responsible of portal requests gets an activity."""
        Equipment = self.env["installed.equipment"].sudo()
        customer = partner.commercial_partner_id
        equipment = Equipment
        if values.get("equipment_id"):
            equipment = Equipment.browse(self._portal_int(values["equipment_id"], "equipment_id")).exists()
            if not equipment or not equipment.partner_id.commercial_partner_id == customer:
                raise ValidationError(self.env._("Equipment: this unit is not one of yours."))
        company = equipment.company_id or partner.company_id or self.env.company
        kinds = self._get_portal_kinds(company)
        if values.get("kind") not in kinds:
            raise ValidationError(self.env._("Kind: choose one of the kinds of request offered."))
        description = (values.get("description") or "").strip()
        if not description:
            raise ValidationError(self.env._("Description: tell us what the intervention is about."))
        if len(description) > PORTAL_DESCRIPTION_MAX:
            raise ValidationError(
                self.env._("Description: at most %(count)s characters.", count=PORTAL_DESCRIPTION_MAX)
            )
        date_start, date_end = self._portal_window(values, company)
        if len(photos) > PORTAL_PHOTOS_MAX:
            raise ValidationError(self.env._("Photos: at most %(count)s photos.", count=PORTAL_PHOTOS_MAX))
        Appointment = self.env["intervention.appointment"]
        for name, raw in photos:
            Appointment._check_report_image(raw, "photo_ids", name, PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS)
        self._portal_check_rate(customer, company)
        responsible = company.intervention_portal_user_id or self.env["res.users"].sudo().search(
            [
                ("group_ids", "in", self.env.ref("field_intervention.group_intervention_dispatcher").id),
                ("company_ids", "in", company.id),
                ("share", "=", False),
            ],
            order="id",
            limit=1,
        )
        label, template, _bookable = kinds[values["kind"]]
        request = (
            self.sudo()
            .with_company(company)
            .with_context(mail_create_nolog=True)
            .create(
                {
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "equipment_id": equipment.id,
                    "template_id": template.id,
                    "description": plaintext2html(description),
                    "date_start": date_start,
                    "date_end": date_end,
                    "origin": PORTAL_ORIGIN,
                    "user_id": responsible.id,
                }
            )
        )
        # Pending attachments of the poster, as the composer's are: message_post moves them onto
        # the request (it would drop, for a portal user, files already linked elsewhere).
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {"name": name, "raw": raw, "res_model": "mail.compose.message", "res_id": 0}
                    for name, raw in photos
                ]
            )
        )
        request.message_subscribe(partner_ids=partner.ids)
        request.message_post(
            body=self.env._("%(kind)s request sent from the customer portal.", kind=label),
            author_id=partner.id,
            attachment_ids=attachments.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        request.message_post_with_source(
            "field_intervention.mail_template_intervention_request_received",
            author_id=(responsible.partner_id or company.partner_id).id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        if responsible:
            request.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=responsible.id,
                summary=self.env._("Portal request: %(kind)s", kind=label),
                note=description[:200],
            )
        return request

    @api.model
    def _portal_int(self, value, field_name):
        try:
            return int(value)
        except (TypeError, ValueError) as error:
            label = self._fields[field_name]._description_string(self.env)
            raise ValidationError(self.env._("%(field)s: not a valid value.", field=label)) from error

    @api.model
    def _portal_window(self, values, company):
        """The requested window the customer typed: from today at the earliest, for at most
        PORTAL_WINDOW_MAX_DAYS days ahead; today to a fortnight when left empty."""
        today = fields.Date.context_today(
            self.with_context(tz=self.env.user.tz or company.resource_calendar_id.tz)
        )
        dates = []
        for field_name, default in (("date_start", today), ("date_end", None)):
            label = self._fields[field_name]._description_string(self.env)
            raw = values.get(field_name)
            try:
                dates.append(fields.Date.to_date(raw) if raw else default)
            except ValueError as error:
                raise ValidationError(self.env._("%(field)s: not a valid date.", field=label)) from error
        date_start, date_end = dates
        date_end = date_end or max(date_start, today) + timedelta(days=14)
        if date_start < today:
            raise ValidationError(self.env._("Requested From: the date cannot be in the past."))
        if date_end < date_start:
            raise ValidationError(self.env._("Requested Until: the date cannot be before Requested From."))
        if date_end > today + timedelta(days=PORTAL_WINDOW_MAX_DAYS):
            raise ValidationError(
                self.env._(
                    "Requested Until: at most %(days)s days ahead; call us for a later visit.",
                    days=PORTAL_WINDOW_MAX_DAYS,
                )
            )
        return date_start, date_end

    @api.model
    def _portal_check_rate(self, customer, company):
        """Refuse a request beyond the company's limit of portal requests per customer and 24 h."""
        since = fields.Datetime.now() - timedelta(hours=24)
        sent = (
            self.sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("origin", "=", PORTAL_ORIGIN),
                    ("partner_id", "child_of", customer.id),
                    ("date_received", ">=", since),
                ]
            )
        )
        if sent >= company.intervention_portal_request_limit:
            raise UserError(
                self.env._(
                    "You have sent %(count)s requests in the last 24 hours: please call us%(phone)s.",
                    count=sent,
                    phone=f" ({company.phone})" if company.phone else "",
                )
            )

    def _portal_book(self, key):
        """Book, for the customer, the slot ``key`` the portal offered: the appointment is
        confirmed, or left to the office to confirm, as the settings say; the customer gets the
        invitation."""
        self.ensure_one()
        if not self._portal_can_book():
            raise UserError(
                self.env._(
                    "Request %(request)s cannot be booked on the portal: it is already planned, "
                    "closed, or its visits are planned by our office.",
                    request=self.name,
                )
            )
        confirm = self.company_id.intervention_portal_booking_state == "confirmed"
        finder = self.env["intervention.slot.finder"]._portal_finder(self)
        appointment = finder._portal_book(key, confirm=confirm)
        appointment.message_post(
            body=self.env._("Booked by the customer from the portal."),
            author_id=self.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        appointment._portal_send_visit_mail()
        if not confirm and self.user_id:
            appointment.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.user_id.id,
                summary=self.env._("Confirm the visit the customer booked"),
            )
        return appointment
