from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DISPATCHER, MANAGER, TECHNICIAN, FieldInterventionCase

MY_DAY = "field_intervention.intervention_appointment_action_my_day"
BOARD = "field_intervention.intervention_dispatch_board_action"


@tagged("post_install", "-at_install")
class TestLanding(FieldInterventionCase):
    """Each role lands where it works, on its first login and after."""

    def test_new_technician_lands_on_my_day(self):
        user = new_test_user(self.env, "fi_land_tech", groups=TECHNICIAN)
        self.assertEqual(user.action_id.id, self.env.ref(MY_DAY).id)

    def test_new_dispatcher_and_manager_land_on_the_board(self):
        dispatcher = new_test_user(self.env, "fi_land_disp", groups=DISPATCHER)
        manager = new_test_user(self.env, "fi_land_mgr", groups=MANAGER)
        board = self.env.ref(BOARD)
        self.assertEqual(
            dispatcher.action_id.id, board.id, "the dispatcher's wins over the implied technician's"
        )
        self.assertEqual(manager.action_id.id, board.id)

    def test_user_given_the_group_later_gets_the_landing(self):
        user = new_test_user(self.env, "fi_land_later", groups="base.group_user")
        self.assertFalse(user.action_id)
        user.write({"group_ids": [(4, self.env.ref(TECHNICIAN).id)]})
        self.assertEqual(user.action_id.id, self.env.ref(MY_DAY).id)
        user.write({"group_ids": [(4, self.env.ref(DISPATCHER).id)]})
        self.assertEqual(user.action_id.id, self.env.ref(BOARD).id, "promoted: My Day gives way to the board")

    def test_home_action_chosen_by_hand_is_kept(self):
        planning = self.env.ref("field_intervention.intervention_appointment_action_planning")
        user = new_test_user(self.env, "fi_land_own", groups="base.group_user")
        user.action_id = planning.id
        user.write({"group_ids": [(4, self.env.ref(DISPATCHER).id)]})
        self.assertEqual(user.action_id.id, planning.id)

    def test_demo_users_land_where_they_work(self):
        karim = self.env.ref("field_intervention.user_technician_karim", raise_if_not_found=False)
        emilie = self.env.ref("field_intervention.user_dispatcher_emilie", raise_if_not_found=False)
        if not (karim and emilie):
            self.skipTest("no demo data")
        self.assertEqual(karim.action_id.id, self.env.ref(MY_DAY).id)
        self.assertEqual(emilie.action_id.id, self.env.ref(BOARD).id)

    def test_no_odoobot_onboarding_for_technicians(self):
        if "odoobot_state" not in self.env["res.users"]._fields:
            self.skipTest("mail_bot is not installed")
        technician = new_test_user(self.env, "fi_land_bot", groups=TECHNICIAN)
        self.assertEqual(technician.odoobot_state, "disabled")
        channels = self.env["discuss.channel"].search(
            [("channel_member_ids.partner_id", "=", technician.partner_id.id)]
        )
        technician.with_user(technician)._on_webclient_bootstrap()
        after = self.env["discuss.channel"].search(
            [("channel_member_ids.partner_id", "=", technician.partner_id.id)]
        )
        self.assertEqual(after, channels, "no OdooBot chat on the first login")
        dispatcher = new_test_user(self.env, "fi_land_bot_disp", groups=DISPATCHER)
        self.assertNotEqual(dispatcher.odoobot_state, "disabled", "the office keeps its onboarding")

    def test_dispatcher_sees_installed_equipment_menu(self):
        menu = self.env.ref("installed_base.menu_field_service_installed_equipment")
        dispatcher = self.env["ir.ui.menu"].with_user(self.dispatcher)._visible_menu_ids()
        technician = self.env["ir.ui.menu"].with_user(self.technician)._visible_menu_ids()
        self.assertIn(menu.id, dispatcher)
        self.assertNotIn(menu.id, technician)


def _buttons(arch):
    """{button name: invisible expression} of an arch (several buttons of one name: the last)."""
    return {button.get("name"): button.get("invisible") for button in etree.fromstring(arch).iter("button")}


@tagged("post_install", "-at_install")
class TestMyDayButtons(FieldInterventionCase):
    """My Day offers only the buttons that apply, in each time tracking mode."""

    KANBAN = "field_intervention.intervention_appointment_view_kanban_my_day"
    ACTIONS = ("action_start", "action_timer_pause", "action_timer_resume", "action_open_finish")

    def _shown(self, state, mode, required=False, timer_start=False, timer_pause=False):
        arch = self.env["intervention.appointment"].get_view(self.env.ref(self.KANBAN).id, "kanban")["arch"]
        values = {
            "state": state,
            "is_closed": False,
            "time_tracking": mode,
            "time_tracking_required": required,
            "timer_start": timer_start,
            "timer_pause": timer_pause,
        }
        buttons = _buttons(arch)
        return [name for name in self.ACTIONS if not safe_eval(buttons[name] or "False", values)]

    def test_timer_mode_start_then_pause_and_finish(self):
        self.assertEqual(self._shown("confirmed", "timer"), ["action_start"])
        self.assertEqual(
            self._shown("in_progress", "timer", timer_start=True),
            ["action_timer_pause", "action_open_finish"],
        )
        self.assertEqual(
            self._shown("in_progress", "timer", timer_start=True, timer_pause=True),
            ["action_timer_resume", "action_open_finish"],
        )

    def test_without_timer_finish_alone(self):
        for mode in ("none", "manual"):
            self.assertEqual(self._shown("confirmed", mode), ["action_open_finish"], mode)
            self.assertEqual(self._shown("in_progress", mode), ["action_open_finish"], mode)

    def test_required_tracking_start_first(self):
        for mode in ("none", "manual"):
            self.assertEqual(self._shown("confirmed", mode, required=True), ["action_start"], mode)

    def test_nothing_to_do_once_done(self):
        self.assertEqual(self._shown("done", "timer"), [])

    def test_the_day_in_time_order(self):
        # the order the web client reads My Day in: the kanban's, else the model's (latest first)
        arch = self.env["intervention.appointment"].get_view(self.env.ref(self.KANBAN).id, "kanban")["arch"]
        order = etree.fromstring(arch).get("default_order")
        self.assertTrue(order)
        morning = self._create_appointment(date_start="2030-03-04 07:00:00")
        afternoon = self._create_appointment(date_start="2030-03-04 13:00:00")
        both = (morning | afternoon).ids
        found = self.env["intervention.appointment"].search([("id", "in", both)], order=order)
        self.assertEqual(found.ids, [morning.id, afternoon.id], "the morning's visit first")


@tagged("post_install", "-at_install")
class TestTechnicianForm(FieldInterventionCase):
    """On the phone a technician reads the visit and fills the report; the office plans."""

    def test_technician_view_flag(self):
        appointment = self._create_appointment()
        self.assertTrue(appointment.with_user(self.technician).is_field_technician)
        self.assertFalse(appointment.with_user(self.dispatcher).is_field_technician)

    def test_technician_cannot_change_the_planned_visit(self):
        appointment = self._create_appointment()
        appointment.action_confirm()
        as_technician = appointment.with_user(self.technician)
        for values in (
            {"date_start": self.start.replace(hour=14)},
            {"partner_id": self.customer_two_units.id},
        ):
            with self.assertRaisesRegex(AccessError, "only dispatchers can change"):
                as_technician.write(values)
        self.assertEqual(appointment.date_start, self.start)
        as_technician.write({"work_summary": "<p>Swept</p>", "travel_duration": 0.5})
        self.assertEqual(appointment.travel_duration, 0.5)
        appointment.with_user(self.dispatcher).write({"date_start": self.start.replace(hour=14)})
        self.assertEqual(appointment.date_start.hour, 14)

    def test_technician_still_plans_their_own_appointment_when_creating_it(self):
        appointment = self._create_appointment(
            user=self.technician, technician_ids=[(6, 0, self.technician.ids)]
        )
        self.assertEqual(appointment.partner_id, self.customer)
        self.assertEqual(appointment.date_start, self.start)


@tagged("post_install", "-at_install")
class TestFinishDialog(FieldInterventionCase):
    """Finish is one dialog: the confirmation, the times when the mode asks them, and every
    missing requirement at once."""

    def _dialog(self, appointment):
        action = appointment.action_open_finish()
        self.assertEqual(action["res_model"], "intervention.appointment.finish")
        return Form(self.env(user=self.technician, context=action["context"])[action["res_model"]])

    def _confirmed(self):
        appointment = self._create_appointment()
        appointment.action_confirm()
        return appointment.with_user(self.technician)

    def test_without_time_tracking_the_dialog_only_confirms(self):
        appointment = self._confirmed()
        appointment.actual_duration = 2.25
        dialog = self._dialog(appointment)
        self.assertFalse(dialog.ask_times)
        self.assertFalse(dialog.missing_requirements)
        self.assertEqual(appointment.state, "confirmed", "opening the dialog finishes nothing")
        dialog.save().action_confirm()
        self.assertEqual(appointment.state, "done")
        self.assertEqual(appointment.actual_duration, 2.25, "the time typed in the report stays")

    def test_manual_mode_asks_the_times_in_the_same_dialog(self):
        self.company.intervention_time_tracking = "manual"
        appointment = self._confirmed()
        dialog = self._dialog(appointment)
        self.assertTrue(dialog.ask_times)
        dialog.actual_duration = 1.25
        dialog.travel_duration = 0.5
        dialog.save().action_confirm()
        self.assertEqual(
            (appointment.state, appointment.actual_duration, appointment.travel_duration), ("done", 1.25, 0.5)
        )

    def test_wrong_state_refused_before_the_dialog(self):
        self.company.intervention_time_tracking = "timer"
        appointment = self._confirmed()
        with self.assertRaisesRegex(UserError, "press Start first"):
            appointment.action_open_finish()

    def test_every_missing_item_listed_and_finish_refused(self):
        def missing(appointments):
            return {appointment.id: ["Answer A", "Answer <B>"] for appointment in appointments}

        appointment = self._confirmed()
        Appointment = type(self.env["intervention.appointment"])
        self.patch(Appointment, "_get_finish_missing_requirements", lambda self: missing(self))
        dialog = self._dialog(appointment)
        self.assertIn("<li>Answer A</li>", dialog.missing_requirements)
        self.assertIn("<li>Answer &lt;B&gt;</li>", dialog.missing_requirements, "items are escaped")
        with self.assertRaisesRegex(UserError, r"cannot be finished yet:\n- Answer A\n- Answer <B>"):
            dialog.save().action_confirm()
        with self.assertRaisesRegex(UserError, "- Answer A"):
            appointment.action_finish()
        self.assertEqual(appointment.state, "confirmed")
