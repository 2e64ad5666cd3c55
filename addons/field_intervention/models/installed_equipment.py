from odoo import api, fields, models


class InstalledEquipment(models.Model):
    _name = "installed.equipment"
    _inherit = ["installed.equipment", "portal.readable.mixin"]

    intervention_appointment_ids = fields.One2many(
        "intervention.appointment",
        "equipment_id",
        string="Intervention History",
    )
    intervention_request_ids = fields.One2many(
        "intervention.request",
        "equipment_id",
        string="Intervention Requests",
    )
    intervention_appointment_count = fields.Integer(
        compute="_compute_intervention_counts",
        string="Interventions",
    )
    recurring_request_count = fields.Integer(
        compute="_compute_intervention_counts",
        string="Recurring Requests",
    )
    to_schedule_request_count = fields.Integer(
        compute="_compute_intervention_counts",
        string="Requests to Schedule",
    )

    questionnaire_answers = fields.Html(
        compute="_compute_questionnaire_answers",
        sanitize=False,
    )

    def _compute_questionnaire_answers(self):
        # sudo: technicians cannot read survey answers, they read them rendered here.
        user_inputs = (
            self.env["survey.user_input"]
            .sudo()
            .search(
                [("installed_equipment_id", "in", self.ids)],
                order="create_date desc, id desc",
            )
        )
        for equipment in self:
            answers = user_inputs.filtered(
                lambda answer, equipment=equipment: answer.installed_equipment_id.id == equipment.id
            )
            equipment.questionnaire_answers = answers._render_intervention_answers() if answers else False

    def _get_maintenance_template(self, company=None):
        """Hook: the maintenance template whose visits maintain this unit in ``company`` (the
        current company by default), or an empty recordset when the unit does not tell; a
        maintenance contract plans its visits with it. None here; addons that tie a kind of unit
        to a template extend it (the French addon ties boilers and stoves to their certificate
        templates)."""
        self.ensure_one()
        return self.env["intervention.template"]

    def _compute_intervention_counts(self):
        appointments = dict(
            self.env["intervention.appointment"]._read_group(
                [("equipment_id", "in", self.ids)],
                ["equipment_id"],
                ["__count"],
            )
        )
        recurring = dict(
            self.env["intervention.request"]._read_group(
                [
                    ("equipment_id", "in", self.ids),
                    ("intervention_type", "=", "maintenance"),
                    ("state", "!=", "cancelled"),
                ],
                ["equipment_id"],
                ["__count"],
            )
        )
        to_schedule = dict(
            self.env["intervention.request"]._read_group(
                [("equipment_id", "in", self.ids), ("state", "=", "to_schedule")],
                ["equipment_id"],
                ["__count"],
            )
        )
        for equipment in self:
            equipment.intervention_appointment_count = appointments.get(equipment, 0)
            equipment.recurring_request_count = recurring.get(equipment, 0)
            equipment.to_schedule_request_count = to_schedule.get(equipment, 0)

    def _intervention_context(self):
        self.ensure_one()
        return {
            "default_partner_id": self.partner_id.id,
            "default_equipment_id": self.id,
            "default_company_id": self.company_id.id,
        }

    def action_view_intervention_appointments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_intervention.intervention_appointment_action",
        )
        action.update(domain=[("equipment_id", "=", self.id)], context=self._intervention_context())
        return action

    def action_view_recurring_requests(self):
        return self._action_view_requests([("intervention_type", "=", "maintenance")])

    def action_view_to_schedule_requests(self):
        return self._action_view_requests([("state", "=", "to_schedule")])

    def _action_view_requests(self, domain):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_intervention.intervention_request_action",
        )
        action.update(
            domain=[("equipment_id", "=", self.id), *domain],
            context=self._intervention_context(),
        )
        return action

    @api.model
    def _get_portal_readable_fields(self):
        """What a customer reads of their units over RPC: what My Equipment shows; not the
        office's notes, suppliers, sales documents or technicians."""
        return super()._get_portal_readable_fields() | {
            "serial_number",
            "product_id",
            "brand_id",
            "category_id",
            "model_name",
            "partner_id",
            "site_partner_id",
            "company_id",
            "installation_date",
            "warranty_type_id",
            "warranty_end_date",
            "active",
        }
