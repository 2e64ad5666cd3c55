from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FieldInterventionCase


@tagged("post_install", "-at_install")
class TestSlotFinder(FieldInterventionCase):
    """Monday 4 March 2030; Paris is UTC+1: working hours 8:00-12:00 and 13:00-17:00 are
    7:00-11:00 and 12:00-16:00 UTC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Installers",
                "tz": "Europe/Paris",
                "company_id": cls.company.id,
            }
        )
        cls.company.write({"resource_calendar_id": cls.calendar.id, "intervention_travel_buffer": 0.5})
        (cls.technician | cls.technician_2 | cls.technician_edit_done).tz = "Europe/Paris"
        cls.request = cls._create_request(task_id=cls.task.id)

    def _slots(self, source=None):
        source = source or self.request
        with freeze_time(datetime(2030, 3, 4, 6, 0)):
            action = source.action_find_slot()
            finder = self.env["intervention.slot.finder"].browse(action["res_id"])
            return finder, [(line.date_start, line.technician_id) for line in finder.line_ids]

    def test_first_slot_in_working_hours_and_time_zone(self):
        finder, slots = self._slots()
        self.assertEqual(finder.duration, 1.5, "the template duration")
        self.assertEqual(slots[0], (datetime(2030, 3, 4, 7, 0), self.technician), "8:00 in Paris")
        self.assertEqual(slots[1][0], datetime(2030, 3, 5, 7, 0), "one slot per technician and day")
        self.assertFalse(any(start.weekday() >= 5 for start, _tech in slots), "no weekend")
        self.assertEqual(self.technician.resource_ids.calendar_id, self.calendar, "created on demand")

    def test_existing_appointments_and_travel_buffer(self):
        self._create_appointment(date_start=datetime(2030, 3, 4, 7, 0), duration=2.0, state="confirmed")
        _finder, slots = self._slots()
        self.assertEqual(slots[0][0], datetime(2030, 3, 4, 9, 30), "after the visit and 30 min of travel")

    def test_cancelled_appointments_do_not_block(self):
        self._create_appointment(date_start=datetime(2030, 3, 4, 7, 0), duration=2.0, state="cancelled")
        _finder, slots = self._slots()
        self.assertEqual(slots[0][0], datetime(2030, 3, 4, 7, 0))

    def test_time_off(self):
        resource = self.env["resource.resource"].create(
            {
                "name": "Paul",
                "user_id": self.technician.id,
                "calendar_id": self.calendar.id,
                "tz": "Europe/Paris",
            }
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Dentist",
                "resource_id": resource.id,
                "calendar_id": self.calendar.id,
                "date_from": datetime(2030, 3, 4, 0, 0),
                "date_to": datetime(2030, 3, 4, 23, 0),
            }
        )
        _finder, slots = self._slots()
        self.assertEqual(slots[0][0], datetime(2030, 3, 5, 7, 0), "Monday is off")

    def test_qualification_and_sector(self):
        finder, _slots = self._slots()
        self.assertEqual(finder.line_ids.technician_id, self.technician, "qualified and in the sector")
        self.request.sector_id = False
        finder, _slots = self._slots()
        self.assertEqual(
            finder.line_ids.technician_id,
            self.technician | self.technician_edit_done,
            "without sector, every qualified technician; never the unqualified one",
        )

    def test_task_without_qualified_technician(self):
        self.task.technician_ids = False
        self.request.sector_id = False
        finder, _slots = self._slots()
        offered = finder.line_ids.technician_id
        self.assertLessEqual(
            self.technician | self.technician_2 | self.technician_edit_done,
            offered,
            "a task nobody is qualified for is offered to every technician",
        )
        self.assertFalse(offered & (self.dispatcher | self.manager), "never to office staff")

    def test_no_technician_in_sector(self):
        self.sector.technician_ids = self.technician_2
        message = "No technician is qualified for Chimney sweeping in this sector"
        with self.assertRaisesRegex(UserError, message):
            self._slots()

    def test_requested_window(self):
        self.request.write({"date_start": "2030-03-12", "date_end": "2030-03-13"})
        _finder, slots = self._slots()
        self.assertEqual(slots[0][0], datetime(2030, 3, 12, 7, 0), "not before the requested window")
        self.assertEqual(
            {start.date() for start, _tech in slots},
            {date(2030, 3, 12), date(2030, 3, 13)},
            "nothing after the requested window",
        )

    def test_full_window_offers_the_slots_after_it(self):
        self.request.write({"date_start": "2030-03-09", "date_end": "2030-03-10"})
        _finder, slots = self._slots()
        self.assertEqual(slots[0][0], datetime(2030, 3, 11, 7, 0), "a weekend window: the Monday after")

    def test_late_request_offered_slots_from_now(self):
        self.request.write({"date_start": "2030-02-01", "date_end": "2030-02-15"})
        _finder, slots = self._slots()
        self.assertEqual(slots[0][0], datetime(2030, 3, 4, 7, 0), "the window is over: from now")

    def test_time_zone_of_the_technician(self):
        self.technician.tz = "America/Montreal"
        resource = self.env["resource.resource"].create(
            {
                "name": "Paul",
                "user_id": self.technician.id,
                "tz": "America/Montreal",
                "calendar_id": self.env["resource.calendar"]
                .create(
                    {
                        "name": "Montreal",
                        "tz": "America/Montreal",
                        "company_id": self.company.id,
                    }
                )
                .id,
            }
        )
        self.assertEqual(resource.calendar_id.tz, "America/Montreal")
        _finder, slots = self._slots()
        self.assertEqual(slots[0][0], datetime(2030, 3, 4, 13, 0), "8:00 in Montreal is 13:00 UTC")

    def test_book_from_request(self):
        finder, _slots = self._slots()
        finder.line_ids[0].action_book()
        appointment = self.request.appointment_ids
        self.assertEqual(appointment.date_start, datetime(2030, 3, 4, 7, 0))
        self.assertEqual(appointment.date_end, datetime(2030, 3, 4, 8, 30))
        self.assertEqual(appointment.technician_ids, self.technician)
        self.assertEqual(appointment.state, "confirmed")
        self.assertEqual(self.request.state, "scheduled")

    def test_move_appointment(self):
        appointment = self._create_appointment(date_start=datetime(2030, 3, 20, 7, 0), task_id=self.task.id)
        finder, slots = self._slots(appointment)
        self.assertEqual(slots[0][0], datetime(2030, 3, 4, 7, 0), "its own time does not block")
        finder.line_ids[0].action_book()
        self.assertEqual(appointment.date_start, datetime(2030, 3, 4, 7, 0))

    def test_one_search_per_finder(self):
        self._slots()
        with self.assertQueryCount(__system__=12):
            self._slots()
