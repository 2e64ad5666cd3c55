from odoo import api, fields, models
from odoo.fields import Domain


class InstalledEquipment(models.Model):
    _inherit = "installed.equipment"

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

    # Loaners: units of the company lent to customers while theirs are repaired
    is_loaner = fields.Boolean(
        string="Loaner",
        tracking=True,
        help="One of the company's own units, lent to customers while theirs is being repaired.",
    )
    loaner_loan_ids = fields.One2many("installed.equipment.loan", "loaner_id", string="Loans")
    loaner_loan_count = fields.Integer(compute="_compute_loaner_loans", string="Loan Count")
    loaner_current_loan_id = fields.Many2one(
        "installed.equipment.loan",
        compute="_compute_loaner_loans",
        string="Current Loan",
    )
    loaner_availability = fields.Selection(
        [("available", "Available"), ("lent", "Lent"), ("overdue", "Overdue")],
        compute="_compute_loaner_loans",
        search="_search_loaner_availability",
        string="Availability",
    )
    customer_loan_ids = fields.Many2many(
        "installed.equipment.loan",
        compute="_compute_customer_loan_ids",
        string="Loaners Lent",
        help="Loaners currently lent to this unit's customer.",
    )

    certificate_ids = fields.One2many("intervention.certificate", "equipment_id", string="Certificates")

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

    @api.depends("loaner_loan_ids.state", "loaner_loan_ids.date_expected_back")
    def _compute_loaner_loans(self):
        counts = dict(
            self.env["installed.equipment.loan"]._read_group(
                [("loaner_id", "in", self.ids)],
                ["loaner_id"],
                ["__count"],
            )
        )
        # sudo: availability counts every loan, not only those of the user's jobs.
        lent = (
            self.env["installed.equipment.loan"]
            .sudo()
            .search(
                [("loaner_id", "in", self.ids), ("state", "=", "lent")],
            )
        )
        current = {loan.loaner_id: loan for loan in lent}
        for equipment in self:
            loan = current.get(equipment, self.env["installed.equipment.loan"])
            equipment.loaner_loan_count = counts.get(equipment, 0)
            equipment.loaner_current_loan_id = loan
            if not equipment.is_loaner:
                equipment.loaner_availability = False
            else:
                equipment.loaner_availability = (
                    "overdue" if loan.is_overdue else "lent" if loan else "available"
                )

    def _search_loaner_availability(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        Loan = self.env["installed.equipment.loan"].sudo()
        lent_ids = Loan.search([("state", "=", "lent")]).loaner_id.ids
        overdue_ids = Loan.search([("is_overdue", "=", True)]).loaner_id.ids
        matching = []
        for state in value:
            if state == "available":
                matching.append([("is_loaner", "=", True), ("id", "not in", lent_ids)])
            elif state == "lent":
                matching.append([("id", "in", list(set(lent_ids) - set(overdue_ids)))])
            elif state == "overdue":
                matching.append([("id", "in", overdue_ids)])
        domain = Domain.OR(matching) if matching else Domain.FALSE
        return domain if operator == "in" else ~domain

    @api.depends("partner_id")
    def _compute_customer_loan_ids(self):
        loans = self.env["installed.equipment.loan"].search(
            [
                ("state", "=", "lent"),
                ("partner_id", "in", self.partner_id.commercial_partner_id.ids),
            ]
        )
        for equipment in self:
            equipment.customer_loan_ids = loans.filtered(
                lambda loan, equipment=equipment: (
                    loan.partner_id == equipment.partner_id.commercial_partner_id and not equipment.is_loaner
                ),
            )

    def _get_certificate_layout(self):
        """The regulatory certificate a maintenance visit of this unit ends with: the boiler
        maintenance certificate for a boiler, the sweeping certificate for a stove or an insert
        with a flue; False otherwise."""
        self.ensure_one()
        category = self.category_id.get_external_id().get(self.category_id.id, "")
        if category == "installed_base.category_boiler":
            return "boiler_certificate"
        stoves = (
            "installed_base.category_wood_stove",
            "installed_base.category_pellet_stove",
            "installed_base.category_insert",
        )
        if category in stoves and self.flue_type_id:
            return "sweeping_certificate"
        return False

    def action_view_loaner_loans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_intervention.installed_equipment_loan_action",
        )
        action["domain"] = [("loaner_id", "=", self.id)]
        action["context"] = {"default_loaner_id": self.id}
        return action

    def action_receive_loaner(self):
        self.ensure_one()
        return self.loaner_current_loan_id.action_open_receive()

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
