from datetime import datetime
from functools import partial

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FieldInterventionCase


@tagged("post_install", "-at_install")
class TestDispatchBoard(FieldInterventionCase):
    """Week of Monday 4 March 2030, Paris (UTC+1): working hours 8:00-12:00 and 13:00-17:00."""

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
        (cls.env.user | cls.technician | cls.technician_2 | cls.technician_edit_done).tz = "Europe/Paris"
        cls.request = cls._create_request(task_id=cls.task.id)
        cls.Appointment = cls.env["intervention.appointment"].with_user(cls.dispatcher)
        cls.Board = cls.env["intervention.dispatch.board"].with_user(cls.dispatcher)

    def _board(self, **kwargs):
        with freeze_time(datetime(2030, 3, 4, 6, 0)):
            return self.Board.get_dispatch_board_data("2030-03-06", **kwargs)

    def test_week_rows_and_cells(self):
        appointment = self._create_appointment(date_start=datetime(2030, 3, 5, 7, 0), state="confirmed")
        self._create_appointment(date_start=datetime(2030, 3, 11, 7, 0))  # next week
        self._create_appointment(date_start=datetime(2030, 3, 5, 9, 0), state="cancelled")
        data = self._board()
        self.assertEqual(data["week_start"], "2030-03-04", "the week starts on Monday")
        self.assertEqual(data["days"][-1], "2030-03-10")
        technician_ids = [row["id"] for row in data["technicians"]]
        self.assertIn(self.technician.id, technician_ids)
        self.assertNotIn(self.dispatcher.id, technician_ids, "office staff only when they have a visit")
        self.assertEqual([row["id"] for row in data["appointments"]], appointment.ids)
        cell = data["appointments"][0]
        self.assertEqual(
            (cell["day"], cell["start_time"], cell["end_time"]),
            ("2030-03-05", "08:00", "09:30"),
            "Paris",
        )
        self.assertIn(self.request.id, [row["id"] for row in data["requests"]])

    def test_field_technicians_are_the_technician_group_without_office_staff(self):
        technicians = self.env["res.users"]._get_field_technicians()
        self.assertLessEqual(self.technician | self.technician_2 | self.technician_edit_done, technicians)
        self.assertFalse(technicians & (self.dispatcher | self.manager), "office staff stay out")

    def test_sector_filter(self):
        data = self._board(sector_id=self.sector.id)
        self.assertEqual([row["id"] for row in data["technicians"]], self.technician.ids)

    def _count_board_queries(self):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        data = self._board()
        return self.cr.sql_log_count - before, len(data["appointments"])

    def test_query_count_does_not_grow_with_appointments(self):
        def create(count):
            self.env["intervention.appointment"].create(
                [
                    {
                        "partner_id": partner.id,
                        "date_start": datetime(2030, 3, 4 + index % 5, 7 + index % 8, 0),
                        "duration": 0.5,
                        "technician_ids": [
                            Command.set((self.technician if index % 2 else self.technician_2).ids)
                        ],
                    }
                    for index, partner in enumerate(
                        self.env["res.partner"].create(
                            [{"name": f"Board client {count}-{index}"} for index in range(count)]
                        )
                    )
                ]
            )
            self.env.flush_all()

        create(5)
        self._count_board_queries()
        small_queries, small_count = self._count_board_queries()
        create(60)
        large_queries, large_count = self._count_board_queries()
        self.assertEqual((small_count, large_count), (5, 65))
        self.assertEqual(large_queries, small_queries, "the same queries for 5 or 65 appointments")

    def test_plan_request_on_first_free_time_of_the_day(self):
        self._create_appointment(date_start=datetime(2030, 3, 5, 7, 0), duration=1.0, state="confirmed")
        appointment = self.Appointment.browse(
            self.Board.action_board_plan_request(self.request.id, self.technician.id, "2030-03-05"),
        )
        self.assertEqual(appointment.date_start, datetime(2030, 3, 5, 8, 30), "after the visit and buffer")
        self.assertEqual(appointment.duration, 1.5, "the template's duration")
        self.assertEqual(appointment.technician_ids, self.technician)
        self.assertEqual(appointment.state, "confirmed")
        self.assertEqual(self.request.state, "scheduled")

    def test_plan_refused_unqualified_or_full_day(self):
        with self.assertRaisesRegex(UserError, "Léa Tech is not qualified for the task Chimney sweeping"):
            self.Board.action_board_plan_request(self.request.id, self.technician_2.id, "2030-03-05")
        with self.assertRaisesRegex(UserError, "Paul Tech has no free 01:30 on 2030-03-09"):
            self.Board.action_board_plan_request(self.request.id, self.technician.id, "2030-03-09")
        self.assertFalse(self.request.appointment_ids, "nothing written")
        self.assertEqual(self.request.state, "to_schedule")

    def test_move_to_another_day_and_technician(self):
        appointment = self._create_appointment(
            date_start=datetime(2030, 3, 5, 7, 0),
            task_id=self.task.id,
            state="confirmed",
        )
        self.Board.action_board_move(
            appointment.id,
            self.technician_edit_done.id,
            "2030-03-07",
            from_technician_id=self.technician.id,
        )
        self.assertEqual(appointment.date_start, datetime(2030, 3, 7, 7, 0), "same time of day")
        self.assertEqual(appointment.duration, 1.5)
        self.assertEqual(appointment.technician_ids, self.technician_edit_done)

    def test_move_conflicts_refused(self):
        appointment = self._create_appointment(
            date_start=datetime(2030, 3, 5, 7, 0),
            task_id=self.task.id,
            state="confirmed",
        )
        other = self._create_appointment(
            date_start=datetime(2030, 3, 6, 7, 30),
            duration=1.0,
            state="confirmed",
            technician_ids=[Command.set(self.technician_edit_done.ids)],
        )
        board_move = partial(self.Board.action_board_move, appointment.id)
        with self.assertRaisesRegex(UserError, f"Hugo Tech already has {other.name} at that time"):
            board_move(self.technician_edit_done.id, "2030-03-06", from_technician_id=self.technician.id)
        with self.assertRaisesRegex(UserError, "Léa Tech is not qualified for the task Chimney sweeping"):
            board_move(self.technician_2.id, "2030-03-05", from_technician_id=self.technician.id)
        with self.assertRaisesRegex(UserError, "Paul Tech does not work the whole time"):
            board_move(self.technician.id, "2030-03-09", from_technician_id=self.technician.id)
        resource = self.env["resource.resource"].search([("user_id", "=", self.technician.id)])
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Training",
                "resource_id": resource.id,
                "calendar_id": self.calendar.id,
                "date_from": datetime(2030, 3, 7, 0, 0),
                "date_to": datetime(2030, 3, 7, 22, 0),
            }
        )
        with self.assertRaisesRegex(UserError, "Paul Tech does not work the whole time"):
            board_move(self.technician.id, "2030-03-07", from_technician_id=self.technician.id)
        self.assertEqual(appointment.date_start, datetime(2030, 3, 5, 7, 0), "unchanged")
        self.assertEqual(appointment.technician_ids, self.technician)
