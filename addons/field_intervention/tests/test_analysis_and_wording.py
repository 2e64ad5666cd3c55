from lxml import etree

from odoo.tools.safe_eval import safe_eval

from .common import FieldInterventionCase


class TestAnalysisAndWording(FieldInterventionCase):
    def test_analysis_leaves_cancelled_visits_out_by_default_and_counts(self):
        action = self.env.ref("field_intervention.intervention_appointment_action_analysis")
        context = safe_eval(action.context)
        self.assertTrue(context["search_default_not_cancelled"], "a filter the user can remove")
        self.assertEqual(context["pivot_measures"][0], "__count")
        self.assertEqual(context["graph_measure"], "__count")
        view = self.env["intervention.appointment"].get_view(action.search_view_id.id, "search")
        arch = etree.fromstring(view["arch"])
        domain = safe_eval(arch.xpath("//filter[@name='not_cancelled']")[0].get("domain"))
        kept = self._create_appointment(state="confirmed")
        cancelled = self._create_appointment(state="confirmed")
        cancelled.action_cancel()
        found = self.env["intervention.appointment"].search([*domain, ("id", "in", (kept | cancelled).ids)])
        self.assertEqual(found, kept)

    def test_status_charts_colour_done_green(self):
        for xmlid in (
            "field_intervention.intervention_appointment_view_graph",
            "field_intervention.intervention_request_view_graph",
        ):
            arch = etree.fromstring(self.env.ref(xmlid).arch)
            self.assertEqual(arch.get("js_class"), "intervention_state_graph", xmlid)

    def test_date_labels_are_not_button_labels(self):
        Appointment = self.env["intervention.appointment"]
        form = self.env.ref("field_intervention.intervention_appointment_view_form")
        arch = etree.fromstring(Appointment.get_view(form.id)["arch"])
        buttons = {button.get("string") for button in arch.iter("button") if button.get("string")}
        self.assertIn("Start", buttons)
        for name in ("date_start", "date_end"):
            self.assertNotIn(Appointment._fields[name].string, buttons, "translated apart from the button")

    def test_no_menu_repeats_its_parent_name(self):
        # "Field Service" reads "Interventions" in French: a child named so read twice.
        self.env["res.lang"]._activate_lang("fr_FR")
        root = self.env.ref("installed_base.menu_field_service_root")
        menus = self.env["ir.ui.menu"].search([("id", "child_of", root.id)])
        for menu in menus.with_context(lang="en_US"):
            parent_names = {menu.parent_id.name, menu.parent_id.with_context(lang="fr_FR").name}
            self.assertNotIn(menu.name, parent_names, menu.complete_name)
