from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, tagged

from ..tools.working_hours import hours_between, plan_hours_on
from .common import FieldInterventionCase

# Monday 4 March 2030. Paris is UTC+1 until 31 March; New York is UTC-5 until 10 March, then UTC-4.
MONDAY = datetime(2030, 3, 4)


@tagged("post_install", "-at_install")
class TestResponseDeadline(FieldInterventionCase):
    """Response times in working hours of the company's calendar: 8:00-12:00 and 13:00-17:00,
    Monday to Friday (7:00-11:00 and 12:00-16:00 UTC in Paris). Settings: Normal 40 h,
    Important 24 h, Very Important 16 h, Urgent 8 h; at risk under 25 % left."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Installers", "tz": "Europe/Paris", "company_id": cls.company.id}
        )
        cls.company.write(
            {
                "resource_calendar_id": cls.calendar.id,
                "intervention_response_hours_0": 40.0,
                "intervention_response_hours_1": 24.0,
                "intervention_response_hours_2": 16.0,
                "intervention_response_hours_3": 8.0,
                "intervention_sla_risk_percent": 25.0,
            }
        )
        cls.Request = cls.env["intervention.request"]

    def _receive(self, when, **values):
        """A request received at ``when`` (naive UTC), urgent unless told, for the dispatcher."""
        with freeze_time(when):
            return self._create_request(
                priority=values.pop("priority", "3"),
                date_start=values.pop("date_start", when.date()),
                date_end="2030-03-29",
                **{"user_id": self.dispatcher.id, **values},
            )

    def _update_states(self, when):
        with freeze_time(when):
            self.Request._cron_update_sla_state()

    # ------------------------------------------------------------------
    # The deadline
    # ------------------------------------------------------------------

    def test_deadline_counts_working_hours_of_the_company_calendar(self):
        # Monday 10:00 Paris + 8 h: 2 h before lunch, 4 h after, 2 h on Tuesday morning.
        request = self._receive(datetime(2030, 3, 4, 9, 0))
        self.assertEqual(request.date_received, datetime(2030, 3, 4, 9, 0))
        self.assertEqual(request.sla_response_hours, 8.0)
        self.assertEqual(request.date_deadline, datetime(2030, 3, 5, 9, 0), "Tuesday 10:00 in Paris")

    def test_deadline_skips_the_weekend(self):
        # Friday 15:00 Paris + 8 h: 2 h on Friday, then Monday 8:00-12:00 and 13:00-15:00.
        request = self._receive(datetime(2030, 3, 8, 14, 0))
        self.assertEqual(request.date_deadline, datetime(2030, 3, 11, 14, 0), "Monday 15:00 in Paris")

    def test_deadline_skips_public_holidays(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Closed",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2030, 3, 10, 23, 0),
                "date_to": datetime(2030, 3, 11, 22, 59, 59),
            }
        )
        request = self._receive(datetime(2030, 3, 8, 14, 0))
        self.assertEqual(request.date_deadline, datetime(2030, 3, 12, 14, 0), "Tuesday 15:00: Monday is off")

    def test_deadline_in_the_calendar_time_zone_across_daylight_saving(self):
        self.calendar.tz = "America/New_York"
        # Monday 9:00 New York (UTC-5) + 8 h: 3 + 4 h on Monday, 1 h on Tuesday.
        monday = self._receive(datetime(2030, 3, 4, 14, 0))
        self.assertEqual(monday.date_deadline, datetime(2030, 3, 5, 14, 0), "Tuesday 9:00 EST")
        # Friday 15:00 EST + 8 h ends Monday 15:00, after the clocks moved on Sunday (UTC-4).
        friday = self._receive(datetime(2030, 3, 8, 20, 0))
        self.assertEqual(friday.date_deadline, datetime(2030, 3, 11, 19, 0), "Monday 15:00 EDT")

    def test_deadline_counts_from_the_requested_window_when_later(self):
        # Received Monday for Wednesday: the 8 hours start Wednesday 0:00 (Paris), end 17:00.
        request = self._receive(datetime(2030, 3, 4, 9, 0), date_start="2030-03-06")
        self.assertEqual(request.date_response_start, datetime(2030, 3, 5, 23, 0))
        self.assertEqual(request.date_deadline, datetime(2030, 3, 6, 16, 0))

    def test_deadline_follows_the_priority(self):
        request = self._receive(datetime(2030, 3, 4, 9, 0))
        with freeze_time(datetime(2030, 3, 4, 12, 0)):
            request.priority = "0"
        # 40 h from Monday 10:00 (the reception, not the change): 6 + 8 + 8 + 8 + 8, then 2 h.
        self.assertEqual(request.sla_response_hours, 40.0)
        self.assertEqual(request.date_deadline, datetime(2030, 3, 11, 9, 0))

    def test_no_response_time_no_deadline(self):
        self.company.intervention_response_hours_1 = 0.0
        request = self._receive(datetime(2030, 3, 4, 9, 0), priority="1")
        self.assertFalse(request.date_deadline)
        self.assertFalse(request.sla_state)

    def test_deadline_of_a_batch_in_one_planning(self):
        """Each request gets its own deadline when created together."""
        with freeze_time(datetime(2030, 3, 4, 9, 0)):
            requests = self.Request.create(
                [
                    {
                        "partner_id": self.customer.id,
                        "template_id": self.template.id,
                        "date_start": day,
                        "date_end": "2030-03-29",
                        "priority": priority,
                    }
                    for day, priority in (("2030-03-04", "3"), ("2030-03-08", "3"), ("2030-03-04", "2"))
                ]
            )
        self.assertEqual(
            requests.mapped("date_deadline"),
            [datetime(2030, 3, 5, 9, 0), datetime(2030, 3, 8, 16, 0), datetime(2030, 3, 6, 9, 0)],
        )

    # ------------------------------------------------------------------
    # The state, the daily job, the activity
    # ------------------------------------------------------------------

    def test_state_moves_with_time_and_alerts_once(self):
        request = self._receive(datetime(2030, 3, 4, 9, 0))  # deadline Tuesday 9:00 UTC
        self.assertEqual(request.sla_state, "on_track")
        self._update_states(datetime(2030, 3, 4, 15, 0))  # 3 working hours of 8 left
        self.assertEqual(request.sla_state, "on_track")
        self.assertFalse(request.activity_ids)
        self._update_states(datetime(2030, 3, 5, 7, 30))  # 1.5 h left, under 25 % of 8 h
        self.assertEqual(request.sla_state, "at_risk")
        activity = request.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.dispatcher, "the request's responsible")
        self.assertEqual(
            activity.activity_type_id, self.env.ref("field_intervention.mail_activity_type_sla_at_risk")
        )
        self.assertTrue(request.sla_alert_sent)
        activity.action_feedback("On my way")
        self._update_states(datetime(2030, 3, 5, 8, 0))
        self.assertEqual(request.sla_state, "at_risk")
        self.assertFalse(request.activity_ids, "once, not on every run")
        self._update_states(datetime(2030, 3, 5, 9, 30))
        self.assertEqual(request.sla_state, "breached")

    def test_alert_again_after_being_back_on_track(self):
        request = self._receive(datetime(2030, 3, 4, 9, 0))
        self._update_states(datetime(2030, 3, 5, 7, 30))
        self.assertEqual(len(request.activity_ids), 1)
        request.activity_ids.action_feedback("Planned")
        with freeze_time(datetime(2030, 3, 5, 7, 30)):
            request.priority = "0"  # 40 h: back on track
        self._update_states(datetime(2030, 3, 5, 7, 45))
        self.assertEqual(request.sla_state, "on_track")
        self.assertFalse(request.sla_alert_sent)

    def test_no_activity_without_responsible(self):
        request = self._receive(datetime(2030, 3, 4, 9, 0), user_id=False)
        self._update_states(datetime(2030, 3, 5, 7, 30))
        self.assertEqual(request.sla_state, "at_risk")
        self.assertFalse(request.activity_ids)

    def test_met_when_the_first_visit_is_in_time(self):
        request = self._receive(datetime(2030, 3, 4, 9, 0))
        with freeze_time(datetime(2030, 3, 4, 9, 30)):
            appointment = self._create_appointment(
                request_id=request.id, date_start=datetime(2030, 3, 5, 7, 0)
            )
            appointment.action_confirm()
        self._update_states(datetime(2030, 3, 5, 6, 30))  # 0.5 h left, but planned in time
        self.assertEqual(request.sla_state, "on_track")
        with freeze_time(datetime(2030, 3, 5, 7, 0)):
            appointment.action_start()
        self.assertEqual(request.date_first_visit, datetime(2030, 3, 5, 7, 0))
        self.assertEqual(request.sla_state, "met")
        self._update_states(datetime(2030, 3, 6, 12, 0))
        self.assertEqual(request.sla_state, "met", "met stays met")

    def test_planned_after_the_deadline_is_at_risk_then_breached(self):
        request = self._receive(datetime(2030, 3, 4, 9, 0))
        with freeze_time(datetime(2030, 3, 4, 9, 30)):
            appointment = self._create_appointment(
                request_id=request.id, date_start=datetime(2030, 3, 6, 7, 0)
            )
            appointment.action_confirm()
            self.assertEqual(request.sla_state, "at_risk", "the appointment comes after the deadline")
        with freeze_time(datetime(2030, 3, 6, 7, 0)):
            appointment.action_start()
        self.assertEqual(request.sla_state, "breached")

    def test_cancelled_unvisited_request_has_no_state(self):
        request = self._receive(datetime(2030, 3, 4, 9, 0))
        request.action_cancel()
        self.assertFalse(request.sla_state)

    def test_search_by_state(self):
        late = self._receive(datetime(2030, 3, 4, 9, 0))
        fresh = self._receive(datetime(2030, 3, 4, 9, 0), priority="0")
        self._update_states(datetime(2030, 3, 5, 10, 0))
        self.assertEqual(
            self.Request.search([("id", "in", (late | fresh).ids), ("sla_state", "=", "breached")]), late
        )
        self.assertEqual(
            self.Request.search([("id", "in", (late | fresh).ids), ("sla_state", "=", "on_track")]), fresh
        )

    # ------------------------------------------------------------------
    # Bad input and access
    # ------------------------------------------------------------------

    def test_negative_response_time_refused_naming_the_field(self):
        with (
            self.assertRaisesRegex(ValidationError, r"Response Time \(Urgent\) cannot be negative"),
            self.env.cr.savepoint(),
        ):
            self.company.intervention_response_hours_3 = -1.0
        self.company.invalidate_recordset()
        self.assertEqual(self.company.intervention_response_hours_3, 8.0, "nothing written")
        with self.assertRaisesRegex(ValidationError, r"Response Time \(Normal\)"), self.env.cr.savepoint():
            self.env["res.config.settings"].create({"intervention_response_hours_0": -4.0}).execute()
        self.company.invalidate_recordset()
        self.assertEqual(self.company.intervention_response_hours_0, 40.0)

    def test_risk_threshold_outside_0_100_refused(self):
        with self.assertRaisesRegex(ValidationError, "At Risk Threshold must be between 0 and 100"):
            self.company.intervention_sla_risk_percent = 120.0
        with self.assertRaisesRegex(ValidationError, "At Risk Threshold"):
            self.company.intervention_sla_risk_percent = -5.0

    def test_users_cannot_write_the_response_fields(self):
        request = self._receive(datetime(2030, 3, 4, 9, 0))
        for user in (self.technician, self.dispatcher, self.manager):
            for vals in (
                {"date_deadline": datetime(2030, 4, 1)},
                {"sla_state": "met"},
                {"date_first_visit": datetime(2030, 3, 4, 10, 0)},
                {"date_received": datetime(2030, 3, 1)},
                {"sla_alert_sent": True},
            ):
                with self.subTest(user=user.login, field=next(iter(vals))), self.assertRaises(AccessError):
                    request.with_user(user).write(vals)
        self.assertEqual(request.date_deadline, datetime(2030, 3, 5, 9, 0))
        self.assertEqual(request.sla_state, "on_track")

    # ------------------------------------------------------------------
    # Where the dispatcher sees it
    # ------------------------------------------------------------------

    def test_board_lists_requests_by_deadline_with_their_state(self):
        self.env["intervention.request"].search([("state", "=", "to_schedule")]).action_cancel()
        normal = self._receive(datetime(2030, 3, 4, 9, 0), priority="0")
        urgent = self._receive(datetime(2030, 3, 4, 9, 0))
        no_deadline = self._receive(datetime(2030, 3, 4, 9, 0), priority="1")
        no_deadline.company_id.intervention_response_hours_1 = 0.0
        self.assertFalse(no_deadline.date_deadline)
        board = self.env["intervention.dispatch.board"].with_user(self.dispatcher)
        # Tuesday 8:30 Paris: the urgent one is at risk now, though the daily job has not run.
        with freeze_time(datetime(2030, 3, 5, 7, 30)):
            data = board.get_dispatch_board_data("2030-03-04")
        rows = {row["id"]: row for row in data["requests"]}
        self.assertEqual([row["id"] for row in data["requests"]], [urgent.id, normal.id, no_deadline.id])
        self.assertEqual(rows[urgent.id]["sla_state"], "at_risk")
        self.assertEqual(rows[urgent.id]["date_deadline"], "2030-03-05 09:00:00", "UTC: the browser formats")
        self.assertEqual(data["tz"], "Europe/Paris", "in the dispatcher's zone")
        self.assertEqual(rows[normal.id]["sla_state"], "on_track")
        self.assertFalse(rows[no_deadline.id]["sla_state"])
        self.assertEqual(urgent.sla_state, "on_track", "the stored state waits for the daily job")

    def test_slot_finder_marks_the_slots_after_the_deadline(self):
        (self.env.user | self.technician).tz = "Europe/Paris"
        request = self._receive(datetime(2030, 3, 4, 6, 0), task_id=self.task.id)  # Monday 7:00 Paris
        self.assertEqual(request.date_deadline, datetime(2030, 3, 4, 16, 0), "Monday 17:00")
        with freeze_time(datetime(2030, 3, 4, 6, 0)):
            finder = self.env["intervention.slot.finder"].browse(request.action_find_slot()["res_id"])
        self.assertEqual(finder.date_deadline, request.date_deadline)
        lines = finder.line_ids
        self.assertEqual(lines[0].date_start, datetime(2030, 3, 4, 7, 0))
        self.assertFalse(lines[0].misses_deadline)
        self.assertTrue(lines[1:])
        self.assertTrue(all(lines[1:].mapped("misses_deadline")), "Tuesday and after are too late")

    def test_slot_finder_offers_the_slots_in_time_first(self):
        request = self._receive(datetime(2030, 3, 4, 6, 0), task_id=self.task.id)
        with freeze_time(datetime(2030, 3, 4, 6, 0)):
            finder = self.env["intervention.slot.finder"].browse(request.action_find_slot()["res_id"])
        early_but_late = self.env["intervention.slot.finder.line"].create(
            {"finder_id": finder.id, "date_start": datetime(2030, 3, 4, 6, 0), "misses_deadline": True}
        )
        finder.invalidate_recordset(["line_ids"])
        lines = finder.line_ids
        self.assertEqual(lines[0].date_start, datetime(2030, 3, 4, 7, 0), "in time comes first")
        self.assertEqual(lines[1], early_but_late, "however early, a late slot comes after")
        self.assertEqual(lines.mapped("misses_deadline"), [False] + [True] * (len(lines) - 1))

    # ------------------------------------------------------------------
    # Reporting
    # ------------------------------------------------------------------

    def test_compliance_report_counts_and_percentile(self):
        received = datetime(2030, 3, 4, 9, 0)
        requests = self.Request.browse()
        # First visits 1, 2, 3, 4 and 30 hours after the reception; the deadline is Tuesday 9:00.
        for hours in (1, 2, 3, 4, 30):
            request = self._receive(received)
            with freeze_time(received):
                appointment = self._create_appointment(
                    request_id=request.id, date_start=received + timedelta(hours=hours)
                )
                appointment.action_confirm()
                appointment.action_start()
            requests |= request
        self.assertEqual(requests.mapped("sla_state"), ["met"] * 4 + ["breached"])
        Report = self.env["intervention.sla.report"].with_user(self.dispatcher)
        [group] = Report.read_group(
            [("request_id", "in", requests.ids)],
            ["met_count:sum", "breached_count:sum", "response_hours:avg", "response_hours_p90:max"],
            ["priority"],
        )
        self.assertEqual((group["met_count"], group["breached_count"]), (4, 1))
        self.assertAlmostEqual(group["response_hours"], (1 + 2 + 3 + 4 + 30) / 5)
        # percentile_cont: 0.9 * (5 - 1) = 3.6, between the 4th (4 h) and 5th (30 h) values.
        self.assertAlmostEqual(group["response_hours_p90"], 4 + 0.6 * (30 - 4))

    def test_compliance_report_hidden_from_technicians(self):
        with self.assertRaises(AccessError):
            self.env["intervention.sla.report"].with_user(self.technician).search([])


@tagged("post_install", "-at_install")
class TestWorkingHours(TransactionCase):
    """The interval arithmetic alone."""

    def test_plan_and_measure_on_intervals(self):
        day = [
            (datetime(2030, 3, 4, 8), datetime(2030, 3, 4, 12)),
            (datetime(2030, 3, 4, 13), datetime(2030, 3, 4, 17)),
        ]
        self.assertEqual(
            plan_hours_on(day, datetime(2030, 3, 4, 7), 4), datetime(2030, 3, 4, 12), "ends there"
        )
        self.assertEqual(plan_hours_on(day, datetime(2030, 3, 4, 11), 2), datetime(2030, 3, 4, 14))
        self.assertEqual(plan_hours_on(day, datetime(2030, 3, 4, 12, 30), 1.5), datetime(2030, 3, 4, 14, 30))
        self.assertIsNone(plan_hours_on(day, datetime(2030, 3, 4, 9), 10), "past the intervals")
        self.assertEqual(hours_between(day, datetime(2030, 3, 4, 11), datetime(2030, 3, 4, 14)), 2.0)
        self.assertEqual(hours_between(day, datetime(2030, 3, 4, 14), datetime(2030, 3, 4, 11)), 0.0)
