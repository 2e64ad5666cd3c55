import json
from datetime import datetime

from freezegun import freeze_time

from odoo import Command, models
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import FieldInterventionCase


@tagged("post_install", "-at_install")
class TestDispatchBoardPrivacy(FieldInterventionCase):
    """What a technician learns from the board of the appointments they are not on: that the
    technician is busy, and when. Week of Monday 4 March 2030, Paris (UTC+1)."""

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
        cls.secret_customer = cls.env["res.partner"].create(
            {
                "name": "Confidential Customer",
                "street": "9 allée Secrète",
                "zip": "33100",
                "city": "Bordeaux",
            }
        )
        # Léa's visits, 8:00-9:00 and 9:00-10:30 (one busy span), at a customer Paul never visits.
        cls.others = cls._create_appointment(
            partner_id=cls.secret_customer.id,
            date_start=datetime(2030, 3, 5, 7, 0),
            duration=1.0,
            technician_ids=[Command.set(cls.technician_2.ids)],
            state="confirmed",
        ) | cls._create_appointment(
            partner_id=cls.secret_customer.id,
            date_start=datetime(2030, 3, 5, 8, 0),
            duration=1.5,
            technician_ids=[Command.set(cls.technician_2.ids)],
            state="confirmed",
        )
        cls.own = cls._create_appointment(date_start=datetime(2030, 3, 6, 7, 0), state="confirmed")

    def _board(self, user):
        with freeze_time(datetime(2030, 3, 4, 6, 0)):
            return (
                self.env["intervention.dispatch.board"].with_user(user).get_dispatch_board_data("2030-03-06")
            )

    def test_technician_sees_others_appointments_only_as_busy(self):
        data = self._board(self.technician)
        self.assertEqual([row["id"] for row in data["appointments"]], self.own.ids, "only their own in full")
        self.assertEqual(
            data["busy"],
            [
                {
                    "technician_id": self.technician_2.id,
                    "day": "2030-03-05",
                    "start_time": "08:00",
                    "end_time": "10:30",
                    "date_start": "2030-03-05 07:00:00",
                    "date_end": "2030-03-05 09:30:00",
                }
            ],
            "one merged span: not even how many visits",
        )
        text = json.dumps(data, default=str)
        for secret in [*self.others.mapped("name"), "Confidential Customer", "Secrète"]:
            self.assertNotIn(secret, text)
        for appointment_id in self.others.ids:
            self.assertNotIn(appointment_id, [row["id"] for row in data["appointments"]])

    def test_dispatcher_sees_everything_and_no_busy_span(self):
        data = self._board(self.dispatcher)
        self.assertEqual(
            {row["id"] for row in data["appointments"]},
            set((self.others | self.own).ids),
        )
        self.assertEqual(data["busy"], [], "nothing hidden from a dispatcher")

    def test_technician_move_conflict_says_busy_not_which_appointment(self):
        own = self._create_appointment(
            date_start=datetime(2030, 3, 7, 7, 0),
            duration=1.0,
            state="confirmed",
            technician_ids=[Command.set((self.technician | self.technician_2).ids)],
        )
        with self.assertRaises(UserError) as refusal:
            self.env["intervention.dispatch.board"].with_user(self.technician).action_board_move(
                own.id,
                self.technician_2.id,
                "2030-03-05",
                from_technician_id=self.technician.id,
            )
        message = str(refusal.exception)
        self.assertIn("Léa Tech is busy at that time", message)
        for secret in self.others.mapped("name"):
            self.assertNotIn(secret, message)
        self.assertEqual(own.date_start, datetime(2030, 3, 7, 7, 0), "unchanged")

    def test_technician_own_overlap_is_named(self):
        own = self._create_appointment(date_start=datetime(2030, 3, 7, 7, 0), duration=1.0, state="confirmed")
        with self.assertRaisesRegex(UserError, f"Paul Tech already has {self.own.name} at that time"):
            self.env["intervention.dispatch.board"].with_user(self.technician).action_board_move(
                own.id,
                self.technician.id,
                "2030-03-06",
                from_technician_id=self.technician.id,
            )

    def test_dispatcher_conflict_names_the_appointment(self):
        appointment = self._create_appointment(date_start=datetime(2030, 3, 7, 7, 0), state="confirmed")
        with self.assertRaisesRegex(UserError, "Léa Tech already has .* at that time") as refusal:
            self.env["intervention.dispatch.board"].with_user(self.dispatcher).action_board_move(
                appointment.id,
                self.technician_2.id,
                "2030-03-05",
                from_technician_id=self.technician.id,
            )
        self.assertIn(self.others[0].name, str(refusal.exception))

    def test_board_needs_the_rights_on_the_appointments_and_requests(self):
        """The board is an abstract model that any logged-in user may call over JSON-RPC: without
        the rights on the records it works on, nothing is read, planned, locked or moved."""
        common = {"company_id": self.company.id, "company_ids": [Command.set(self.company.ids)]}
        portal_contact = self.env["res.partner"].create(
            {"name": "Portal Contact", "parent_id": self.customer.id},
        )
        portal = new_test_user(
            self.env, "fi_board_portal", groups="base.group_portal", partner_id=portal_contact.id, **common
        )
        employee = new_test_user(self.env, "fi_board_employee", groups="base.group_user", **common)
        request = self._create_request(task_id=self.task.id)
        locks = self.env["intervention.booking.lock"].search_count([])
        for user in (portal, employee):
            board = self.env["intervention.dispatch.board"].with_user(user)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._board(user)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                board.action_board_plan_request(request.id, self.technician.id, "2030-03-05")
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                board.action_board_move(
                    self.own.id, self.technician_2.id, "2030-03-05", from_technician_id=self.technician.id
                )
        with self.assertRaises(AccessError):
            self.env["intervention.dispatch.board"].with_user(self.technician).action_board_move(
                self.others[0].id, self.technician.id, "2030-03-07", from_technician_id=self.technician_2.id
            )
        self.assertEqual(request.state, "to_schedule", "nothing planned")
        self.assertEqual(self.own.date_start, datetime(2030, 3, 6, 7, 0), "nothing moved")
        self.assertEqual(self.others[0].technician_ids, self.technician_2)
        self.assertEqual(self.env["intervention.booking.lock"].search_count([]), locks, "no lock taken")

    def test_slot_finder_is_office_only_and_lists_no_appointment(self):
        request = self._create_request(task_id=self.task.id, sector_id=False)
        with self.assertRaises(AccessError):
            request.with_user(self.technician).action_find_slot()
        with freeze_time(datetime(2030, 3, 4, 6, 0)):
            action = request.with_user(self.dispatcher).action_find_slot()
        finder = self.env["intervention.slot.finder"].with_user(self.dispatcher).browse(action["res_id"])
        self.assertTrue(finder.line_ids)
        self.assertEqual(
            set(finder.line_ids._fields) - set(models.MAGIC_COLUMNS) - {"display_name"},
            {
                "finder_id",
                "technician_id",
                "date_start",
                "date_end",
                "day_appointment_count",
                "misses_deadline",
            },
            "a slot is a technician, a time, a count and whether it misses the request's own deadline: "
            "no appointment, customer or address",
        )
