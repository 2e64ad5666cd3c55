from odoo import models

from .intervention_appointment import PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS


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
