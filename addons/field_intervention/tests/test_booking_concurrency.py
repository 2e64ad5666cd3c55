"""Two dispatchers booking the same technician's morning at the same moment, each in their own
database transaction, on data committed beforehand (and removed afterwards): a single test
transaction cannot show what another one sees. The second booking runs in a thread, as Odoo's
RPC layer runs it (``retrying``: a serialization failure is retried on a fresh snapshot)."""

import threading
from contextlib import closing, contextmanager
from datetime import datetime, timedelta
from functools import partial
from itertools import pairwise

from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import TransactionCase, new_test_user, tagged

DISPATCHER = "field_intervention.group_intervention_dispatcher"
TECHNICIAN = "field_intervention.group_intervention_technician"
# Tuesday 5 March 2030, Paris (UTC+1): the working day starts at 8:00, 7:00 UTC.
DAY = "2030-03-05"
MORNING = datetime(2030, 3, 5, 7, 0)


@tagged("post_install", "-at_install")
class TestBookingConcurrency(TransactionCase):
    @contextmanager
    def _env(self, user_id=SUPERUSER_ID):
        """An environment on a new, real database transaction, committed on success so that the
        other transactions see it."""
        with closing(sql_db.db_connect(self.env.cr.dbname).cursor()) as cr:
            env = api.Environment(cr, user_id, {"tracking_disable": True, "mail_create_nolog": True})
            yield env
            env.flush_all()
            cr.commit()  # pylint: disable=invalid-commit

    def setUp(self):
        super().setUp()
        with self._env() as env:
            company = env.ref("base.main_company")
            common = {
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "tz": "Europe/Paris",
            }
            dispatchers = new_test_user(env, "fi_conc_disp_1", groups=DISPATCHER, **common) | new_test_user(
                env,
                "fi_conc_disp_2",
                groups=DISPATCHER,
                **common,
            )
            technician = new_test_user(env, "fi_conc_tech", groups=TECHNICIAN, name="Conc Tech", **common)
            calendar = env["resource.calendar"].create(
                {
                    "name": "Concurrency hours",
                    "tz": "Europe/Paris",
                    "company_id": company.id,
                }
            )
            resource = env["resource.resource"].create(
                {
                    "name": technician.name,
                    "user_id": technician.id,
                    "calendar_id": calendar.id,
                    "company_id": company.id,
                    "tz": "Europe/Paris",
                }
            )
            task = env["intervention.task"].create({"name": "Concurrency visit", "code": "FICONC"})
            template = env["intervention.template"].create(
                {
                    "name": "Concurrency visit",
                    "code": "FICONC",
                    "intervention_type": "misc",
                    "task_id": task.id,
                    "duration": 1.5,
                }
            )
            partner = env["res.partner"].create({"name": "Concurrency customer"})
            requests = env["intervention.request"].create(
                [
                    {
                        "partner_id": partner.id,
                        "template_id": template.id,
                        "company_id": company.id,
                        "date_start": "2030-03-01",
                        "date_end": "2030-03-15",
                    }
                    for _index in range(2)
                ]
            )
            appointments = env["intervention.appointment"].create(
                [
                    {
                        "partner_id": partner.id,
                        "template_id": template.id,
                        "company_id": company.id,
                        "date_start": MORNING + timedelta(days=offset),
                        "technician_ids": [Command.set(technician.ids)],
                    }
                    for offset in (1, 2)
                ]
            )
            appointments.action_confirm()
            self.ids = {
                "dispatchers": dispatchers.ids,
                "technician": technician.id,
                "calendar": calendar.id,
                "resource": resource.id,
                "task": task.id,
                "template": template.id,
                "partner": partner.id,
                "requests": requests.ids,
                "appointments": appointments.ids,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._env() as env:
            appointments = env["intervention.appointment"].search([("partner_id", "=", self.ids["partner"])])
            appointments.unlink()
            env["intervention.request"].browse(self.ids["requests"]).unlink()
            env["intervention.template"].browse(self.ids["template"]).unlink()
            env["intervention.task"].browse(self.ids["task"]).unlink()
            env["resource.resource"].browse(self.ids["resource"]).unlink()
            env["resource.calendar"].browse(self.ids["calendar"]).unlink()
            users = env["res.users"].browse([*self.ids["dispatchers"], self.ids["technician"]])
            partners = users.partner_id | env["res.partner"].browse(self.ids["partner"])
            users.unlink()  # and their booking locks
            partners.unlink()

    def _technician_appointments(self):
        with self._env() as env:
            appointments = env["intervention.appointment"].search(
                [
                    ("technician_ids", "in", self.ids["technician"]),
                    ("state", "!=", "cancelled"),
                ],
                order="date_start",
            )
            return [(appointment.date_start, appointment.date_end) for appointment in appointments]

    def _race(self, book_first, book_second):
        """Both transactions have started (each has its snapshot) before either books; the
        first books and holds its transaction open while the second one tries."""
        outcome = {}
        with self._env(self.ids["dispatchers"][0]) as env_1, self._env(self.ids["dispatchers"][1]) as env_2:
            env_1["intervention.appointment"].search_count([])
            env_2["intervention.appointment"].search_count([])
            outcome["first"] = book_first(env_1)

            attempts = []

            def attempt():
                attempts.append(True)
                return book_second(env_2)

            def second():
                try:
                    outcome["second"] = retrying(attempt, env_2)
                except UserError as error:
                    outcome["refused"] = str(error)

            thread = threading.Thread(target=second)
            thread.start()
            thread.join(timeout=1.0)
            self.assertTrue(thread.is_alive(), "the second booking waits for the first one's transaction")
            env_1.flush_all()
            env_1.cr.commit()  # pylint: disable=invalid-commit
            thread.join(timeout=30)
            self.assertFalse(thread.is_alive())
        # The first attempt read the free time in a snapshot older than the first booking:
        # PostgreSQL refused it (serialization failure) and the retry saw the first booking.
        self.assertEqual(len(attempts), 2)
        return outcome

    def _slots_do_not_overlap(self):
        slots = self._technician_appointments()
        for (_start, end), (next_start, _end) in pairwise(slots):
            self.assertLessEqual(end, next_start, f"never two visits at once: {slots}")
        return slots

    def test_two_plans_of_the_same_morning_get_two_slots(self):
        def plan(request_id, env):
            return env["intervention.dispatch.board"].action_board_plan_request(
                request_id, self.ids["technician"], DAY
            )

        first, second = self.ids["requests"]
        outcome = self._race(partial(plan, first), partial(plan, second))
        self.assertNotIn("refused", outcome)
        with self._env() as env:
            visits = env["intervention.appointment"].browse([outcome["first"], outcome["second"]])
            first_visit, second_visit = visits
            self.assertEqual(first_visit.date_start, MORNING, "8:00 in Paris")
            self.assertGreaterEqual(second_visit.date_start, first_visit.date_end, "the next free time")
            self.assertEqual((first_visit.state, second_visit.state), ("confirmed", "confirmed"))
        self._slots_do_not_overlap()

    def test_two_moves_onto_the_same_morning_refuse_the_second(self):
        def move(appointment_id, env):
            return env["intervention.dispatch.board"].action_board_move(
                appointment_id,
                self.ids["technician"],
                DAY,
                from_technician_id=self.ids["technician"],
            )

        first, second = self.ids["appointments"]
        outcome = self._race(partial(move, first), partial(move, second))
        self.assertIn("Conc Tech already has", outcome["refused"])
        slots = self._slots_do_not_overlap()
        self.assertEqual(slots[0], (MORNING, MORNING + timedelta(hours=1.5)), "the first one moved")
        self.assertEqual(slots[1][0], MORNING + timedelta(days=2), "the second one stayed")

    def test_two_dispatchers_booking_the_same_found_slot_refuse_the_second(self):
        def book(request_id, env):
            request = env["intervention.request"].browse(request_id)
            # The slot both finders listed, before either booked it.
            finder = env["intervention.slot.finder"].create(
                {
                    "request_id": request.id,
                    "duration": 1.5,
                    "line_ids": [
                        Command.create(
                            {
                                "technician_id": self.ids["technician"],
                                "date_start": MORNING,
                                "date_end": MORNING + timedelta(hours=1.5),
                            }
                        )
                    ],
                }
            )
            return finder.line_ids.action_book()["res_id"]

        first, second = self.ids["requests"]
        outcome = self._race(partial(book, first), partial(book, second))
        self.assertIn("Conc Tech is no longer free at that time", outcome["refused"])
        slots = self._slots_do_not_overlap()
        self.assertEqual(slots[0], (MORNING, MORNING + timedelta(hours=1.5)))

    def _two_portal_customers(self):
        """Each request goes to a customer of its own, with a portal account; the company lets
        customers book such requests (kind Other) online."""
        with self._env() as env:
            company = env.ref("base.main_company")
            self.ids["book_other"] = company.intervention_portal_book_other
            company.intervention_portal_book_other = True
            users = [
                new_test_user(
                    env, f"fi_conc_portal_{index}", groups="base.group_portal", name=f"Portal {index}"
                )
                for index in (1, 2)
            ]
            for request_id, user in zip(self.ids["requests"], users, strict=True):
                env["intervention.request"].browse(request_id).partner_id = user.partner_id
            self.ids["portal_users"] = [user.id for user in users]
        self.addCleanup(self._cleanup_portal_customers)

    def _cleanup_portal_customers(self):
        with self._env() as env:
            users = env["res.users"].browse(self.ids["portal_users"])
            env["intervention.appointment"].search([("partner_id", "in", users.partner_id.ids)]).unlink()
            env["intervention.request"].browse(self.ids["requests"]).partner_id = self.ids["partner"]
            partners = users.partner_id
            users.unlink()
            partners.unlink()
            env.ref("base.main_company").intervention_portal_book_other = self.ids["book_other"]

    @freeze_time(MORNING - timedelta(days=1))
    def test_two_customers_picking_the_same_slot_online_one_gets_it(self):
        self._two_portal_customers()
        key = f"{self.ids['technician']}-{MORNING:%Y%m%d%H%M}"

        def book(index, env):
            # As the booking page does: the customer's request, read as superuser once the
            # page checked it is theirs.
            portal_env = env(user=self.ids["portal_users"][index])
            return (
                portal_env["intervention.request"]
                .browse(self.ids["requests"][index])
                .sudo()
                ._portal_book(key)
                .id
            )

        outcome = self._race(partial(book, 0), partial(book, 1))
        self.assertIn("Conc Tech is no longer free at that time", outcome["refused"])
        with self._env() as env:
            first = env["intervention.appointment"].browse(outcome["first"])
            self.assertEqual((first.date_start, first.state), (MORNING, "confirmed"))
            second = env["intervention.request"].browse(self.ids["requests"][1])
            self.assertFalse(second.appointment_ids, "nothing booked for the second customer")
            offered = env["intervention.slot.finder"]._portal_finder(second)._portal_slots()
            self.assertTrue(offered, "the second customer is offered the next free times")
            self.assertNotIn(key, [slot["key"] for slot in offered])
        self._slots_do_not_overlap()
