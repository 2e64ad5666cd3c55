from odoo import fields, models


class InterventionTemplate(models.Model):
    _inherit = "intervention.template"

    report_layout = fields.Selection(
        selection_add=[
            ("boiler_certificate", "Boiler maintenance certificate"),
            ("sweeping_certificate", "Chimney sweeping certificate"),
        ],
        ondelete={"boiler_certificate": "set default", "sweeping_certificate": "set default"},
        help="The document printed and sent for the appointments of this template. The two "
        "certificates are French legal documents: the template's questionnaire must ask what "
        "they need (questions with the certificate's technical codes), and a certificate is "
        "kept with the appointment and the equipment when the appointment is done.",
    )
