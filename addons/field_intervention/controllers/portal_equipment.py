from collections import defaultdict

from odoo import fields, http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

# The appointments a customer sees of a unit: the planned and the past ones.
SHOWN_STATES = ("confirmed", "in_progress", "done")


class InstalledEquipmentPortal(CustomerPortal):
    """The customer's units: what they have, under which warranty, when it was and will be
    visited, its reports; from there they ask for an intervention."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "equipment_count" in counters:
            Equipment = request.env["installed.equipment"]
            values["equipment_count"] = (
                Equipment.search_count([], limit=1) if Equipment.has_access("read") else 0
            )
        return values

    def _get_equipment_visits(self, equipment):
        """{unit id: {"last": appointment, "next": appointment, "history": appointments}} for
        the units, from one search of their appointments."""
        appointments = (
            request.env["intervention.appointment"]
            .sudo()
            .search(
                [("equipment_id", "in", equipment.ids), ("state", "in", SHOWN_STATES)],
                order="date_start desc, id desc",
            )
        )
        now = fields.Datetime.now()
        visits = defaultdict(lambda: {"last": None, "next": None, "history": appointments.browse()})
        history = defaultdict(list)
        for appointment in appointments:
            unit = visits[appointment.equipment_id.id]
            history[appointment.equipment_id.id].append(appointment.id)
            if appointment.state == "done":
                unit["last"] = unit["last"] or appointment
            elif appointment.date_start >= now or appointment.state == "in_progress":
                # Newest first: the last one met is the nearest to come.
                unit["next"] = appointment
        for unit_id, appointment_ids in history.items():
            visits[unit_id]["history"] = appointments.browse(appointment_ids)
        return visits

    @http.route(["/my/equipment", "/my/equipment/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_equipment(self, page=1, **kwargs):
        Equipment = request.env["installed.equipment"]
        pager = portal_pager(
            url="/my/equipment",
            total=Equipment.search_count([]),
            page=page,
            step=self._items_per_page,
        )
        equipment = Equipment.search([], limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # Read as superuser once the search applied the customer's record rules: the
                # brands, categories and sites are not theirs to read one by one.
                "equipment": equipment.sudo(),
                "visits": self._get_equipment_visits(equipment),
                "page_name": "equipment",
                "pager": pager,
                "default_url": "/my/equipment",
                "today": fields.Date.context_today(Equipment),
            }
        )
        return request.render("field_intervention.portal_my_equipment", values)

    @http.route(["/my/equipment/<int:equipment_id>"], type="http", auth="user", website=True)
    def portal_my_equipment_unit(self, equipment_id, **kwargs):
        try:
            unit = self._document_check_access("installed.equipment", equipment_id)
        except (AccessError, MissingError):
            raise request.not_found() from None
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "unit": unit,
                "visits": self._get_equipment_visits(unit)[unit.id],
                "page_name": "equipment",
                "today": fields.Date.context_today(unit),
                "can_ask": bool(request.env["intervention.request"]._get_portal_kinds(unit.company_id)),
            }
        )
        return request.render("field_intervention.portal_my_equipment_unit", values)
