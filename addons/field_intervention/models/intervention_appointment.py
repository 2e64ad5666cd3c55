import base64
import binascii
import io
import logging
import warnings
from datetime import datetime, timedelta
from urllib.parse import quote_plus

import pytz
from PIL import Image

from odoo import Command, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from ..tools.ics import appointment_ics

_logger = logging.getLogger(__name__)

GROUP_TECHNICIAN = "field_intervention.group_intervention_technician"
GROUP_DISPATCHER = "field_intervention.group_intervention_dispatcher"
GROUP_MANAGER = "field_intervention.group_intervention_manager"
GROUP_EDIT_DONE = "field_intervention.group_intervention_edit_done"

# (from, to): the group a user needs for the transition. Anything else is refused.
STATE_TRANSITIONS = {
    ("draft", "confirmed"): GROUP_DISPATCHER,
    ("draft", "cancelled"): GROUP_DISPATCHER,
    ("confirmed", "draft"): GROUP_DISPATCHER,
    ("confirmed", "cancelled"): GROUP_DISPATCHER,
    ("confirmed", "in_progress"): GROUP_TECHNICIAN,
    ("confirmed", "done"): GROUP_TECHNICIAN,
    ("in_progress", "done"): GROUP_TECHNICIAN,
    ("in_progress", "confirmed"): GROUP_DISPATCHER,
    ("in_progress", "cancelled"): GROUP_DISPATCHER,
    ("done", "confirmed"): GROUP_EDIT_DONE,
    ("cancelled", "draft"): GROUP_DISPATCHER,
}

# Colour indexes of Odoo's palette, used by the calendar and the kanban cards.
STATE_COLORS = {"draft": 3, "confirmed": 4, "in_progress": 2, "done": 10, "cancelled": 1}

# What a signature and a photo may be (decoded size, pixels): PNG or JPEG, told from the bytes.
# A signature pad draws a few hundred pixels wide; phone photos are a few MiB, and Odoo scales
# uploaded images down to 1920 px anyway.
REPORT_IMAGE_FORMATS = ("PNG", "JPEG")
SIGNATURE_MAX_BYTES = 1024 * 1024
SIGNATURE_MAX_PIXELS = 4_000_000
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_PIXELS = 50_000_000

# On My Way: the expected arrival the technician may give, at most.
ON_MY_WAY_MAX_MINUTES = 600

# The Source Document of the requests customers send from the portal.
PORTAL_ORIGIN = "Portal"

REPORT_ACTION = "field_intervention.action_report_intervention_appointment"
REPORT_MAIL_TEMPLATE = "field_intervention.mail_template_intervention_report"


class InterventionAppointment(models.Model):
    _name = "intervention.appointment"
    _description = "Intervention Appointment"
    _inherit = [
        "portal.mixin",
        "portal.readable.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "batch.company.check.mixin",
        "system.field.mixin",
        "intervention.job.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    request_id = fields.Many2one(
        "intervention.request",
        check_company=True,
        index="btree_not_null",
        tracking=True,
    )
    # template_id, intervention_type, task_id, partner_id, address_partner_id, equipment_id,
    # sector_id and company_id come from intervention.job.mixin.
    partner_id = fields.Many2one(tracking=True)
    partner_phone = fields.Char(string="Phone", compute="_compute_partner_phone")
    address_map_url = fields.Char(string="Map", compute="_compute_address_map_url")
    equipment_id = fields.Many2one(
        help="Only the customer's equipment can be chosen; when the customer has exactly one "
        "unit, it is filled in.",
    )
    sector_id = fields.Many2one(
        tracking=True,
        help="Derived from the postcode of the intervention address; can be set by hand.",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        check_company=True,
        index="btree_not_null",
        groups="sales_team.group_sale_salesman",
    )
    description = fields.Html()
    instructions = fields.Html(
        compute="_compute_instructions",
        store=True,
        readonly=False,
        precompute=True,
        help="Copied from the template when it is chosen; later template edits change nothing here.",
    )
    date_start = fields.Datetime(
        string="Start Date",
        required=True,
        tracking=True,
        index=True,
        default=lambda self: (
            fields.Datetime.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        ),
    )
    date_end = fields.Datetime(
        string="End Date",
        required=True,
        compute="_compute_date_end",
        store=True,
        readonly=False,
        precompute=True,
    )
    duration = fields.Float(
        compute="_compute_duration",
        store=True,
        readonly=False,
        precompute=True,
        help="Planned duration in hours; changing it moves the end, and moving the end changes it.",
    )
    allday = fields.Boolean(string="All Day")
    technician_ids = fields.Many2many(
        "res.users",
        string="Technicians",
        tracking=True,
        default=lambda self: self._default_technician_ids(),
        domain=lambda self: self.env["intervention.task"]._domain_technician_ids(),
    )
    unqualified_technician_ids = fields.Many2many(
        "res.users",
        string="Unqualified Technicians",
        compute="_compute_unqualified_technician_ids",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("confirmed", "Confirmed"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    is_closed = fields.Boolean(
        string="Closed",
        readonly=True,
        copy=False,
        tracking=True,
        help="A closed appointment can only be changed by a manager, whatever its state.",
    )
    color = fields.Integer(compute="_compute_color")
    # Time tracking
    time_tracking = fields.Selection(related="company_id.intervention_time_tracking")
    time_tracking_required = fields.Boolean(
        related="company_id.intervention_time_tracking_required",
    )
    timer_start = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the timer was started, moved forward by the pauses.",
    )
    timer_pause = fields.Datetime(readonly=True, copy=False, help="When the timer was paused.")
    actual_duration = fields.Float(copy=False, help="Time actually spent on site, in hours.")
    travel_duration = fields.Float(string="Travel Time", copy=False, help="In hours.")
    # Report
    work_summary = fields.Html(copy=False)
    signature = fields.Binary(copy=False, attachment=True)
    signed_by = fields.Char(copy=False)
    signed_on = fields.Datetime(copy=False)
    report_sent_date = fields.Datetime(string="Report Sent On", copy=False, readonly=True)
    photo_ids = fields.Many2many(
        "ir.attachment",
        "intervention_appointment_photo_rel",
        "appointment_id",
        "attachment_id",
        string="Photos",
        copy=False,
    )
    report_send_mode = fields.Selection(related="template_id.report_send_mode")
    can_send_report = fields.Boolean(compute="_compute_can_send_report")
    date_on_my_way = fields.Datetime(
        string="On the Way Since",
        readonly=True,
        copy=False,
        help="When the technician pressed On My Way: the customer was told the expected arrival.",
    )
    date_expected_arrival = fields.Datetime(
        string="Expected Arrival",
        readonly=True,
        copy=False,
        help="The arrival time the technician gave the customer with On My Way.",
    )
    is_field_technician = fields.Boolean(
        compute="_compute_is_field_technician",
        help="The user is a technician, not a dispatcher: the form shows the visit to read and the "
        "report to fill in.",
    )
    can_notify_on_my_way = fields.Boolean(
        compute="_compute_can_notify_on_my_way",
        help="The user may tell the customer they are on the way: a confirmed visit of today that "
        "is theirs (or any, for dispatchers).",
    )
    report_layout = fields.Selection(related="template_id.report_layout")
    report_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Stored Report",
        readonly=True,
        copy=False,
        help="The report PDF attached when the appointment was done (template option).",
    )
    # Questionnaires: the template's, and the one of the equipment's category. The answers are
    # survey.user_input records that technicians cannot read: the form shows them rendered.
    survey_id = fields.Many2one(
        "survey.survey",
        string="Questionnaire",
        compute="_compute_survey_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Copied from the template when it is chosen.",
    )
    equipment_survey_id = fields.Many2one(
        "survey.survey",
        string="Equipment Questionnaire",
        related="equipment_id.category_id.survey_id",
    )
    survey_user_input_id = fields.Many2one(
        "survey.user_input",
        string="Questionnaire Answers",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="survey.group_survey_user",
    )
    equipment_user_input_id = fields.Many2one(
        "survey.user_input",
        string="Equipment Questionnaire Answers",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="survey.group_survey_user",
    )
    questionnaire_answers = fields.Html(
        string="Answers",
        compute="_compute_questionnaire_answers",
        sanitize=False,
    )

    # ------------------------------------------------------------------
    # Defaults and computes
    # ------------------------------------------------------------------

    def _default_technician_ids(self):
        # A technician creating an appointment on the phone is its technician.
        user = self.env.user
        if user.has_group(GROUP_TECHNICIAN) and not user.has_group(GROUP_DISPATCHER):
            return user
        return self.env["res.users"]

    @api.depends("name", "partner_id.name")
    def _compute_display_name(self):
        # The planning shows the display name: the customer tells more than the number.
        for appointment in self:
            parts = [appointment.name, appointment.partner_id.name]
            appointment.display_name = " - ".join(part for part in parts if part)

    @api.depends("template_id")
    def _compute_instructions(self):
        for appointment in self:
            appointment.instructions = appointment._get_template_instructions(
                appointment.partner_id.lang or self.env.lang
            )

    def _get_template_instructions(self, lang):
        """The template's instructions in ``lang`` (the customer's)."""
        self.ensure_one()
        return self.template_id.with_context(lang=lang).instructions

    @api.depends("template_id")
    def _compute_survey_id(self):
        for appointment in self:
            appointment.survey_id = appointment.template_id.survey_id

    @api.depends("state", "report_send_mode")
    @api.depends_context("uid")
    def _compute_can_send_report(self):
        office = self.env.user.has_group(GROUP_DISPATCHER)
        for appointment in self:
            appointment.can_send_report = appointment.state == "done" and (
                office or appointment.report_send_mode == "mobile_manual"
            )

    @api.depends_context("uid")
    def _compute_is_field_technician(self):
        user = self.env.user
        self.is_field_technician = user.has_group(GROUP_TECHNICIAN) and not user.has_group(GROUP_DISPATCHER)

    @api.depends("state", "date_start", "technician_ids", "is_closed")
    @api.depends_context("uid")
    def _compute_can_notify_on_my_way(self):
        for appointment in self:
            appointment.can_notify_on_my_way = not appointment._get_on_my_way_error()

    def _compute_access_url(self):
        for appointment in self:
            appointment.access_url = f"/my/interventions/{appointment.id}"

    def _get_user_inputs(self):
        """The questionnaire answers of the appointments (sudo: technicians cannot read surveys),
        for appointments the user may read (the portal renders them)."""
        self.check_access("read")
        appointments = self.sudo()
        return appointments.survey_user_input_id | appointments.equipment_user_input_id

    def _compute_questionnaire_answers(self):
        for appointment in self:
            user_inputs = appointment._get_user_inputs()
            appointment.questionnaire_answers = (
                user_inputs._render_intervention_answers() if user_inputs else False
            )

    def _get_site_address(self):
        # Without equipment on site, the request's address.
        return super()._get_site_address() or self.request_id.address_partner_id

    @api.depends("partner_id", "equipment_id", "request_id")
    def _compute_address_partner_id(self):
        return super()._compute_address_partner_id()

    @api.depends("address_partner_id.phone", "partner_id.phone")
    def _compute_partner_phone(self):
        for appointment in self:
            appointment.partner_phone = (
                appointment.address_partner_id.phone or appointment.partner_id.phone or False
            )

    @api.depends(
        "address_partner_id.street",
        "address_partner_id.zip",
        "address_partner_id.city",
        "address_partner_id.country_id",
    )
    def _compute_address_map_url(self):
        for appointment in self:
            address = appointment.address_partner_id
            parts = [address.street, address.street2, address.zip, address.city, address.country_id.name]
            query = ", ".join(part for part in parts if part)
            appointment.address_map_url = (
                f"https://www.google.com/maps/search/?api=1&query={quote_plus(query)}" if query else False
            )

    @api.depends("date_start", "duration")
    def _compute_date_end(self):
        # End and duration depend on each other: moving the start keeps the duration.
        self.env.remove_to_compute(self._fields["duration"], self)
        for appointment in self:
            appointment.date_end = appointment.date_start and (
                appointment.date_start + timedelta(minutes=round((appointment.duration or 0.0) * 60))
            )

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for appointment in self:
            if appointment.date_start and appointment.date_end:
                seconds = (appointment.date_end - appointment.date_start).total_seconds()
                appointment.duration = round(seconds / 3600, 2)
            else:
                appointment.duration = appointment.template_id.duration

    @api.depends("technician_ids", "task_id.technician_ids")
    def _compute_unqualified_technician_ids(self):
        for appointment in self:
            # _origin: in a form the records are new-record copies of the real ones
            qualified = appointment.task_id.technician_ids._origin
            appointment.unqualified_technician_ids = (
                appointment.technician_ids._origin - qualified if qualified else False
            )

    @api.depends("state")
    def _compute_color(self):
        for appointment in self:
            appointment.color = STATE_COLORS.get(appointment.state, 0)

    # ------------------------------------------------------------------
    # Onchanges and constraints
    # ------------------------------------------------------------------

    @api.onchange("template_id")
    def _onchange_template_id(self):
        if self.template_id and self.template_id.duration:
            self.duration = self.template_id.duration

    @api.onchange("partner_id")
    def _onchange_partner_id_instructions(self):
        # A template chosen before the customer copied its instructions in the user's language;
        # instructions edited since stay as they are.
        old_lang = self._origin.partner_id.lang or self.env.lang
        lang = self.partner_id.lang or self.env.lang
        if lang != old_lang and self.instructions == self._get_template_instructions(old_lang):
            self.instructions = self._get_template_instructions(lang)

    @api.onchange("technician_ids", "task_id")
    def _onchange_technician_qualification(self):
        if self.unqualified_technician_ids:
            return {
                "warning": {
                    "title": self.env._("Technician not qualified"),
                    "message": self.env._(
                        "%(technicians)s not qualified for the task %(task)s. You can keep them, or "
                        "choose among: %(qualified)s.",
                        technicians=", ".join(self.unqualified_technician_ids.mapped("name")),
                        task=self.task_id.name,
                        qualified=", ".join(self.task_id.technician_ids.mapped("name")),
                    ),
                }
            }
        return None

    @api.constrains("date_start", "date_end", "duration")
    def _check_dates(self):
        for appointment in self:
            if appointment.duration < 0 or (
                appointment.date_end and appointment.date_end < appointment.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "Appointment %(appointment)s: the End (%(end)s) is before the Start "
                        "(%(start)s). The Duration cannot be negative.",
                        appointment=appointment.name,
                        end=appointment.date_end,
                        start=appointment.date_start,
                    )
                )

    @api.constrains("actual_duration", "travel_duration")
    def _check_time_spent(self):
        for appointment in self:
            if appointment.actual_duration < 0:
                raise ValidationError(
                    self.env._(
                        "Appointment %(appointment)s: the Actual Duration cannot be negative.",
                        appointment=appointment.name,
                    )
                )
            if appointment.travel_duration < 0:
                raise ValidationError(
                    self.env._(
                        "Appointment %(appointment)s: the Travel Time cannot be negative.",
                        appointment=appointment.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD and locks
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self = self._without_system_defaults()  # pylint: disable=self-cls-assignment
            for vals in vals_list:
                self._check_create_allowed(vals)
        templates = self.env["intervention.template"]
        for vals in vals_list:
            self._check_report_images(vals)
            template = templates.browse(vals.get("template_id")) or templates._get_default_template(
                self.env["res.company"].browse(vals.get("company_id")) or self.env.company,
            )
            if template:
                vals.setdefault("template_id", template.id)
            if vals.get("signature") and not vals.get("signed_on"):
                vals["signed_on"] = fields.Datetime.now()
            if "duration" not in vals and "date_end" not in vals:
                vals["duration"] = template.duration or 1.0
        new = self.env._("New")
        to_number = [index for index, vals in enumerate(vals_list) if vals.get("name", new) == new]
        for index in to_number:
            vals_list[index]["name"] = new
        appointments = super().create(vals_list)
        if not self.env.su:
            appointments._check_created_technicians()
        appointments._attach_photos()
        # Numbered once every check has passed: a refused appointment takes no number.
        appointments.browse([appointments.ids[index] for index in to_number])._assign_numbers()
        return appointments

    def _assign_numbers(self):
        """Give the appointments their numbers from the sequence, prefixed with the template's code."""
        numbers = self.env["ir.sequence"]._next_by_code_batch("intervention.appointment", len(self))
        for appointment, number in zip(self, numbers, strict=True):
            code = appointment.template_id.code
            appointment._system_write({"name": f"{code}/{number}" if code else number})

    def _check_create_allowed(self, vals):
        """A user creates a draft appointment (a dispatcher may create it confirmed: the same right
        as Confirm); the rest of the system fields are left to the appointment's own methods."""
        state = vals.get("state", "draft")
        if state != "draft":
            self.browse()._check_state_transition(state, from_state="draft")
        self._check_field_write_rights(set(vals) - {"state", "name"}, creating=True)
        company = self.env["res.company"].browse(vals.get("company_id"))
        if company and company not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You cannot create an appointment in the company %(company)s: you do not work "
                    "in it (field Company).",
                    company=company.sudo().name,
                )
            )

    def _check_created_technicians(self):
        """A technician creating an appointment on the phone is its only technician."""
        if self.env.user.has_group(GROUP_DISPATCHER):
            return
        for appointment in self:
            if appointment.technician_ids - self.env.user:
                raise AccessError(
                    self.env._(
                        "Appointment %(appointment)s: only a dispatcher can plan other technicians "
                        "(field Technicians).",
                        appointment=appointment.display_name,
                    )
                )

    @api.model
    def _get_system_fields(self):
        """Fields only the appointment's own methods write, never a user whatever the group:
        the state and the lock (through their buttons), the timer, the reference, the report's
        follow-up (stored PDF, sent date, signing date), the questionnaire answer sets and the
        portal token."""
        return super()._get_system_fields() | {
            "name",
            "state",
            "is_closed",
            "timer_start",
            "timer_pause",
            "report_sent_date",
            "report_attachment_id",
            "access_token",
            "signed_on",
            "survey_user_input_id",
            "equipment_user_input_id",
            "date_on_my_way",
            "date_expected_arrival",
        }

    @api.model
    def _get_system_fields_on_create(self):
        # Checked by create before it sets them itself: the state (as a transition from Draft),
        # the number (an imported appointment may keep its own) and the signing date.
        return {"name", "state", "signed_on"}

    @api.model
    def _get_office_fields(self):
        """Fields only dispatchers (and managers) change: who goes, in which company, for which
        request."""
        return {"technician_ids", "company_id", "request_id"}

    @api.model
    def _get_planning_fields(self):
        """Fields a technician reads on site and sets only on an appointment they create: where,
        what and when are the office's once planned."""
        return {
            "partner_id",
            "address_partner_id",
            "template_id",
            "intervention_type",
            "task_id",
            "equipment_id",
            "sector_id",
            "date_start",
            "date_end",
            "duration",
            "allday",
            "description",
            "instructions",
            "survey_id",
        }

    def _check_field_write_rights(self, field_names, creating=False):
        """Refuse the system fields to every user, and the office fields to technicians; the
        states and the lock are checked by ``_check_write_allowed``."""
        if self.env.su:
            return
        self._check_system_fields(field_names)
        office = field_names & self._get_office_fields()
        if creating:
            # A technician's own appointment gets the technician and the company by default.
            office -= {"technician_ids", "company_id"}
        if office and not self.env.user.has_group(GROUP_DISPATCHER):
            raise AccessError(
                self.env._(
                    "Only dispatchers can change %(fields)s of an appointment.",
                    fields=self._describe_fields(office),
                )
            )

    @api.model
    def _get_portal_readable_fields(self):
        """What a customer reads of their appointments (the portal pages and the report): over
        JSON-RPC a portal user reads nothing else, so the technicians' instructions, timers,
        questionnaire answer sets and stored files stay internal."""
        return super()._get_portal_readable_fields() | {
            "name",
            "partner_id",
            "commercial_partner_id",
            "address_partner_id",
            "company_id",
            "date_start",
            "date_end",
            "duration",
            "allday",
            "state",
            "is_closed",
            "intervention_type",
            "template_id",
            "task_id",
            "equipment_id",
            "technician_ids",
            "description",
            "work_summary",
            "photo_ids",
            "questionnaire_answers",
            "signature",
            "signed_by",
            "signed_on",
            "report_sent_date",
            "access_url",
            "access_token",
            "access_warning",
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        for appointment in self:
            if appointment.state in ("in_progress", "done"):
                raise UserError(
                    self.env._(
                        "Appointment %(appointment)s is in progress or done and cannot be deleted; "
                        "cancel it before it starts instead.",
                        appointment=appointment.name,
                    )
                )
            if appointment.is_closed and not self.env.user.has_group(GROUP_MANAGER):
                raise UserError(
                    self.env._(
                        "Appointment %(appointment)s is closed: only a manager can delete it.",
                        appointment=appointment.name,
                    )
                )

    @api.model
    def _get_lock_free_fields(self):
        """Fields that may change on a done or closed appointment (follow-up, not content)."""
        return {
            "is_closed",
            "report_sent_date",
            "timer_start",
            "timer_pause",
            "access_token",
            "report_attachment_id",
        }

    @api.model
    def _get_report_fields(self):
        """Fields of the report, locked before Start when time tracking is required."""
        return {"work_summary", "signature", "signed_by", "signed_on", "actual_duration", "photo_ids"}

    @api.model
    def _get_report_after_done_fields(self):
        """Report fields the technician may still fill in once done, until the appointment is
        closed: the summary, photos and signature are often completed after Finish."""
        return {
            "work_summary",
            "signature",
            "signed_by",
            "signed_on",
            "photo_ids",
            "survey_user_input_id",
            "equipment_user_input_id",
        }

    def write(self, vals):
        self._check_field_write_rights(set(vals))
        self._check_report_images(vals)
        self._check_signature_replacement(vals)
        records = self
        if "signature" in vals and "signed_on" not in vals:
            vals = {**vals, "signed_on": vals["signature"] and fields.Datetime.now()}
            # The signing date is the system's, set here once the user's values are checked.
            records = self._as_system()
        if not self.env.su:
            self._check_write_allowed(vals)
        result = super(InterventionAppointment, records).write(vals)
        if "photo_ids" in vals:
            self._attach_photos()
        return result

    def _attach_photos(self):
        """Photos uploaded before the record existed belong to no record: give them to it, so
        that whoever may read the appointment may read its photos."""
        for appointment in self:
            # Only the user's own unlinked uploads (or those they may read) become photos here.
            appointment.photo_ids.filtered(lambda photo: not photo.res_id).check_access("read")
            appointment.photo_ids.sudo().filtered(lambda photo: not photo.res_id).write(
                {
                    "res_model": self._name,
                    "res_id": appointment.id,
                }
            )

    def _check_report_images(self, vals):
        """Refuse, in ``vals`` of create or write, a signature or new photos that are not PNG or
        JPEG images within their limits, told from the bytes whatever their name or mimetype."""
        if vals.get("signature"):
            raw = self._decode_report_image(vals["signature"], "signature", SIGNATURE_MAX_BYTES)
            self._check_report_image(raw, "signature", None, SIGNATURE_MAX_BYTES, SIGNATURE_MAX_PIXELS)
        if not vals.get("photo_ids"):
            return
        Attachment = self.env["ir.attachment"]
        linked, created = [], []
        for command in vals["photo_ids"]:
            if isinstance(command, int):
                linked.append(command)
            elif command[0] in (fields.Command.CREATE, fields.Command.UPDATE):
                created.append(command[2] or {})
            elif command[0] == fields.Command.LINK:
                linked.append(command[1])
            elif command[0] == fields.Command.SET:
                linked.extend(command[2])
        # Photos already on the appointments were checked when they came in.
        new_photos = Attachment.browse(linked) - self.photo_ids
        # Read as the user: linking someone else's file would show it in the report.
        new_photos.check_access("read")
        for photo in new_photos:
            self._check_report_image(
                photo.raw or b"",
                "photo_ids",
                photo.name,
                PHOTO_MAX_BYTES,
                PHOTO_MAX_PIXELS,
            )
        for photo_vals in created:
            if "raw" in photo_vals or "datas" in photo_vals:
                raw = photo_vals.get("raw") or self._decode_report_image(
                    photo_vals.get("datas") or b"",
                    "photo_ids",
                    PHOTO_MAX_BYTES,
                )
                self._check_report_image(
                    raw,
                    "photo_ids",
                    photo_vals.get("name"),
                    PHOTO_MAX_BYTES,
                    PHOTO_MAX_PIXELS,
                )

    def _decode_report_image(self, data, field_name, max_bytes):
        """The bytes of a base64 image of field ``field_name``, refused unread when too long."""
        label = self._fields[field_name].get_description(self.env)["string"]
        if len(data) > max_bytes * 4 // 3 + 4:
            raise ValidationError(
                self.env._(
                    "%(field)s: the image is larger than %(limit)s MiB.",
                    field=label,
                    limit=f"{max_bytes / 1048576:g}",
                )
            )
        try:
            return base64.b64decode(data)
        except (binascii.Error, ValueError) as error:
            raise ValidationError(
                self.env._(
                    "%(field)s: the image data is not valid base64.",
                    field=label,
                )
            ) from error

    def _check_report_image(self, raw, field_name, image_name, max_bytes, max_pixels):
        """Refuse ``raw`` unless it is a PNG or JPEG image of at most ``max_bytes`` bytes and
        ``max_pixels`` pixels; Pillow tells the type from the content."""
        label = self._fields[field_name].get_description(self.env)["string"]
        image_name = image_name or self.env._("the image")
        if len(raw) > max_bytes:
            raise ValidationError(
                self.env._(
                    "%(field)s: %(image)s is %(size)s MiB; at most %(limit)s MiB are accepted.",
                    field=label,
                    image=image_name,
                    size=f"{len(raw) / 1048576:.1f}",
                    limit=f"{max_bytes / 1048576:g}",
                )
            )
        image_format, pixels = None, 0
        with warnings.catch_warnings():
            # Pillow only warns up to twice its own bound: such a bomb is refused, not opened.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                with Image.open(io.BytesIO(raw)) as image:
                    image_format, pixels = image.format, image.size[0] * image.size[1]
                    image.verify()
            except (Image.DecompressionBombWarning, Image.DecompressionBombError):
                # Refused for its pixel count before Pillow read its type: say so, not "not PNG".
                image_format, pixels = REPORT_IMAGE_FORMATS[0], max_pixels + 1
            except (OSError, SyntaxError, ValueError):
                image_format = None
        if image_format not in REPORT_IMAGE_FORMATS:
            raise ValidationError(
                self.env._(
                    "%(field)s: %(image)s is not a PNG or JPEG image.",
                    field=label,
                    image=image_name,
                )
            )
        if pixels > max_pixels:
            raise ValidationError(
                self.env._(
                    "%(field)s: %(image)s has too many pixels; at most %(limit)s million pixels are "
                    "accepted.",
                    field=label,
                    image=image_name,
                    limit=f"{max_pixels / 1e6:g}",
                )
            )

    def _check_signature_replacement(self, vals):
        """A signature once given is the customer's: only an intervention manager replaces or
        clears it (or its name and date), and the replaced one is kept in the chatter."""
        touched = {"signature", "signed_by", "signed_on"} & set(vals)
        signed = self.filtered("signature") if touched else self.browse()
        if not signed:
            return
        if not self.env.su and not self.env.user.has_group(GROUP_MANAGER):
            raise UserError(
                self.env._(
                    "Appointment %(appointment)s is signed: only an intervention manager can replace "
                    "or clear its %(fields)s.",
                    appointment=signed[0].name,
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"] for name in sorted(touched)
                    ),
                )
            )
        if "signature" not in vals:
            return
        for appointment in signed.with_context(bin_size=False):
            values = {
                "name": appointment.signed_by or "?",
                "date": (
                    tools.format_datetime(self.env, appointment.signed_on) if appointment.signed_on else "?"
                ),
                "user": self.env.user.name,
                "now": tools.format_datetime(self.env, fields.Datetime.now()),
            }
            raw = base64.b64decode(appointment.signature)
            extension = {"image/png": ".png", "image/jpeg": ".jpg"}.get(guess_mimetype(raw), "")
            appointment.message_post(
                body=self.env._(
                    "Signature of %(name)s (signed on %(date)s) replaced by %(user)s on %(now)s; the "
                    "replaced signature is attached.",
                    **values,
                )
                if vals["signature"]
                else self.env._(
                    "Signature of %(name)s (signed on %(date)s) cleared by %(user)s on %(now)s; the "
                    "cleared signature is attached.",
                    **values,
                ),
                attachments=[(f"{appointment.name} signature{extension}", raw)],
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    def _check_write_allowed(self, vals):
        user = self.env.user
        content = {
            name
            for name in vals
            if name not in self._get_lock_free_fields() and not name.startswith(("message_", "activity_"))
        }
        new_state = vals.get("state")
        for appointment in self:
            if (appointment.is_closed or vals.get("is_closed") is not None) and (
                not user.has_group(GROUP_MANAGER)
            ):
                if "is_closed" in vals:
                    raise UserError(
                        self.env._(
                            "Only intervention managers can close or reopen appointment %(appointment)s.",
                            appointment=appointment.name,
                        )
                    )
                if content:
                    raise UserError(
                        self.env._(
                            "Appointment %(appointment)s is closed: only a manager can change it. "
                            "Ask a manager to reopen it.",
                            appointment=appointment.name,
                        )
                    )
            if new_state and new_state != appointment.state:
                appointment._check_state_transition(new_state)
            elif appointment.state == "cancelled" and content - {"state"}:
                raise UserError(
                    self.env._(
                        "Appointment %(appointment)s is cancelled and cannot be changed. A dispatcher "
                        "can set it back to Draft first.",
                        appointment=appointment.name,
                    )
                )
            elif appointment.state == "done" and (content - {"state"} - self._get_report_after_done_fields()):
                raise UserError(
                    self.env._(
                        "Appointment %(appointment)s is done and cannot be changed. A user with the "
                        'right "Edit Done Appointments" can set it back to Confirmed first.',
                        appointment=appointment.name,
                    )
                )
            if (
                appointment.time_tracking_required
                and vals.get("state", appointment.state) in ("draft", "confirmed")
                and content & self._get_report_fields()
            ):
                fields_desc = ", ".join(
                    self._fields[name].get_description(self.env)["string"]
                    for name in sorted(content & self._get_report_fields())
                )
                raise UserError(
                    self.env._(
                        "Appointment %(appointment)s: press Start before filling in the report "
                        "(%(fields)s); time tracking is required.",
                        appointment=appointment.name,
                        fields=fields_desc,
                    )
                )
        planning = content & self._get_planning_fields()
        if self and planning and not user.has_group(GROUP_DISPATCHER):
            raise AccessError(
                self.env._(
                    "Appointment %(appointment)s: only dispatchers can change %(fields)s of a planned "
                    "appointment.",
                    appointment=self[0].name,
                    fields=self._describe_fields(planning),
                )
            )

    def _check_state_transition(self, new_state, from_state=None):
        """Refuse a transition the table does not have, or whose right the user lacks; a new
        appointment (``self`` empty) goes from ``from_state``."""
        old_state = from_state or self.ensure_one().state
        name = self.name or self.env._("New")
        states = dict(self._fields["state"]._description_selection(self.env))
        if new_state not in states:
            raise ValidationError(
                self.env._(
                    '"%(state)s" is not a State of an appointment.',
                    state=new_state,
                )
            )
        group = STATE_TRANSITIONS.get((old_state, new_state))
        if not group:
            raise UserError(
                self.env._(
                    "Appointment %(appointment)s cannot go from %(old)s to %(new)s.",
                    appointment=name,
                    old=states[old_state],
                    new=states[new_state],
                )
            )
        if not self.env.user.has_group(group):
            group_name = self.env.ref(group).name
            raise UserError(
                self.env._(
                    "Appointment %(appointment)s: going from %(old)s to %(new)s requires the right "
                    '"%(group)s".',
                    appointment=name,
                    old=states[old_state],
                    new=states[new_state],
                    group=group_name,
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_confirm(self):
        self._system_write({"state": "confirmed"})

    def action_start(self):
        for appointment in self:
            if appointment.state != "confirmed":
                raise UserError(
                    self.env._(
                        "Appointment %(appointment)s cannot be started: only confirmed appointments can.",
                        appointment=appointment.name,
                    )
                )
            if not appointment.technician_ids:
                raise UserError(
                    self.env._(
                        "Appointment %(appointment)s cannot be started: it has no Technicians.",
                        appointment=appointment.name,
                    )
                )
        now = fields.Datetime.now()
        timed = self.filtered(lambda a: a.time_tracking == "timer")
        timed._check_one_timer_per_technician()
        timed._system_write({"state": "in_progress", "timer_start": now})
        (self - timed)._system_write({"state": "in_progress"})

    def _get_finish_missing_requirements(self):
        """Hook: what each visit still lacks before Finish, beyond the state and the times checked
        by ``_check_can_finish``: {appointment id: [sentence naming one missing item, ...]}, every
        item at once (the Finish dialog lists them all). Nothing here; addons extend it (the
        French certificates' mandatory answers, the serial numbers of the parts)."""
        return {appointment.id: [] for appointment in self}

    def _check_finish_requirements(self):
        """Refuse Finish while anything is missing, naming every item of the first visit concerned."""
        missing = self._get_finish_missing_requirements()
        for appointment in self:
            if items := missing.get(appointment.id):
                raise UserError(
                    self.env._(
                        "Appointment %(appointment)s cannot be finished yet:\n%(missing)s",
                        appointment=appointment.name,
                        missing="\n".join(f"- {item}" for item in items),
                    )
                )

    def _check_can_finish(self):
        self._check_finish_requirements()
        self._check_finish_state()

    def _check_finish_state(self):
        for appointment in self:
            if appointment.state == "in_progress":
                continue
            if (
                appointment.state == "confirmed"
                and not appointment.time_tracking_required
                and (appointment.time_tracking != "timer")
            ):
                continue
            raise UserError(
                self.env._(
                    "Appointment %(appointment)s cannot be finished: press Start first.",
                    appointment=appointment.name,
                )
                if appointment.state == "confirmed"
                else self.env._(
                    "Appointment %(appointment)s cannot be finished from this state.",
                    appointment=appointment.name,
                )
            )

    def action_open_finish(self):
        """Finish button: one dialog that confirms, asks the times when the time tracking mode
        needs them and lists what the visit still lacks (its Finish stays refused until then)."""
        self.ensure_one()
        self._check_finish_state()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Finish %(appointment)s", appointment=self.name),
            "res_model": "intervention.appointment.finish",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_appointment_id": self.id},
        }

    def action_finish(self):
        """Finish without the dialog (several at once, or over RPC): ask for the times in manual
        and timer modes.

        In timer mode the time spent is pre-filled from the timer and can be corrected (a
        forgotten pause); several appointments finished at once keep their timers' times."""
        self._check_can_finish()
        ask = self.filtered(lambda a: a.time_tracking in ("manual", "timer"))
        if len(self) == 1 and ask:
            return self.action_open_finish()
        if ask.filtered(lambda a: a.time_tracking == "manual"):
            raise UserError(
                self.env._(
                    "Finish the appointments one at a time: each needs its duration and travel time.",
                )
            )
        self._action_done()
        return True

    def _get_timer_duration(self, now=None):
        """Hours on the running (or paused) timer, pauses left out."""
        self.ensure_one()
        if not self.timer_start:
            return 0.0
        stop = self.timer_pause or now or fields.Datetime.now()
        return round((stop - self.timer_start).total_seconds() / 3600, 2)

    def _action_done(self, values=None):
        """Stop the timers, record the times and set done; times given in ``values`` (typed by
        the technician) win over the timer's."""
        self._check_can_finish()
        now = fields.Datetime.now()
        for appointment in self:
            if values:
                # What the technician typed is written as the technician's own write.
                appointment.write(values)
            vals = {"state": "done"}
            if appointment.timer_start:
                if "actual_duration" not in (values or {}):
                    vals["actual_duration"] = appointment._get_timer_duration(now)
                vals.update(timer_start=False, timer_pause=False)
            appointment._system_write(vals)
        self._on_done()
        self._process_report_on_done()

    def _on_done(self):
        """Hook: what a visit makes once done, before its report is stored and sent (so that
        what it makes can go with the report). Nothing here; addons extend it (the French
        addon makes the regulatory certificates)."""

    def _check_one_timer_per_technician(self):
        """A technician works on one appointment at a time: refuse a second running timer."""
        if len(self) > 1 and any(self[0].technician_ids & other.technician_ids for other in self[1:]):
            raise UserError(
                self.env._(
                    "Start the appointments one at a time: a technician can only have one timer running.",
                )
            )
        running = self.sudo().search(
            [
                ("id", "not in", self.ids),
                ("state", "=", "in_progress"),
                ("timer_start", "!=", False),
                ("timer_pause", "=", False),
                ("technician_ids", "in", self.technician_ids.ids),
            ]
        )
        for appointment in self:
            for other in running:
                shared = appointment.technician_ids & other.technician_ids
                if shared:
                    raise UserError(
                        self.env._(
                            "The timer of appointment %(appointment)s cannot run: %(technician)s already "
                            "has a timer running on appointment %(other)s. Pause or finish it first.",
                            appointment=appointment.name,
                            technician=shared[0].name,
                            other=other.name,
                        )
                    )

    def _check_timer_running(self):
        for appointment in self:
            if appointment.state != "in_progress" or not appointment.timer_start:
                raise UserError(
                    self.env._(
                        "Appointment %(appointment)s has no running timer: press Start first.",
                        appointment=appointment.name,
                    )
                )

    def action_timer_pause(self):
        self._check_timer_running()
        self.filtered(lambda a: not a.timer_pause)._system_write({"timer_pause": fields.Datetime.now()})

    def action_timer_resume(self):
        """Resume the timer: the pause is taken out by moving its start forward."""
        self._check_timer_running()
        self.filtered("timer_pause")._check_one_timer_per_technician()
        now = fields.Datetime.now()
        for appointment in self.filtered("timer_pause"):
            appointment._system_write(
                {
                    "timer_start": appointment.timer_start + (now - appointment.timer_pause),
                    "timer_pause": False,
                }
            )

    def action_find_slot(self):
        self.ensure_one()
        return self.env["intervention.slot.finder"]._action_open(self)

    def action_on_my_way(self):
        """On My Way: ask the technician in how long they arrive, then tell the customer."""
        self.ensure_one()
        if error := self._get_on_my_way_error():
            raise UserError(error)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("On My Way"),
            "res_model": "intervention.on.my.way",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_appointment_id": self.id},
        }

    def _get_on_my_way_error(self):
        """Why the user may not send On My Way for this visit now, or False: only a confirmed,
        open visit of today (in the user's time zone), by one of its technicians or the office."""
        self.ensure_one()
        if self.state != "confirmed" or self.is_closed:
            return self.env._(
                "Appointment %(appointment)s: On My Way is for confirmed visits not started yet.",
                appointment=self.name,
            )
        tz = pytz.timezone(self.env.user.tz or self.company_id.resource_calendar_id.tz or "UTC")
        today = datetime.now(tz).date()
        if not self.date_start or pytz.utc.localize(self.date_start).astimezone(tz).date() != today:
            return self.env._(
                "Appointment %(appointment)s is not today: On My Way is sent on the day of the visit.",
                appointment=self.name,
            )
        user = self.env.user
        if not self.env.su and user not in self.technician_ids and not user.has_group(GROUP_DISPATCHER):
            return self.env._(
                "Appointment %(appointment)s: only its technicians tell the customer they are on the way.",
                appointment=self.name,
            )
        return False

    def _notify_on_my_way(self, minutes):
        """Tell the customer the technician is on the way and arrives in ``minutes``."""
        self.ensure_one()
        if error := self._get_on_my_way_error():
            raise UserError(error)
        if not isinstance(minutes, int) or not 0 < minutes <= ON_MY_WAY_MAX_MINUTES:
            raise ValidationError(
                self.env._(
                    "Minutes to Arrival: between 1 and %(limit)s minutes.",
                    limit=ON_MY_WAY_MAX_MINUTES,
                )
            )
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        self._system_write({"date_on_my_way": now, "date_expected_arrival": now + timedelta(minutes=minutes)})
        sender = self.env.user if self.env.user in self.technician_ids else self.technician_ids[:1]
        self.sudo().message_post_with_source(
            "field_intervention.mail_template_intervention_on_my_way",
            author_id=(sender.partner_id or self.company_id.partner_id).id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return True

    def _get_portal_technician_names(self):
        """The technicians as the customer is told them: first names only."""
        self.ensure_one()
        return ", ".join(
            name.split()[0] for name in self.sudo().technician_ids.mapped("name") if name.split()
        )

    def _get_portal_visit_day(self):
        """What the visit's page tells the customer on the day of a planned visit: who comes,
        the arrival window and, once the technician is on the way, the expected arrival; False
        on other days."""
        self.ensure_one()
        if self.state not in ("confirmed", "in_progress") or not self.date_start:
            return False
        tz = pytz.timezone(self._portal_tz())
        start = pytz.utc.localize(self.date_start).astimezone(tz)
        if start.date() != datetime.now(tz).date():
            return False
        window_end = start + timedelta(hours=self.company_id.intervention_arrival_window)
        arrival = self.date_expected_arrival and pytz.utc.localize(self.date_expected_arrival).astimezone(tz)
        lang = self.partner_id.lang or self.env.lang

        def hour(moment):
            return tools.format_time(self.env, moment.time(), time_format="short", lang_code=lang)

        return {
            "technicians": self._get_portal_technician_names(),
            "window_start": hour(start),
            "window_end": hour(window_end),
            "expected_arrival": arrival and hour(arrival),
            "started": self.state == "in_progress",
        }

    def action_cancel(self):
        self._system_write({"state": "cancelled"})

    def action_draft(self):
        self._system_write({"state": "draft"})

    def action_back_to_confirmed(self):
        self._system_write({"state": "confirmed"})

    def action_close(self):
        self._system_write({"is_closed": True})

    def action_reopen(self):
        self._system_write({"is_closed": False})

    def action_assign_sector(self):
        """Assign a sector from the postcode of the intervention address."""
        self.env["intervention.sector"]._assign_sectors(self)

    def action_open_map(self):
        self.ensure_one()
        if not self.address_map_url:
            raise UserError(
                self.env._(
                    "Appointment %(appointment)s has no Intervention Address to show on a map.",
                    appointment=self.name,
                )
            )
        return {"type": "ir.actions.act_url", "url": self.address_map_url, "target": "new"}

    # ------------------------------------------------------------------
    # Report: questionnaire, PDF, sending, portal
    # ------------------------------------------------------------------

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Intervention Report %(appointment)s", appointment=self.name)

    def _get_portal_return_action(self):
        self.ensure_one()
        return self.env.ref("field_intervention.intervention_appointment_action")

    def _open_questionnaire(self, survey, answer_field, **link):
        """Open the survey's answer pages on this appointment's answer set, created once."""
        self.ensure_one()
        # The URL carries the answer set's token, which lets its holder write the answers: only
        # for users who may change the appointment (a customer may call the button over RPC).
        self.check_access("write")
        if not survey:
            raise UserError(
                self.env._(
                    "Appointment %(appointment)s has no questionnaire to fill in.",
                    appointment=self.name,
                )
            )
        if self.is_closed or self.state == "cancelled":
            raise UserError(
                self.env._(
                    "Appointment %(appointment)s is closed or cancelled: its questionnaire cannot be "
                    "filled in.",
                    appointment=self.name,
                )
            )
        self._check_write_allowed({answer_field: True})
        appointment = self.sudo()
        answer = appointment[answer_field]
        partner = self.env.user.partner_id
        if not answer or answer.survey_id != survey:
            answer = survey.sudo()._create_answer(
                user=self.env.user,
                check_attempts=False,
                intervention_appointment_id=self.id,
                **link,
            )
            appointment[answer_field] = answer
        elif answer.partner_id != partner:
            # Another technician of the visit goes on with the same answers.
            answer.partner_id = partner
        return {"type": "ir.actions.act_url", "target": "self", "url": answer.get_start_url()}

    def action_fill_questionnaire(self):
        return self._open_questionnaire(self.survey_id, "survey_user_input_id")

    def action_fill_equipment_questionnaire(self):
        return self._open_questionnaire(
            self.equipment_survey_id,
            "equipment_user_input_id",
            installed_equipment_id=self.equipment_id.id,
        )

    def _process_report_on_done(self):
        """Once done: store the PDF if the template asks, send it in automatic mode. A failure
        to send never undoes the done state: it is left visible on the appointment."""
        to_store = self.filtered(lambda a: a.template_id.report_auto_store and not a.report_attachment_id)
        for appointment in to_store:
            try:
                with self.env.cr.savepoint():
                    appointment._store_report_pdf()
            except Exception as error:  # any rendering failure: the visit is done all the same
                _logger.info("Report of appointment %s not stored: %s", appointment.name, error)
                appointment._report_not_stored(str(error))
        auto = self.filtered(lambda a: a.report_send_mode == "auto")
        if auto:
            auto._send_report_mail()

    def _store_report_pdf(self):
        self.ensure_one()
        pdf, _report_type = self.env["ir.actions.report"].sudo()._render_qweb_pdf(REPORT_ACTION, self.ids)
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{self._get_report_base_filename()}.pdf",
                    "type": "binary",
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        self._system_write({"report_attachment_id": attachment.id})
        return attachment

    def _send_report_mail(self):
        """Email the report with its PDF to the customer, without the composer."""
        template = self.env.ref(REPORT_MAIL_TEMPLATE)
        for appointment in self:
            if not appointment.partner_id.email:
                appointment._report_not_sent(
                    self.env._(
                        "the customer %(customer)s has no email address",
                        customer=appointment.partner_id.name,
                    )
                )
                continue
            extra = {}
            if appointment.report_attachment_id:
                # The stored PDF goes with the mail, not a second copy rendered by the template.
                attachments = template.attachment_ids | appointment.report_attachment_id
                extra["attachment_ids"] = [Command.set(attachments.ids)]
            try:
                with self.env.cr.savepoint():
                    appointment.message_post_with_source(
                        template,
                        subtype_xmlid="mail.mt_comment",
                        message_type="comment",
                        **extra,
                    )
                    appointment._system_write({"report_sent_date": fields.Datetime.now()})
            except Exception as error:
                _logger.info("Report of appointment %s not sent: %s", appointment.name, error)
                appointment._report_not_sent(str(error))

    def _report_not_stored(self, reason):
        self.ensure_one()
        self._warn_office(
            self.env._("Intervention report not stored"),
            self.env._(
                "The intervention report could not be stored: %(reason)s. Print it again once fixed.",
                reason=reason,
            ),
        )

    def _report_not_sent(self, reason):
        self.ensure_one()
        self._warn_office(
            self.env._("Intervention report not sent"),
            self.env._(
                "The intervention report could not be sent: %(reason)s. Send it again with "
                '"Send Report" once fixed.',
                reason=reason,
            ),
        )

    def _warn_office(self, summary, message):
        """A note in the chatter and a warning activity for the request's responsible."""
        self.message_post(body=message, subtype_xmlid="mail.mt_note")
        self.activity_schedule(
            "mail.mail_activity_data_warning",
            summary=summary,
            note=message,
            user_id=(self.request_id.user_id or self.env.user).id,
        )

    def action_send_report(self):
        """Send Report: Odoo's mail composer with the report template and its PDF."""
        self.ensure_one()
        if not self.can_send_report:
            raise UserError(
                self.env._(
                    "The report of appointment %(appointment)s can be sent once it is done, from the "
                    "back office, or by its technician when the template allows it.",
                    appointment=self.name,
                )
            )
        template = self.env.ref(REPORT_MAIL_TEMPLATE, raise_if_not_found=False)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send the Intervention Report"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id if template else False,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "mark_intervention_report_sent": True,
                "force_email": True,
            },
        }

    def _message_post_after_hook(self, message, msg_values):
        # The composer opened by "Send Report" posts here: that is when the report is sent.
        if self.env.context.get("mark_intervention_report_sent"):
            # The context comes from the caller (the portal chatter passes it on): the mark is
            # for users who may change the appointment, checked as themselves, not as sudo.
            self.sudo(False).check_access("write")
            self.filtered(lambda a: a.state == "done").sudo().report_sent_date = fields.Datetime.now()
        return super()._message_post_after_hook(message, msg_values)

    def _sign_from_portal(self, name, signature):
        """The customer signs the report on the portal when it was not signed on site."""
        self.ensure_one()
        if self.signature or self.state != "done" or self.is_closed:
            raise UserError(
                self.env._(
                    "The report of appointment %(appointment)s cannot be signed: it is already signed, "
                    "not done yet, or closed.",
                    appointment=self.name,
                )
            )
        self.sudo().write({"signature": signature, "signed_by": name, "signed_on": fields.Datetime.now()})

    # ------------------------------------------------------------------
    # Customer portal: reschedule, cancel, the invitation
    # ------------------------------------------------------------------

    def _portal_change_deadline(self):
        """Until when the customer may move or cancel the visit from the portal."""
        self.ensure_one()
        return self.date_start - timedelta(hours=self.company_id.intervention_portal_change_hours)

    def _portal_can_change(self):
        """Whether the customer may still move or cancel the visit from the portal: planned, and
        before the settings' delay."""
        self.ensure_one()
        return bool(
            self.state in ("draft", "confirmed")
            and not self.is_closed
            and fields.Datetime.now() < self._portal_change_deadline()
        )

    def _portal_check_can_change(self):
        if not self._portal_can_change():
            phone = self.company_id.phone
            raise UserError(
                self.env._(
                    "Appointment %(appointment)s can no longer be changed online: please call us%(phone)s.",
                    appointment=self.name,
                    phone=f" ({phone})" if phone else "",
                )
            )

    def _portal_reschedule(self, key):
        """Move the visit to the slot ``key`` the portal offered the customer."""
        self.ensure_one()
        self._portal_check_can_change()
        old_start = self.date_start
        self.env["intervention.slot.finder"]._portal_finder(self)._portal_book(key)
        self._portal_notify_office(
            self.env._(
                "Moved by the customer from the portal (was %(date)s).",
                date=tools.format_datetime(self.env, old_start, tz=self._portal_tz(), dt_format="short"),
            )
        )
        self._portal_send_visit_mail()

    def _portal_cancel(self):
        """The customer cancels the visit: a request they sent from the portal is cancelled
        with it; another one goes back to the office to plan."""
        self.ensure_one()
        self._portal_check_can_change()
        appointment = self.sudo()
        appointment.action_cancel()
        request = appointment.request_id
        if (
            request.origin == PORTAL_ORIGIN
            and request.state != "cancelled"
            and not request.appointment_ids.filtered(lambda a: a.state != "cancelled")
        ):
            request.action_cancel()
        self._portal_notify_office(self.env._("Cancelled by the customer from the portal."))
        appointment._portal_send_visit_mail(cancelled=True)

    def _portal_notify_office(self, body):
        """Tell the request's responsible (or the portal requests') what the customer changed."""
        appointment = self.sudo()
        appointment.message_post(
            body=body,
            author_id=self.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        responsible = appointment.request_id.user_id or appointment.company_id.intervention_portal_user_id
        if responsible:
            appointment.activity_schedule(
                "mail.mail_activity_data_todo", user_id=responsible.id, summary=body
            )

    def _portal_format_datetime(self, moment):
        """``moment`` (naive UTC) as the customer reads it in a mail: "Tuesday 5 March 2030,
        08:00", in their language and time zone."""
        self.ensure_one()
        local = pytz.utc.localize(moment).astimezone(pytz.timezone(self._portal_tz()))
        lang = self.partner_id.lang or self.env.lang
        day = tools.format_date(self.env, local.date(), lang_code=lang, date_format="EEEE d MMMM y")
        return f"{day}, {tools.format_time(self.env, local.time(), time_format='short', lang_code=lang)}"

    def _portal_tz(self):
        """The time zone the customer reads times in: theirs, else the company's hours'."""
        return self.partner_id.tz or self.company_id.resource_calendar_id.tz or "UTC"

    def _get_ics(self, cancelled=False):
        """The calendar invitation of the visit (.ics bytes)."""
        self.ensure_one()
        address = self.address_partner_id or self.partner_id
        return appointment_ics(
            uid=f"intervention-appointment-{self.id}@{self.get_base_url().split('//')[-1]}",
            sequence=int(self.write_date.timestamp()) if self.write_date else 0,
            date_start=self.date_start,
            date_end=self.date_end,
            summary=f"{self.company_id.name}: {self.template_id.name or self.name}",
            location=", ".join(address._display_address(without_company=True).splitlines()),
            description=self.get_base_url() + self.get_portal_url(),
            cancelled=cancelled,
        )

    def _portal_send_visit_mail(self, cancelled=False):
        """Send the customer the booked, moved or cancelled visit, with its invitation."""
        appointment = self.sudo()
        template = (
            "field_intervention.mail_template_intervention_visit_cancelled"
            if cancelled
            else "field_intervention.mail_template_intervention_visit_booked"
        )
        invitation = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{appointment.name.replace('/', '-')}.ics",
                    "raw": appointment._get_ics(cancelled),
                    "mimetype": "text/calendar",
                    "res_model": "mail.compose.message",
                    "res_id": 0,
                }
            )
        )
        appointment.message_subscribe(partner_ids=appointment.partner_id.ids)
        appointment.message_post_with_source(
            template,
            author_id=(appointment.request_id.user_id.partner_id or appointment.company_id.partner_id).id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=invitation.ids,
        )
