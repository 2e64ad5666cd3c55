from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .intervention_certificate import KEEP_YEARS


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_certificate_kept(self):
        """A certificate's PDF is kept as long as the certificate (two years after the visit)."""
        kept = self.filtered(lambda attachment: attachment.res_model == "intervention.certificate")
        if not kept:
            return
        limit = fields.Date.context_today(self) - relativedelta(years=KEEP_YEARS)
        certificates = self.env["intervention.certificate"].sudo().browse(kept.mapped("res_id")).exists()
        if recent := certificates.filtered(lambda certificate: certificate.date > limit):
            raise UserError(
                self.env._(
                    "The PDF of %(certificate)s must be kept two years after the visit.",
                    certificate=recent[0].display_name,
                )
            )
