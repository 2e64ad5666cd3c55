from odoo import fields, models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    intervention_code = fields.Char(
        string="Technical Code",
        index="btree_not_null",
        help="How the regulatory certificates find this answer (for instance co_ppm for the CO "
        "measured on a boiler, flue_condition for a sweeping certificate).",
    )
