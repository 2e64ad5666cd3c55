from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.intervals import Intervals

SLOTS_SHOWN = 20
# Customers pick among more times: up to six starts a day per technician, an hour apart.
PORTAL_STARTS_PER_DAY = 6
PORTAL_SLOTS_SHOWN = 120
# A customer is offered times from an hour ahead (no visit "in five minutes"), and may still book
# one until half an hour before it starts (the page stayed open a while).
PORTAL_NOTICE = timedelta(hours=1)
PORTAL_BOOKING_NOTICE = timedelta(minutes=30)


class InterventionSlotFinder(models.TransientModel):
    _name = "intervention.slot.finder"
    _description = "Find a Slot"

    request_id = fields.Many2one("intervention.request", readonly=True)
    appointment_id = fields.Many2one("intervention.appointment", readonly=True)
    weeks = fields.Integer(default=4, help="How many weeks ahead to look for free slots.")
    duration = fields.Float(help="Length of the slot, in hours.")
    line_ids = fields.One2many("intervention.slot.finder.line", "finder_id", string="Free Slots")
    date_deadline = fields.Datetime(
        string="Response Deadline",
        compute="_compute_date_deadline",
        help="The request's: the slots after it are marked, and offered after those before it.",
    )

    @api.depends("request_id", "appointment_id")
    def _compute_date_deadline(self):
        for finder in self:
            finder.date_deadline = finder._get_deadline()

    def _get_deadline(self):
        """The response deadline the slots are measured against, while the request is unvisited."""
        request = self.request_id or self.appointment_id.request_id
        if request.date_first_visit and request.date_first_visit != self.appointment_id.date_start:
            return False
        return request.date_deadline

    @api.model
    def default_get(self, fields):
        values = super().default_get(fields)
        appointment = self.env["intervention.appointment"].browse(values.get("appointment_id"))
        request = self.env["intervention.request"].browse(values.get("request_id"))
        values.setdefault("weeks", 4)
        if not values.get("duration"):
            values["duration"] = appointment.duration or request.template_id.duration or 1.0
        if "line_ids" in fields and (appointment or request):
            finder = self.new(values)
            values["line_ids"] = [Command.create(slot) for slot in finder._find_slots()]
        return values

    @api.model
    def _action_open(self, source):
        """Open the finder on a request or an appointment, its slots already saved."""
        key = "appointment_id" if source._name == "intervention.appointment" else "request_id"
        finder = self.with_context(**{f"default_{key}": source.id}).create({})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Find a Slot"),
            "res_model": self._name,
            "res_id": finder.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def _get_source(self):
        return self.appointment_id or self.request_id

    def _get_candidate_technicians(self):
        source = self._get_source()
        technicians = source.task_id.technician_ids or self.env["res.users"]._get_field_technicians()
        if source.sector_id:
            technicians &= source.sector_id.technician_ids
        return technicians.filtered(lambda u: u.active and not u.share)

    def _get_resources(self, technicians):
        """The resource of each technician, created on demand with the company's hours."""
        resources = self.env["resource.resource"].sudo().search([("user_id", "in", technicians.ids)])
        missing = technicians - resources.user_id
        if missing:
            company = self.env.company
            resources |= (
                self.env["resource.resource"]
                .sudo()
                .create(
                    [
                        {
                            "name": user.name,
                            "user_id": user.id,
                            "calendar_id": company.resource_calendar_id.id,
                            "company_id": company.id,
                            "tz": user.tz or company.resource_calendar_id.tz or "UTC",
                        }
                        for user in missing
                    ]
                )
            )
        return resources

    def _get_requested_window(self):
        """The request's requested window (whole days in the user's time zone) as naive UTC
        datetimes; False where the request sets no bound."""
        request = self.request_id or self.appointment_id.request_id
        tz = pytz.timezone(self.env.user.tz or "UTC")

        def to_utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

        window_start = request.date_start and to_utc(request.date_start)
        window_end = request.date_end and to_utc(request.date_end + timedelta(days=1))
        return window_start, window_end

    @api.model
    def _get_availability(self, technicians, start, end, exclude=None):
        """Free time of each technician between two naive UTC datetimes.

        Working hours and time off come from each technician's resource calendar; appointments
        (other than ``exclude``) are taken out, widened by the company's travel buffer.
        Returns the resources, the free ``Intervals`` by user id, and the number of
        appointments of each (user id, local day).
        """
        start_utc, end_utc = pytz.utc.localize(start), pytz.utc.localize(end)
        resources = self._get_resources(technicians)
        company_calendar = self.env.company.resource_calendar_id
        work = {}
        by_calendar = defaultdict(lambda: self.env["resource.resource"])
        for resource in resources:
            by_calendar[resource.calendar_id or company_calendar] |= resource
        for calendar, calendar_resources in by_calendar.items():
            work.update(calendar._work_intervals_batch(start_utc, end_utc, resources=calendar_resources))
        buffer = timedelta(hours=self.env.company.intervention_travel_buffer)
        domain = [
            ("state", "!=", "cancelled"),
            ("technician_ids", "in", technicians.ids),
            ("date_start", "<", end + buffer),
            ("date_end", ">", start - buffer),
        ]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        appointments = self.env["intervention.appointment"].sudo().search(domain)
        busy = defaultdict(list)
        per_day = defaultdict(int)
        for appointment in appointments:
            for user in appointment.technician_ids:
                busy[user.id].append(
                    (
                        pytz.utc.localize(appointment.date_start - buffer),
                        pytz.utc.localize(appointment.date_end + buffer),
                        self.env["intervention.appointment"],
                    )
                )
                local_start = pytz.utc.localize(appointment.date_start).astimezone(
                    pytz.timezone(user.tz or "UTC"),
                )
                per_day[user.id, local_start.date()] += 1
        free = {
            resource.user_id.id: work.get(resource.id, Intervals()) - Intervals(busy[resource.user_id.id])
            for resource in resources
        }
        return resources, free, per_day

    def _find_slots(self, starts_per_day=1, limit=SLOTS_SHOWN):
        """The first free slot (or the first ``starts_per_day``, an hour apart) of each
        technician on each day, best first; at most ``limit`` (None: all)."""
        self.ensure_one()
        source = self._get_source()._origin
        if self.duration <= 0:
            raise UserError(self.env._("Duration must be positive to find a slot."))
        if not source:
            raise UserError(self.env._("Find a slot from a request or an appointment."))
        technicians = self._get_candidate_technicians()
        if not technicians:
            raise UserError(
                self.env._(
                    "No technician is qualified for %(task)s in this sector.",
                    task=source.task_id.name or "-",
                )
            )
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        start = now + timedelta(minutes=(-now.minute) % 15)
        end = start + timedelta(weeks=max(self.weeks, 1))
        window_start, window_end = self._get_requested_window()
        if window_start and window_start > start:
            start = window_start
            end = start + timedelta(weeks=max(self.weeks, 1))
        slots = []
        # Slots inside the requested window first; a request whose window is over or full is
        # offered the first slots after it rather than nothing.
        if window_end and window_end > start:
            slots = self._free_slots(technicians, start, min(end, window_end), starts_per_day, limit)
        return slots or self._free_slots(technicians, start, end, starts_per_day, limit)

    def _free_slots(self, technicians, start, end, starts_per_day=1, limit=SLOTS_SHOWN):
        resources, free, per_day = self._get_availability(
            technicians,
            start,
            end,
            exclude=self.appointment_id._origin,
        )
        length = timedelta(minutes=round(self.duration * 60))
        deadline = self._get_deadline()
        slots = []
        step = timedelta(hours=1)
        for resource in resources:
            tz = pytz.timezone(resource.tz or "UTC")
            day_starts = defaultdict(int)
            for slot_start, slot_end, _records in free[resource.user_id.id]:
                day = slot_start.astimezone(tz).date()
                moment = slot_start
                while moment + length <= slot_end and day_starts[day] < starts_per_day:
                    day_starts[day] += 1
                    date_start = moment.astimezone(pytz.utc).replace(tzinfo=None)
                    misses = bool(deadline) and date_start > deadline
                    slots.append((misses, date_start, per_day[resource.user_id.id, day], resource.user_id.id))
                    moment += step
        # Those that meet the response deadline first.
        slots.sort()
        return [
            {
                "technician_id": technician_id,
                "date_start": date_start,
                "date_end": date_start + length,
                "day_appointment_count": count,
                "misses_deadline": misses,
            }
            for misses, date_start, count, technician_id in slots[:limit]
        ]

    def _check_slot_still_free(self, line):
        """The slot was free when the finder listed it: under the technician's booking lock,
        make sure nobody booked it since."""
        self.env["intervention.booking.lock"]._lock(line.technician_id, line.date_start, line.date_end)
        _resources, free, _per_day = self._get_availability(
            line.technician_id,
            line.date_start,
            line.date_end,
            exclude=self.appointment_id,
        )
        start, end = pytz.utc.localize(line.date_start), pytz.utc.localize(line.date_end)
        slot = Intervals([(start, end, self.env["resource.calendar"])])
        if slot - free[line.technician_id.id]:
            raise UserError(
                self.env._(
                    "%(technician)s is no longer free at that time: the slot was booked meanwhile. "
                    "Find a slot again.",
                    technician=line.technician_id.name,
                )
            )

    def _book(self, line, confirm=True):
        """Book ``line``: move the finder's appointment there, or create the request's
        appointment (confirmed unless ``confirm`` is False)."""
        self.ensure_one()
        self._check_slot_still_free(line)
        if self.appointment_id:
            self.appointment_id.write(
                {
                    "date_start": line.date_start,
                    "date_end": line.date_end,
                    "technician_ids": [Command.set(line.technician_id.ids)],
                }
            )
            return self.appointment_id
        values = self.request_id._prepare_appointment_create_values()
        values.update(
            date_start=line.date_start,
            duration=self.duration,
            technician_ids=[Command.set(line.technician_id.ids)],
        )
        appointment = self.env["intervention.appointment"].create(values)
        if confirm:
            appointment.action_confirm()
        return appointment

    # ------------------------------------------------------------------
    # Customer portal: the same slots, offered to the customer
    # ------------------------------------------------------------------

    @api.model
    def _portal_finder(self, source):
        """A finder (not saved) on a request or an appointment, as superuser in its company:
        the customer reads slots of technicians they may not read."""
        company = source.company_id
        key = "appointment_id" if source._name == "intervention.appointment" else "request_id"
        duration = source.duration if key == "appointment_id" else source.template_id.duration
        return (
            self.sudo()
            .with_company(company)
            .new(
                {
                    key: source.id,
                    "weeks": company.intervention_portal_booking_weeks,
                    "duration": duration or 1.0,
                }
            )
        )

    def _portal_slots(self):
        """The free slots offered to the customer, in time order, one per start time; each has
        a ``key`` the booking form posts back."""
        self.ensure_one()
        try:
            slots = self._find_slots(starts_per_day=PORTAL_STARTS_PER_DAY, limit=None)
        except UserError:
            # No qualified technician: the page tells the customer the office will call.
            return []
        offered, starts = [], set()
        earliest = fields.Datetime.now() + PORTAL_NOTICE
        for slot in sorted(slots, key=lambda slot: slot["date_start"]):
            if slot["date_start"] in starts or slot["date_start"] < earliest:
                continue
            starts.add(slot["date_start"])
            offered.append({**slot, "key": f"{slot['technician_id']}-{slot['date_start']:%Y%m%d%H%M}"})
        return offered[:PORTAL_SLOTS_SHOWN]

    def _portal_book(self, key, confirm=True):
        """Book the slot ``key`` of ``_portal_slots`` the customer picked. The key is theirs to
        forge: the technician must be one the finder would offer, the start within the booking
        horizon (from the requested window), and the slot free in their working hours (checked
        under the booking lock)."""
        self.ensure_one()
        try:
            technician_id, start = key.split("-")
            technician_id = int(technician_id)
            date_start = datetime.strptime(start, "%Y%m%d%H%M")
        except (AttributeError, ValueError) as error:
            raise UserError(self.env._("This slot does not exist: pick one of the slots offered.")) from error
        technician = self._get_candidate_technicians().filtered(lambda user: user.id == technician_id)
        now = fields.Datetime.now()
        # The slots offered start at the requested window at the earliest, for the horizon.
        window_start, _window_end = self._get_requested_window()
        horizon = max(now, window_start or now) + timedelta(weeks=max(self.weeks, 1), days=1)
        if not technician or not now + PORTAL_BOOKING_NOTICE <= date_start <= horizon:
            raise UserError(self.env._("This slot does not exist: pick one of the slots offered."))
        line = self.env["intervention.slot.finder.line"].new(
            {
                "technician_id": technician.id,
                "date_start": date_start,
                "date_end": date_start + timedelta(minutes=round(self.duration * 60)),
            }
        )
        return self._book(line, confirm=confirm)


class InterventionSlotFinderLine(models.TransientModel):
    _name = "intervention.slot.finder.line"
    _description = "Free Slot"
    _order = "misses_deadline, date_start, day_appointment_count, id"

    finder_id = fields.Many2one("intervention.slot.finder", required=True, ondelete="cascade")
    technician_id = fields.Many2one("res.users", readonly=True)
    date_start = fields.Datetime(string="Start Date", readonly=True)
    date_end = fields.Datetime(string="End Date", readonly=True)
    day_appointment_count = fields.Integer(
        string="Appointments That Day",
        readonly=True,
        help="The technician's appointments on that day: the less loaded come first.",
    )
    misses_deadline = fields.Boolean(
        readonly=True,
        help="The slot starts after the request's response deadline.",
    )

    def action_book(self):
        self.ensure_one()
        appointment = self.finder_id._book(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "intervention.appointment",
            "res_id": appointment.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
