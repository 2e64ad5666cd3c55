from odoo import api, fields, models
from odoo.fields import Domain


class InstalledEquipment(models.Model):
    _inherit = "installed.equipment"

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

    def action_view_loaner_loans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_intervention_loaner.installed_equipment_loan_action",
        )
        action["domain"] = [("loaner_id", "=", self.id)]
        action["context"] = {"default_loaner_id": self.id}
        return action

    def action_receive_loaner(self):
        self.ensure_one()
        return self.loaner_current_loan_id.action_open_receive()
