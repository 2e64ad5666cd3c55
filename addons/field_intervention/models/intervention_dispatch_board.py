from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_duration
from odoo.tools.intervals import Intervals

BOARD_REQUEST_LIMIT = 80


class InterventionDispatchBoard(models.AbstractModel):
    """Server side of the dispatcher's board (the ``field_intervention.dispatch_board`` client
    action): one call reads a week, two actions plan a request and move an appointment. It reads
    and writes appointments as the user; having no records, it has no access rights of its own,
    so each public method first checks those of the records it works on."""

    _name = "intervention.dispatch.board"
    _description = "Dispatch Board"

    @api.model
    def _check_board_access(self, operation, appointments=None):
        """Raise AccessError unless the user may read the requests and do ``operation`` on the
        appointments (``appointments``, or the model): checked before any read in sudo."""
        self.env["intervention.request"].check_access("read")
        (appointments or self.env["intervention.appointment"]).check_access(operation)

    @api.model
    def _board_tz(self):
        return pytz.timezone(self.env.user.tz or self.env.company.resource_calendar_id.tz or "UTC")

    @api.model
    def _board_day_bounds(self, day, days=1):
        """Naive UTC bounds of ``days`` whole local days from ``day`` (in the user's time zone)."""
        tz = self._board_tz()
        start = tz.localize(datetime.combine(day, time.min))
        end = tz.localize(datetime.combine(day + timedelta(days=days), time.min))
        return tuple(bound.astimezone(pytz.utc).replace(tzinfo=None) for bound in (start, end))

    @api.model
    def _get_board_technicians(self, technician_ids=None, sector_id=None, busy_user_ids=()):
        """Rows of the board: field technicians (Technician group, not office staff), plus anyone
        with an appointment in the week, narrowed to a sector or to given users."""
        if technician_ids:
            users = self.env["res.users"].browse(technician_ids)
        else:
            users = self.env["res.users"]._get_field_technicians()
            users |= self.env["res.users"].browse(busy_user_ids)
        if sector_id:
            users &= self.env["intervention.sector"].browse(sector_id).technician_ids
        return users.filtered(lambda user: user.active and not user.share).sorted("name")

    @api.model
    def get_dispatch_board_data(self, date_start, technician_ids=None, sector_id=None):
        """Everything the board shows for the week of ``date_start`` (any day; the week starts on
        Monday), in a number of queries that does not grow with the appointments."""
        self._check_board_access("read")
        day = fields.Date.to_date(date_start)
        monday = day - timedelta(days=day.weekday())
        start, end = self._board_day_bounds(monday, days=7)
        domain = [("state", "!=", "cancelled"), ("date_start", "<", end), ("date_end", ">", start)]
        if technician_ids:
            domain.append(("technician_ids", "in", technician_ids))
        if sector_id:
            domain.append(("sector_id", "=", sector_id))
        appointments = self.env["intervention.appointment"].search_read(
            domain,
            [
                "name",
                "date_start",
                "date_end",
                "state",
                "partner_id",
                "task_id",
                "technician_ids",
                "request_id",
                "sector_id",
            ],
            order="date_start, id",
        )
        busy_user_ids = {user_id for appointment in appointments for user_id in appointment["technician_ids"]}
        technicians = self._get_board_technicians(technician_ids, sector_id, busy_user_ids)
        for appointment in appointments:
            appointment.update(self._board_times(appointment["date_start"], appointment["date_end"]))
        request_domain = [("state", "=", "to_schedule")]
        if sector_id:
            request_domain.append(("sector_id", "=", sector_id))
        requests = self.env["intervention.request"].search_read(
            request_domain,
            [
                "name",
                "partner_id",
                "task_id",
                "priority",
                "date_start",
                "date_end",
                "sector_id",
                "template_id",
                "date_deadline",
            ],
            # The most pressing first: those with the nearest response deadline.
            order="date_deadline asc nulls last, priority desc, id",
            limit=BOARD_REQUEST_LIMIT,
        )
        # The state at this moment, not as of the last daily update.
        sla_states = (
            self.env["intervention.request"]
            .browse([request["id"] for request in requests])
            ._get_sla_states(fields.Datetime.now())
        )
        for request in requests:
            deadline = request["date_deadline"]
            request.update(
                date_start=fields.Date.to_string(request["date_start"]),
                date_end=fields.Date.to_string(request["date_end"]),
                date_deadline=deadline and fields.Datetime.to_string(deadline),
                sla_state=sla_states.get(self.env["intervention.request"].browse(request["id"])) or False,
            )
        return {
            # the zone of the board's days and times: the browser formats the deadline in it
            "tz": self._board_tz().zone,
            "week_start": monday.isoformat(),
            "days": [(monday + timedelta(days=offset)).isoformat() for offset in range(7)],
            "today": fields.Date.context_today(self).isoformat(),
            "technicians": [{"id": user.id, "name": user.name} for user in technicians],
            "appointments": appointments,
            "busy": self._get_board_busy(technicians, start, end, [row["id"] for row in appointments]),
            "requests": requests,
            "sectors": self.env["intervention.sector"].search_read([], ["name"], limit=200),
        }

    @api.model
    def _board_times(self, date_start, date_end):
        """Where a naive UTC span sits on the board: its local day and times."""
        tz = self._board_tz()
        local_start = pytz.utc.localize(date_start).astimezone(tz)
        local_end = pytz.utc.localize(date_end).astimezone(tz)
        return {
            "day": local_start.date().isoformat(),
            "start_time": local_start.strftime("%H:%M"),
            "end_time": local_end.strftime("%H:%M"),
            "date_start": fields.Datetime.to_string(date_start),
            "date_end": fields.Datetime.to_string(date_end),
        }

    @api.model
    def _get_board_busy(self, technicians, start, end, shown_ids):
        """The time the board's technicians are taken by appointments the user may not read
        (a technician sees only their own): merged intervals per technician, with no
        reference, customer or address, so that the board says "busy" and nothing else."""
        appointments_sudo = self.env["intervention.appointment"].sudo()
        others = appointments_sudo.search_fetch(
            [
                ("id", "not in", shown_ids),
                ("state", "!=", "cancelled"),
                ("technician_ids", "in", technicians.ids),
                ("date_start", "<", end),
                ("date_end", ">", start),
            ],
            ["date_start", "date_end", "technician_ids"],
            order="date_start, id",
        )
        spans = defaultdict(list)
        for appointment in others:
            for user in appointment.technician_ids & technicians:
                span = spans[user.id]
                if span and appointment.date_start <= span[-1][1]:
                    span[-1][1] = max(span[-1][1], appointment.date_end)
                else:
                    span.append([appointment.date_start, appointment.date_end])
        return [
            {"technician_id": user_id, **self._board_times(date_start, date_end)}
            for user_id, span in spans.items()
            for date_start, date_end in span
        ]

    @api.model
    def _check_board_slot(self, technician, date_start, date_end, task, exclude=None):
        """Why ``technician`` cannot take ``date_start``-``date_end`` (naive UTC): the reasons, or
        an empty list. Overlaps, qualification, working hours and time off are checked."""
        reasons = []
        if task.technician_ids and technician not in task.technician_ids:
            reasons.append(
                self.env._(
                    "%(technician)s is not qualified for the task %(task)s.",
                    technician=technician.name,
                    task=task.name,
                )
            )
        overlap_domain = [
            ("state", "!=", "cancelled"),
            ("technician_ids", "in", technician.ids),
            ("date_start", "<", date_end),
            ("date_end", ">", date_start),
        ]
        if exclude:
            overlap_domain.append(("id", "not in", exclude.ids))
        overlapping = self.env["intervention.appointment"].sudo().search(overlap_domain, limit=3)
        if overlapping and overlapping.with_env(self.env).has_access("read"):
            reasons.append(
                self.env._(
                    "%(technician)s already has %(appointments)s at that time.",
                    technician=technician.name,
                    appointments=", ".join(overlapping.mapped("name")),
                )
            )
        elif overlapping:
            # Not the reference of an appointment the user may not read (another technician's).
            reasons.append(self.env._("%(technician)s is busy at that time.", technician=technician.name))
        finder = self.env["intervention.slot.finder"]
        resource = finder._get_resources(technician)
        calendar = resource.calendar_id or self.env.company.resource_calendar_id
        start_utc, end_utc = pytz.utc.localize(date_start), pytz.utc.localize(date_end)
        work = calendar._work_intervals_batch(start_utc, end_utc, resources=resource)[resource.id]
        if Intervals([(start_utc, end_utc, self.env["resource.calendar"])]) - work:
            reasons.append(
                self.env._(
                    "%(technician)s does not work the whole time (working hours or time off).",
                    technician=technician.name,
                )
            )
        return reasons

    @api.model
    def _raise_board_conflict(self, what, reasons):
        raise UserError(self.env._("%(what)s refused:\n%(reasons)s", what=what, reasons="\n".join(reasons)))

    @api.model
    def action_board_plan_request(self, request_id, technician_id, day):
        """Plan a request on a technician's day: the first free time of that day in their working
        hours, travel buffer included, as the slot finder offers it. Returns the appointment's id."""
        self._check_board_access("create")
        request = self.env["intervention.request"].browse(request_id).exists()
        technician = self.env["res.users"].browse(technician_id).exists()
        if not request or not technician:
            raise UserError(self.env._("This request or technician no longer exists: reload the board."))
        if request.state != "to_schedule":
            raise UserError(self.env._("%s is not to schedule any more.", request.display_name))
        day = fields.Date.to_date(day)
        duration = request.template_id.duration or 1.0
        if request.task_id.technician_ids and technician not in request.task_id.technician_ids:
            self._raise_board_conflict(
                request.display_name,
                [
                    self.env._(
                        "%(technician)s is not qualified for the task %(task)s.",
                        technician=technician.name,
                        task=request.task_id.name,
                    )
                ],
            )
        start, end = self._board_day_bounds(day)
        self.env["intervention.booking.lock"]._lock(technician, start, end)
        finder = self.env["intervention.slot.finder"]
        _resources, free, _per_day = finder._get_availability(technician, start, end)
        length = timedelta(minutes=round(duration * 60))
        slot = next((s for s, e, _r in free[technician.id] if e - s >= length), None)
        if slot is None:
            self._raise_board_conflict(
                request.display_name,
                [
                    self.env._(
                        "%(technician)s has no free %(duration)s on %(day)s (working hours, time off, "
                        "appointments and travel buffer).",
                        technician=technician.name,
                        duration=format_duration(duration),
                        day=fields.Date.to_string(day),
                    )
                ],
            )
        values = request._prepare_appointment_create_values()
        values.update(
            date_start=slot.astimezone(pytz.utc).replace(tzinfo=None),
            duration=duration,
            technician_ids=[Command.set(technician.ids)],
        )
        appointment = self.env["intervention.appointment"].create(values)
        appointment.action_confirm()
        return appointment.id

    @api.model
    def action_board_move(self, appointment_id, technician_id, day, from_technician_id=None):
        """Move an appointment to another day and/or technician, same time of day; refused with
        the reasons when the technician cannot take it."""
        appointment = self.env["intervention.appointment"].browse(appointment_id)
        appointment.ensure_one()
        self._check_board_access("write", appointment)
        technician = self.env["res.users"].browse(technician_id).exists()
        if not technician:
            raise UserError(self.env._("This technician no longer exists: reload the board."))
        tz = self._board_tz()
        local_start = pytz.utc.localize(appointment.date_start).astimezone(tz)
        new_local = tz.localize(datetime.combine(fields.Date.to_date(day), local_start.time()))
        date_start = new_local.astimezone(pytz.utc).replace(tzinfo=None)
        date_end = date_start + (appointment.date_end - appointment.date_start)
        self.env["intervention.booking.lock"]._lock(technician, date_start, date_end)
        reasons = self._check_board_slot(
            technician, date_start, date_end, appointment.task_id, exclude=appointment
        )
        if reasons:
            self._raise_board_conflict(appointment.display_name, reasons)
        from_technician = self.env["res.users"].browse(from_technician_id)
        technicians = (appointment.technician_ids - from_technician) | technician
        appointment.write(
            {
                "date_start": date_start,
                "date_end": date_end,
                "technician_ids": [Command.set(technicians.ids)],
            }
        )
        return True
