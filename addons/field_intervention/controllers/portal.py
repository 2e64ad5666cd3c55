import binascii

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request


class InterventionPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "intervention_count" in counters:
            Appointment = request.env["intervention.appointment"]
            values["intervention_count"] = (
                Appointment.search_count(self._prepare_interventions_domain(), limit=1)
                if Appointment.has_access("read")
                else 0
            )
        return values

    def _prepare_interventions_domain(self):
        # The record rules keep portal users to their own (and their company's) appointments.
        return [("state", "in", ("confirmed", "in_progress", "done"))]

    @http.route(
        ["/my/interventions", "/my/interventions/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_interventions(self, page=1, **kwargs):
        Appointment = request.env["intervention.appointment"]
        domain = self._prepare_interventions_domain()
        pager = portal_pager(
            url="/my/interventions",
            total=Appointment.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        appointments = Appointment.search(
            domain,
            order="date_start desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_interventions_history"] = appointments.ids[:100]
        # sudo only to show the technicians' names and the addresses, of appointments the
        # customer may read (the search applied their record rules; checked again here).
        appointments.check_access("read")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "appointments": appointments.sudo(),
                "page_name": "intervention",
                "pager": pager,
                "default_url": "/my/interventions",
            }
        )
        return request.render("field_intervention.portal_my_interventions", values)

    @http.route(["/my/interventions/<int:appointment_id>"], type="http", auth="public", website=True)
    def portal_my_intervention(
        self, appointment_id, access_token=None, report_type=None, download=False, **kwargs
    ):
        try:
            appointment_sudo = self._document_check_access(
                "intervention.appointment",
                appointment_id,
                access_token=access_token,
            )
        except (AccessError, MissingError):
            if request.env.user._is_public() and not access_token:
                return request.redirect(f"/web/login?redirect=/my/interventions/{appointment_id}")
            raise request.not_found()
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=appointment_sudo,
                report_type=report_type,
                report_ref="field_intervention.action_report_intervention_appointment",
                download=download,
            )
        values = self._get_page_view_values(
            appointment_sudo,
            access_token,
            {
                "appointment": appointment_sudo,
                "page_name": "intervention",
                "report_type": "html",
                "message": kwargs.get("message"),
            },
            "my_interventions_history",
            False,
        )
        return request.render("field_intervention.portal_my_intervention", values)

    @http.route(["/my/interventions/<int:appointment_id>/sign"], type="jsonrpc", auth="public", website=True)
    def portal_intervention_sign(self, appointment_id, access_token=None, name=None, signature=None):
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            appointment_sudo = self._document_check_access(
                "intervention.appointment",
                appointment_id,
                access_token=access_token,
            )
        except (AccessError, MissingError):
            return {"error": request.env._("Invalid intervention.")}
        if not signature:
            return {"error": request.env._("Signature is missing.")}
        try:
            appointment_sudo._sign_from_portal(name, signature)
            request.env.cr.flush()
        except UserError as error:
            return {"error": str(error)}
        except (TypeError, binascii.Error):
            return {"error": request.env._("Invalid signature data.")}
        appointment_sudo.message_post(
            body=request.env._("Report signed by %(name)s from the customer portal.", name=name),
            author_id=(
                appointment_sudo.partner_id.id
                if request.env.user._is_public()
                else request.env.user.partner_id.id
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return {
            "force_refresh": True,
            "redirect_url": appointment_sudo.get_portal_url(query_string="&message=sign_ok"),
        }
