from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import tagged

from .common import FieldInterventionCase

CALENDAR_SPEC = {
    "name": {},
    "date_start": {},
    "date_end": {},
    "allday": {},
    "color": {},
    "state": {},
    "partner_id": {"fields": {"display_name": {}}},
    "address_partner_id": {"fields": {"display_name": {}}},
    "template_id": {"fields": {"display_name": {}}},
    "task_id": {"fields": {"display_name": {}}},
    "technician_ids": {"fields": {"display_name": {}}},
    "sector_id": {"fields": {"display_name": {}}},
    "equipment_id": {"fields": {"display_name": {}}},
}


@tagged("post_install", "-at_install")
class TestPlanningQueries(FieldInterventionCase):
    """Reading the planning costs the same number of queries for 20 or 200 appointments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partners = cls.env["res.partner"].create(
            [
                {
                    "name": f"Client {index}",
                    "zip": f"33{index:03d}",
                    "street": f"{index} rue Sainte-Catherine",
                }
                for index in range(40)
            ]
        )
        start = datetime(2030, 3, 4, 8)
        cls.env["intervention.appointment"].create(
            [
                {
                    "partner_id": partners[index % 40].id,
                    "template_id": cls.template.id,
                    "date_start": start + timedelta(hours=index),
                    "technician_ids": [Command.set((cls.technician | cls.technician_2).ids)],
                    "description": "<p>Annual sweep</p>",
                }
                for index in range(200)
            ]
        )
        cls.env.invalidate_all()

    def _read_planning(self, user, limit):
        env = self.env(user=user)
        env.invalidate_all()
        return env["intervention.appointment"].web_search_read(
            [("date_start", ">=", "2030-03-01"), ("date_start", "<", "2030-04-01")],
            CALENDAR_SPEC,
            limit=limit,
        )

    def _count_queries(self, user, limit):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        result = self._read_planning(user, limit)
        self.assertEqual(len(result["records"]), limit)
        return self.cr.sql_log_count - before

    def test_dispatcher_planning_query_count(self):
        self._read_planning(self.dispatcher, 200)
        count_small = self._count_queries(self.dispatcher, 20)
        count_large = self._count_queries(self.dispatcher, 200)
        self.assertLessEqual(count_large, count_small, "queries grow with the number of appointments")
        with self.assertQueryCount(count_small):
            self.env.invalidate_all()
            self._read_planning(self.dispatcher, 200)

    def test_technician_my_day_query_count(self):
        self._read_planning(self.technician, 200)
        count_small = self._count_queries(self.technician, 20)
        count_large = self._count_queries(self.technician, 200)
        self.assertLessEqual(count_large, count_small)
        self.assertLess(count_large, 25, "a fixed, small number of queries")

    def test_list_search_read_query_count(self):
        fields_list = [
            "name",
            "date_start",
            "duration",
            "partner_id",
            "template_id",
            "task_id",
            "sector_id",
            "technician_ids",
            "state",
            "color",
            "company_id",
        ]
        Appointment = self.env(user=self.dispatcher)["intervention.appointment"]
        Appointment.search_read([], fields_list, limit=200)
        counts = []
        for limit in (20, 200):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            records = Appointment.search_read([], fields_list, limit=limit)
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(len(records), limit)
        self.assertLessEqual(counts[1], counts[0])
