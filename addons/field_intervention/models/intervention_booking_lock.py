from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class InterventionBookingLock(models.Model):
    """One row per technician and day on which a slot was booked, that every booking of that
    day updates: two bookings of the same technician's day are serialised on it.

    An advisory lock would make the second booking wait, but not see the first: Odoo's
    transactions are REPEATABLE READ, and the second one's snapshot is older than the first
    one's commit, so its free-time check would still find the slot free. Updating a row the
    first booking updated makes PostgreSQL refuse the second one with a serialization failure,
    which Odoo's RPC layer retries on a fresh snapshot: it then sees the first booking. A
    database exclusion constraint cannot do it either: the technicians of an appointment are a
    many2many, not a column of the appointment's row.
    """

    _name = "intervention.booking.lock"
    _description = "Technician Day Booking Lock"
    _log_access = False

    user_id = fields.Many2one("res.users", string="Technician", required=True, ondelete="cascade")
    day = fields.Date(required=True, help="Day of the bookings, in UTC.")

    _user_day_unique = models.Constraint(
        "UNIQUE(user_id, day)",
        "A technician has one booking lock per day.",
    )

    @api.model
    def _lock(self, technicians, date_start, date_end):
        """Take the booking lock of each technician on each day that ``date_start`` -
        ``date_end`` (naive UTC), widened by the travel buffer, touches; held until the end of
        the transaction. Call it before reading the technicians' free time."""
        if not technicians:
            return
        buffer = timedelta(hours=self.env.company.intervention_travel_buffer)
        first, last = (date_start - buffer).date(), (date_end + buffer).date()
        days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
        # Always in the same order, so that two bookings of several days never deadlock.
        keys = sorted((user_id, day) for user_id in set(technicians.ids) for day in days)
        # Updated even when the row exists: a row lock alone would not tell the waiting
        # transaction that its snapshot is stale.
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (user_id, day) VALUES %s "
                "ON CONFLICT (user_id, day) DO UPDATE SET day = EXCLUDED.day",
                SQL.identifier(self._table),
                SQL(", ").join(SQL("(%s, %s)", user_id, day) for user_id, day in keys),
            )
        )
