import pytz

from odoo import models, tools


class InterventionAppointment(models.Model):
    _inherit = "intervention.appointment"

    def _get_sms_reminder_body(self):
        self.ensure_one()
        partner = self.partner_id
        tz = pytz.timezone(partner.tz or self.env.user.tz or "UTC")
        start = pytz.utc.localize(self.date_start).astimezone(tz)
        end = pytz.utc.localize(self.date_end).astimezone(tz)
        lang = partner.lang or self.env.lang
        address = self.address_partner_id or partner
        parts = [address.street, address.zip, address.city]
        return self.with_context(lang=lang).env._(
            "Reminder from %(company)s: your intervention %(appointment)s is on %(date)s between "
            "%(start)s and %(end)s at %(address)s.",
            company=self.company_id.name,
            appointment=self.name,
            date=tools.format_date(self.env, start.date(), lang_code=lang),
            start=tools.format_time(self.env, start.time(), time_format="short", lang_code=lang),
            end=tools.format_time(self.env, end.time(), time_format="short", lang_code=lang),
            address=", ".join(part for part in parts if part),
        )

    def action_send_sms(self):
        """Send an SMS: Odoo's SMS composer with a reminder of the visit."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send an SMS"),
            "res_model": "sms.composer",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_res_model": self._name,
                "default_res_id": self.id,
                "default_composition_mode": "comment",
                "default_body": self._get_sms_reminder_body(),
                "default_number_field_name": "partner_phone",
            },
        }

    def _phone_get_number_fields(self):
        return ["partner_phone"]

    def _get_sms_on_my_way_body(self):
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang
        return self.with_context(lang=lang).env._(
            "%(company)s: %(technician)s is on the way and expects to arrive around %(time)s.",
            company=self.company_id.name,
            technician=self._get_portal_technician_names(),
            time=tools.format_time(
                self.env,
                self.date_expected_arrival,
                tz=self._portal_tz(),
                time_format="short",
                lang_code=lang,
            ),
        )

    def _notify_on_my_way(self, minutes):
        """Besides the mail, an SMS: a customer waiting at home reads it on their phone."""
        result = super()._notify_on_my_way(minutes)
        if self.partner_phone:
            sender = self.env.user if self.env.user in self.technician_ids else self.technician_ids[:1]
            self.sudo()._message_sms(
                self._get_sms_on_my_way_body(),
                number_field="partner_phone",
                author_id=(sender.partner_id or self.company_id.partner_id).id,
            )
        return result
