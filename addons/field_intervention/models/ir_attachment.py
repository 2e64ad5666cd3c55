from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .intervention_appointment import PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS
from .intervention_certificate import KEEP_YEARS


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def write(self, vals):
        if "raw" in vals or "datas" in vals:
            self._check_intervention_photo_contents(vals)
        return super().write(vals)

    def _check_intervention_photo_contents(self, vals):
        """A new file for an appointment's photo passes the checks the photo passed when added."""
        Appointment = self.env["intervention.appointment"]
        # sudo: only to tell which of these files are photos, whoever may read the appointments.
        photos = Appointment.sudo().search([("photo_ids", "in", self.ids)]).photo_ids & self
        if not photos:
            return
        raw = vals.get("raw") or Appointment._decode_report_image(
            vals.get("datas") or b"",
            "photo_ids",
            PHOTO_MAX_BYTES,
        )
        for photo in photos:
            Appointment._check_report_image(raw, "photo_ids", photo.name, PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS)

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
