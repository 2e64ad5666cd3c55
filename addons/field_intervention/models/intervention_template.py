from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

INTERVENTION_TYPES = [
    ("technical_visit", "Technical Visit"),
    ("installation", "Installation"),
    ("maintenance", "Maintenance"),
    ("after_sales", "After-Sales Service"),
    ("misc", "Miscellaneous"),
]


class InterventionTemplate(models.Model):
    _name = "intervention.template"
    _description = "Intervention Template"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short code that starts the name of every appointment made from this template, "
        "e.g. RAM for chimney sweeping.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_default = fields.Boolean(
        string="Default Template",
        readonly=True,
        copy=False,
        help="Used when an appointment is created without a template. It cannot be deleted.",
    )
    intervention_type = fields.Selection(
        INTERVENTION_TYPES,
        string="Type",
        required=True,
        default="misc",
        help="Only maintenance interventions are recurring (maintenance contracts); the others "
        "are done once, in one or more visits.",
    )
    is_recurring = fields.Boolean(compute="_compute_is_recurring")
    task_id = fields.Many2one(
        "intervention.task",
        check_company=True,
        help="Copied onto every request and appointment made from this template.",
    )
    duration = fields.Float(
        default=1.0,
        help="Planned duration of an appointment made from this template (hours).",
    )
    report_send_mode = fields.Selection(
        [
            ("manual", "Manually, from the back office"),
            ("mobile_manual", "By the technician, once done"),
            ("auto", "Automatically, when done"),
        ],
        string="Report Sending",
        required=True,
        default="manual",
        help="Manually: the office sends the report from the appointment.\n"
        'By the technician: a "Send report" button appears once the appointment is done.\n'
        "Automatically: the report is emailed to the customer when the appointment is done. "
        "The last two need working outgoing mail.",
    )
    report_layout = fields.Selection(
        [("generic", "Intervention report")],
        required=True,
        default="generic",
        help="The document printed and sent for the appointments of this template.",
    )
    report_auto_store = fields.Boolean(
        string="Store Report Automatically",
        help="Attach the report PDF to the appointment when it is done.",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Questionnaire",
        domain="[('survey_type', '!=', 'live_session')]",
        help="Filled in on site from the appointment; its answers go into the report.",
    )
    # Translatable: an appointment copies them in its customer's language.
    instructions = fields.Html(translate=True, help="What the technician should know before going on site.")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    _code_company_uniq = models.Constraint(
        "unique(code, company_id)",
        "An intervention template with this code already exists in this company.",
    )

    @api.depends("intervention_type")
    def _compute_is_recurring(self):
        for template in self:
            template.is_recurring = template.intervention_type == "maintenance"

    @api.constrains("duration")
    def _check_duration(self):
        for template in self:
            if template.duration < 0:
                raise ValidationError(
                    self.env._(
                        "Duration of template %(template)s cannot be negative.",
                        template=template.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_default(self):
        if default := self.filtered("is_default"):
            raise UserError(
                self.env._(
                    "The default template %(template)s cannot be deleted: it is used for appointments "
                    "created without a template. You can edit it instead.",
                    template=default[0].name,
                )
            )

    def action_archive(self):
        if default := self.filtered("is_default"):
            raise UserError(
                self.env._(
                    "The default template %(template)s cannot be archived.",
                    template=default[0].name,
                )
            )
        return super().action_archive()

    @api.model
    def _get_default_template(self, company=None):
        company = company or self.env.company
        return self.search(
            [("is_default", "=", True), ("company_id", "in", [False, company.id])],
            order="company_id",
            limit=1,
        )
