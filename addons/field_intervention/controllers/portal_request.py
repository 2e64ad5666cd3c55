import base64
from collections import OrderedDict

import pytz

from odoo import http, tools
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools.image import image_process

from ..models.intervention_appointment import PHOTO_MAX_BYTES


class InterventionRequestPortal(CustomerPortal):
    """The customer's requests: ask for an intervention, pick its slot, move or cancel a visit.

    The routes only read the form and show the result; every rule (whose unit, which kinds,
    the window, the photos, the rate, which slots, until when a visit may change) is checked by
    the models' ``_portal_*`` methods and ``_create_from_portal``."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "intervention_request_count" in counters:
            Request = request.env["intervention.request"]
            values["intervention_request_count"] = (
                Request.search_count([], limit=1) if Request.has_access("read") else 0
            )
        return values

    def _portal_tz(self):
        return pytz.timezone(request.env.user.tz or request.env.company.resource_calendar_id.tz or "UTC")

    def _group_slots_by_day(self, slots):
        """The slots under their local day: [(day label, [(time label, key)])]."""
        tz = self._portal_tz()
        days = OrderedDict()
        for slot in slots:
            local = pytz.utc.localize(slot["date_start"]).astimezone(tz)
            day = tools.format_date(request.env, local.date(), date_format="EEEE d MMMM")
            day = day[:1].upper() + day[1:]  # "Jeudi 3 décembre", "Thursday 3 December"
            days.setdefault(day, []).append(
                (tools.format_time(request.env, local.time(), time_format="short"), slot["key"])
            )
        return list(days.items())

    def _get_or_404(self, model_name, record_id):
        """The record as superuser once the user may read it; else "not found", whether it is
        another customer's or does not exist."""
        try:
            return self._document_check_access(model_name, record_id)
        except (AccessError, MissingError):
            raise request.not_found() from None

    # ------------------------------------------------------------------
    # Requests
    # ------------------------------------------------------------------

    @http.route(["/my/requests", "/my/requests/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_requests(self, page=1, **kwargs):
        Request = request.env["intervention.request"]
        pager = portal_pager(
            url="/my/requests",
            total=Request.search_count([]),
            page=page,
            step=self._items_per_page,
        )
        requests = Request.search(
            [], order="date_received desc, id desc", limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "intervention_requests": requests.sudo(),
                "page_name": "intervention_request",
                "pager": pager,
                "default_url": "/my/requests",
                "can_ask": bool(Request._get_portal_kinds(request.env.user.company_id)),
            }
        )
        return request.render("field_intervention.portal_my_requests", values)

    @http.route(["/my/requests/<int:request_id>"], type="http", auth="user", website=True)
    def portal_my_request(self, request_id, message=None, **kwargs):
        request_sudo = self._get_or_404("intervention.request", request_id)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "intervention_request": request_sudo,
                "appointments": request_sudo.appointment_ids.filtered(lambda a: a.state != "cancelled"),
                # Thumbnails inline: the page stays light whatever the size of the photos.
                "photos": [
                    (
                        photo.name,
                        photo.mimetype,
                        base64.b64encode(image_process(photo.raw, size=(240, 240))).decode(),
                    )
                    for photo in request_sudo.env["ir.attachment"].search(
                        [
                            ("res_model", "=", request_sudo._name),
                            ("res_id", "=", request_sudo.id),
                            ("mimetype", "in", ("image/png", "image/jpeg")),
                        ]
                    )
                ],
                "page_name": "intervention_request",
                "message": message,
            }
        )
        return request.render("field_intervention.portal_my_request", values)

    @http.route(["/my/requests/new"], type="http", auth="user", methods=["GET", "POST"], website=True)
    def portal_request_new(self, **post):
        partner = request.env.user.partner_id
        Request = request.env["intervention.request"]
        if request.httprequest.method == "POST":
            photos = []
            for upload in request.httprequest.files.getlist("photos"):
                if upload.filename:
                    # One byte more than allowed is enough to refuse it: the rest is not read.
                    photos.append((upload.filename, upload.read(PHOTO_MAX_BYTES + 1)))
            try:
                with request.env.cr.savepoint():
                    new_request = Request._create_from_portal(partner, post, photos)
            except (UserError, ValidationError) as error:
                return self._render_request_form(post, error=str(error))
            if new_request._portal_can_book():
                return request.redirect(f"/my/requests/{new_request.id}/book")
            return request.redirect(f"/my/requests/{new_request.id}?message=sent")
        return self._render_request_form(post)

    def _render_request_form(self, post, error=None):
        partner = request.env.user.partner_id
        Request = request.env["intervention.request"]
        equipment = (
            request.env["installed.equipment"]
            .sudo()
            .search([("partner_id", "child_of", partner.commercial_partner_id.id)])
        )
        company = equipment[:1].company_id or request.env.user.company_id
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "kinds": Request._get_portal_kinds(company),
                "equipment": equipment,
                "post": post,
                "error": error,
                "page_name": "intervention_request",
                "company": company,
            }
        )
        return request.render("field_intervention.portal_request_form", values)

    # ------------------------------------------------------------------
    # Slots: book a request's visit, move an appointment
    # ------------------------------------------------------------------

    def _render_slots(self, source, action_url, error=None):
        finder = request.env["intervention.slot.finder"]._portal_finder(source)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "source": source,
                "days": self._group_slots_by_day(finder._portal_slots()),
                "action_url": action_url,
                "error": error,
                "page_name": "intervention_request",
                "company": source.company_id,
            }
        )
        return request.render("field_intervention.portal_slots", values)

    @http.route(
        ["/my/requests/<int:request_id>/book"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_request_book(self, request_id, slot=None, **kwargs):
        request_sudo = self._get_or_404("intervention.request", request_id)
        if not request_sudo._portal_can_book():
            return request.redirect(f"/my/requests/{request_sudo.id}")
        if request.httprequest.method == "POST":
            try:
                with request.env.cr.savepoint():
                    appointment = request_sudo._portal_book(slot)
            except UserError as error:
                return self._render_slots(
                    request_sudo, f"/my/requests/{request_sudo.id}/book", error=str(error)
                )
            return request.redirect(appointment.get_portal_url(query_string="&message=booked"))
        return self._render_slots(request_sudo, f"/my/requests/{request_sudo.id}/book")

    @http.route(
        ["/my/interventions/<int:appointment_id>/reschedule"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_intervention_reschedule(self, appointment_id, slot=None, **kwargs):
        appointment_sudo = self._get_or_404("intervention.appointment", appointment_id)
        if not appointment_sudo._portal_can_change():
            return request.redirect(appointment_sudo.get_portal_url())
        url = f"/my/interventions/{appointment_sudo.id}/reschedule"
        if request.httprequest.method == "POST":
            try:
                with request.env.cr.savepoint():
                    appointment_sudo._portal_reschedule(slot)
            except UserError as error:
                return self._render_slots(appointment_sudo, url, error=str(error))
            return request.redirect(appointment_sudo.get_portal_url(query_string="&message=rescheduled"))
        return self._render_slots(appointment_sudo, url)

    @http.route(
        ["/my/interventions/<int:appointment_id>/cancel"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_intervention_cancel(self, appointment_id, **kwargs):
        appointment_sudo = self._get_or_404("intervention.appointment", appointment_id)
        try:
            with request.env.cr.savepoint():
                appointment_sudo._portal_cancel()
        except UserError:
            return request.redirect(appointment_sudo.get_portal_url(query_string="&message=too_late"))
        return request.redirect(appointment_sudo.get_portal_url(query_string="&message=cancelled"))
