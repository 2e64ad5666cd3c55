from odoo import api, fields, models
from odoo.exceptions import ValidationError

CONDITIONS = [("new", "New"), ("good", "Good"), ("used", "Used"), ("to_replace", "To Replace")]


class InstalledEquipmentLoan(models.Model):
    """A loaner unit (one of the company's own, ``is_loaner``) lent to a customer while theirs is
    being repaired, and its return."""

    _name = "installed.equipment.loan"
    _description = "Loaner Loan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state, date_out desc, id desc"
    _check_company_auto = True

    loaner_id = fields.Many2one(
        "installed.equipment",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_loaner', '=', True), ('loaner_availability', '=', 'available')]",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    request_id = fields.Many2one("intervention.request", index="btree_not_null", check_company=True)
    appointment_id = fields.Many2one(
        "intervention.appointment",
        string="Lent During",
        index="btree_not_null",
        check_company=True,
        help="The visit during which the loaner was lent.",
    )
    return_appointment_id = fields.Many2one(
        "intervention.appointment",
        string="Returned During",
        index="btree_not_null",
        check_company=True,
        help="The visit during which the loaner came back.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        help="Followed up when the loaner is late.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_out = fields.Date(string="Lent On", required=True, default=fields.Date.context_today, tracking=True)
    date_expected_back = fields.Date(string="Expected Back", required=True, tracking=True)
    date_returned = fields.Date(string="Returned On", tracking=True, copy=False)
    state = fields.Selection(
        [("lent", "Lent"), ("returned", "Returned")],
        default="lent",
        required=True,
        tracking=True,
        copy=False,
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue")
    condition_out = fields.Selection(CONDITIONS, default="good", required=True)
    condition_back = fields.Selection(CONDITIONS, copy=False)
    note_out = fields.Text(string="Notes Out")
    note_back = fields.Text(string="Notes Back", copy=False)

    # At most one loan in progress per loaner, whatever the transactions racing for it.
    _loaner_lent_uniq = models.UniqueIndex(
        "(loaner_id) WHERE state = 'lent'",
        "This loaner is already lent.",
    )

    @api.depends("loaner_id", "partner_id")
    def _compute_display_name(self):
        for loan in self:
            loaner = loan.loaner_id.serial_number or loan.loaner_id.product_id.display_name
            loan.display_name = " → ".join(part for part in (loaner, loan.partner_id.display_name) if part)

    @api.depends("state", "date_expected_back")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for loan in self:
            loan.is_overdue = bool(
                loan.state == "lent" and loan.date_expected_back and loan.date_expected_back < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = [("state", "=", "lent"), ("date_expected_back", "<", fields.Date.context_today(self))]
        return domain if (operator == "in") == (True in value) else ["!", *domain]

    @api.constrains("date_out", "date_expected_back", "date_returned")
    def _check_dates(self):
        for loan in self:
            if loan.date_expected_back < loan.date_out:
                raise ValidationError(
                    self.env._(
                        "The Expected Back date of %(loan)s cannot be before its Lent On date.",
                        loan=loan.display_name,
                    )
                )
            if loan.date_returned and loan.date_returned < loan.date_out:
                raise ValidationError(
                    self.env._(
                        "The Returned On date of %(loan)s cannot be before its Lent On date.",
                        loan=loan.display_name,
                    )
                )

    @api.constrains("loaner_id")
    def _check_is_loaner(self):
        for loan in self:
            if not loan.loaner_id.is_loaner:
                raise ValidationError(
                    self.env._(
                        "%(unit)s is not a loaner: tick Loaner on the unit first.",
                        unit=loan.loaner_id.display_name,
                    )
                )

    def _check_loaners_free(self, loaner_ids):
        """Refuse to lend a loaner that is out, naming its borrower (checked before writing: the
        unique index on lent loaners is the guard against races)."""
        current = self.sudo().search(
            [("loaner_id", "in", list(loaner_ids)), ("state", "=", "lent"), ("id", "not in", self.ids)],
            limit=1,
        )
        if current:
            raise ValidationError(
                self.env._(
                    "Loaner %(loaner)s is already lent to %(customer)s since %(date)s: receive it first.",
                    loaner=current.loaner_id.display_name,
                    customer=current.partner_id.display_name,
                    date=current.date_out,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        lent = [
            vals["loaner_id"]
            for vals in vals_list
            if vals.get("state", "lent") == "lent" and vals.get("loaner_id")
        ]
        if len(set(lent)) < len(lent):
            raise ValidationError(self.env._("The same loaner cannot be lent twice at once."))
        self._check_loaners_free(lent)
        return super().create(vals_list)

    def write(self, vals):
        if "loaner_id" in vals or vals.get("state") == "lent":
            for loan in self:
                if vals.get("state", loan.state) == "lent":
                    loan._check_loaners_free([vals.get("loaner_id", loan.loaner_id.id)])
        return super().write(vals)

    @api.model
    def _action_open_lend(self, source):
        """The Lend a Loaner dialog from a request or an appointment, its customer filled in."""
        request = source if source._name == "intervention.request" else source.request_id
        context = {
            "default_partner_id": source.partner_id.id,
            "default_request_id": request.id,
            "default_company_id": source.company_id.id,
            "default_user_id": (request.user_id or self.env.user).id,
        }
        if source._name == "intervention.appointment":
            context["default_appointment_id"] = source.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Lend a Loaner"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [
                (self.env.ref("field_intervention_loaner.installed_equipment_loan_view_form_lend").id, "form")
            ],
            "target": "new",
            "context": context,
        }

    def action_lend(self):
        """Save button of the Lend a Loaner dialog."""
        return {"type": "ir.actions.act_window_close"}

    def action_open_receive(self, appointment=None):
        """The Receive Loaner dialog for these loans still out."""
        loans = self.filtered(lambda loan: loan.state == "lent")
        if not loans:
            raise ValidationError(self.env._("There is no loaner out to receive."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Receive Loaner"),
            "res_model": "installed.equipment.loan.return",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_loan_ids": loans.ids,
                "default_appointment_id": appointment.id if appointment else False,
            },
        }

    def _receive(self, date_returned, condition, note=False, appointment=None):
        """Back in stock: the loan is closed and the loaner takes the condition it came back in."""
        self.write(
            {
                "state": "returned",
                "date_returned": date_returned,
                "condition_back": condition,
                "note_back": note,
                "return_appointment_id": appointment.id if appointment else False,
            }
        )
        # sudo: technicians receive loaners without editing equipment otherwise.
        for loan in self:
            loan.loaner_id.sudo().condition = condition
        self.activity_unlink(["field_intervention_loaner.mail_activity_loaner_overdue"])

    @api.model
    def _cron_schedule_overdue_activities(self, batch_size=500):
        """Each loan past its expected return date gets one activity for its responsible user:
        the loans that already have one are left alone, so running it again adds nothing."""
        activity_type = self.env.ref("field_intervention_loaner.mail_activity_loaner_overdue")
        loans = self.search(
            [
                ("is_overdue", "=", True),
                ("activity_ids", "not any", [("activity_type_id", "=", activity_type.id)]),
            ],
            limit=batch_size,
        )
        for loan in loans:
            loan.activity_schedule(
                "field_intervention_loaner.mail_activity_loaner_overdue",
                date_deadline=fields.Date.context_today(self),
                summary=self.env._("Loaner %(loaner)s is late", loaner=loan.loaner_id.display_name),
                note=self.env._(
                    "%(customer)s was to give it back on %(date)s.",
                    customer=loan.partner_id.display_name,
                    date=loan.date_expected_back,
                ),
                user_id=(loan.user_id or loan.create_uid).id,
            )
        return loans
