from odoo import fields, models


class InstalledEquipmentCategory(models.Model):
    _inherit = "installed.equipment.category"

    survey_id = fields.Many2one(
        "survey.survey",
        string="Questionnaire",
        help="Filled in on site for equipment of this category; the answers stay on the equipment.",
    )
