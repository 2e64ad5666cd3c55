from datetime import timedelta

from odoo import fields
from odoo.addons.installed_base.tests.common import EnglishCase
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DISPATCHER
from .tour_screenshots import TourScreenshotMixin


@tagged("post_install", "-at_install")
class TestDispatcherSeesDeadlinesUi(EnglishCase, TourScreenshotMixin, HttpCase):
    browser_size = "1366x768"

    def test_dispatcher_sees_the_response_deadlines_on_the_board(self):
        self.env.company.resource_calendar_id.tz = "Europe/Paris"
        self.env.company.intervention_response_hours_3 = 8.0
        self.env.company.intervention_response_hours_0 = 40.0
        new_test_user(
            self.env, "fi_sla_dispatcher", groups=DISPATCHER, password="fi_sla_dispatcher", tz="Europe/Paris"
        )
        self.env["intervention.request"].search([("state", "=", "to_schedule")]).action_cancel()
        task = self.env["intervention.task"].create({"name": "SLA repair"})
        template = self.env["intervention.template"].create(
            {"name": "SLA repair", "code": "SLAUI", "task_id": task.id}
        )
        now = fields.Datetime.now()
        late, fresh = self.env["intervention.request"].create(
            [
                {
                    "partner_id": self.env["res.partner"].create({"name": name}).id,
                    "template_id": template.id,
                    "priority": priority,
                    "date_start": now.date() - timedelta(days=days),
                    "date_end": now.date() + timedelta(days=14),
                    "date_received": now - timedelta(days=days),
                }
                for name, priority, days in (("SLA Late Client", "3", 10), ("SLA Fresh Client", "0", 0))
            ]
        )
        self.assertLess(late.date_deadline, now)
        self.assertGreater(fresh.date_deadline, now)
        self.start_tour(
            "/odoo/action-field_intervention.intervention_dispatch_board_action",
            "field_intervention_sla_board",
            login="fi_sla_dispatcher",
        )
