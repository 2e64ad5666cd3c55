from datetime import datetime, time, timedelta

import pytz

from odoo import Command, fields
from odoo.addons.installed_base.tests.common import EnglishCase
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DISPATCHER, TECHNICIAN
from .tour_screenshots import TourScreenshotMixin

PARIS = pytz.timezone("Europe/Paris")


@tagged("post_install", "-at_install")
class TestDispatcherBoardUi(EnglishCase, TourScreenshotMixin, HttpCase):
    browser_size = "1366x768"

    def _utc(self, day, hour):
        return PARIS.localize(datetime.combine(day, time(hour))).astimezone(pytz.utc).replace(tzinfo=None)

    def test_dispatcher_finds_a_slot_then_plans_and_moves_on_the_board(self):
        self.env.company.resource_calendar_id.tz = "Europe/Paris"
        self.env.company.intervention_travel_buffer = 0.0
        new_test_user(
            self.env,
            "fi_board_dispatcher",
            groups=DISPATCHER,
            password="fi_board_dispatcher",
            tz="Europe/Paris",
        )
        tech_a, tech_b = (
            new_test_user(self.env, login, groups=TECHNICIAN, name=name, tz="Europe/Paris")
            for login, name in (("fi_board_a", "Board Tech A"), ("fi_board_b", "Board Tech B"))
        )
        task = self.env["intervention.task"].create(
            {
                "name": "Boiler service",
                "technician_ids": [Command.set((tech_a | tech_b).ids)],
            }
        )
        template = self.env["intervention.template"].create(
            {
                "name": "Boiler service",
                "code": "BOARD",
                "task_id": task.id,
                "duration": 1.5,
            }
        )
        self.env["intervention.sector"].search([]).action_archive()
        self.env["intervention.sector"].create(
            {
                "name": "Board sector",
                "zip_prefixes": "33",
                "technician_ids": [Command.set(tech_a.ids)],
            }
        )
        today = fields.Date.today()
        monday = today + timedelta(days=7 - today.weekday())
        requests = self.env["intervention.request"].create(
            [
                {
                    "partner_id": self.env["res.partner"].create({"name": name, "zip": "33000"}).id,
                    "template_id": template.id,
                    "date_start": monday,
                    "date_end": monday + timedelta(days=4),
                }
                for name in ("Board Client One", "Board Client Two")
            ]
        )
        busy = self.env["intervention.appointment"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "Board Busy Client"}).id,
                "date_start": self._utc(monday + timedelta(days=2), 9),
                "duration": 2.0,
                "technician_ids": [Command.set(tech_b.ids)],
                "state": "confirmed",
            }
        )
        self.start_tour(
            f"/odoo/action-field_intervention.intervention_request_action/{requests[0].id}",
            "field_intervention_dispatch",
            login="fi_board_dispatcher",
        )
        first, second = requests.appointment_ids.sorted(lambda a: a.request_id.id)
        self.assertEqual(first.request_id, requests[0])
        self.assertEqual(first.technician_ids, tech_b, "moved to Board Tech B")
        self.assertEqual(first.date_start, self._utc(monday + timedelta(days=1), 8), "Tuesday, same time")
        self.assertEqual(second.request_id, requests[1])
        self.assertEqual(second.technician_ids, tech_a)
        self.assertEqual(second.date_start, self._utc(monday + timedelta(days=1), 8), "the first free time")
        self.assertEqual(requests.mapped("state"), ["scheduled", "scheduled"])
        self.assertEqual(busy.date_start, self._utc(monday + timedelta(days=2), 9), "untouched")
