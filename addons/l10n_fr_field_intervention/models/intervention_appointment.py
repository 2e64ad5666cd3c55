from odoo import fields, models
from odoo.addons.field_intervention.models.intervention_appointment import REPORT_ACTION

from .intervention_certificate import CERTIFICATE_CODES, co_reading


class InterventionAppointment(models.Model):
    _inherit = "intervention.appointment"

    certificate_ids = fields.One2many("intervention.certificate", "appointment_id", string="Certificates")

    def _get_finish_missing_requirements(self):
        missing = super()._get_finish_missing_requirements()
        for appointment in self.filtered(lambda a: a.report_layout in CERTIFICATE_CODES):
            missing[appointment.id].extend(appointment._get_missing_certificate_answers())
        return missing

    def _on_done(self):
        res = super()._on_done()
        self.filtered(lambda a: a.report_layout in CERTIFICATE_CODES)._create_certificates()
        return res

    def _get_certificate_answers(self):
        """The questionnaire's answers by technical code: {code: (question, value)}, the value a
        float for numbers, a date for dates, else text."""
        self.ensure_one()
        answers = {}
        lines = self.sudo().survey_user_input_id.user_input_line_ids.filtered(lambda line: not line.skipped)
        for line in lines.filtered("question_id.intervention_code"):
            if line.answer_type == "numerical_box":
                value = line.value_numerical_box
            elif line.answer_type == "date":
                value = line.value_date
            elif line.answer_type in ("text_box", "char_box"):
                value = line.value_text_box if line.answer_type == "text_box" else line.value_char_box
            else:
                value = line.display_name
            code = line.question_id.intervention_code
            previous = answers.get(code, (line.question_id, None))[1]
            answers[code] = (line.question_id, value if previous is None else f"{previous}, {value}")
        return answers

    def _get_missing_certificate_answers(self):
        """A certificate cannot be made without the answers the law asks for: every question left
        unanswered (or missing from the questionnaire), named."""
        self.ensure_one()
        questions = self.sudo().survey_id.question_ids
        answers = self._get_certificate_answers()
        missing = []
        for code in CERTIFICATE_CODES[self.report_layout]:
            question = questions.filtered(lambda q, code=code: q.intervention_code == code)[:1]
            if not question:
                missing.append(
                    self.env._(
                        "The questionnaire of template %(template)s has no question with the technical "
                        "code %(code)s, which the certificate needs.",
                        template=self.template_id.display_name,
                        code=code,
                    )
                )
                continue
            value = answers.get(code, (question, None))[1]
            if value is None or value == "":
                missing.append(
                    self.env._(
                        'In the questionnaire, answer "%(question)s": the certificate needs it.',
                        question=question.title,
                    )
                )
        return missing

    def _get_certificate_lang(self):
        """Certificates are French documents: French unless the customer reads another language
        (then English wording)."""
        self.ensure_one()
        lang = self.partner_id.lang
        if lang and not lang.startswith("fr") and self.env["res.lang"]._get_data(code=lang):
            return lang
        return "fr_FR" if self.env["res.lang"]._get_data(code="fr_FR") else lang

    def _create_certificates(self):
        """Done: the certificate record, its PDF kept with it, and the office warned when the CO
        measured means the boiler must be stopped."""
        if not self:
            return
        Certificate = self.env["intervention.certificate"].sudo()
        if not self.env["res.lang"]._get_data(code="fr_FR"):
            # sudo: French documents need French, whoever finishes the first visit.
            self.env["res.lang"].sudo()._activate_lang("fr_FR")
            self.env["ir.module.module"].sudo()._load_module_terms(
                ["base", "installed_base", "field_intervention", "l10n_fr_field_intervention"],
                ["fr_FR"],
            )
        for appointment in self.filtered(lambda a: not a.certificate_ids):
            answers = appointment._get_certificate_answers()
            co_ppm = answers.get("co_ppm", (None, 0.0))[1] or 0.0
            is_boiler = appointment.report_layout == "boiler_certificate"
            certificate = Certificate.create(
                {
                    "certificate_type": appointment.report_layout,
                    "appointment_id": appointment.id,
                    "equipment_id": appointment.equipment_id.id,
                    "partner_id": appointment.partner_id.id,
                    "company_id": appointment.company_id.id,
                    "date": fields.Date.context_today(appointment, appointment.date_start),
                    "co_ppm": co_ppm if is_boiler else 0.0,
                    "co_reading": co_reading(co_ppm) if is_boiler else False,
                }
            )
            Report = self.env["ir.actions.report"].sudo()
            pdf, _report_type = Report._render_qweb_pdf(REPORT_ACTION, appointment.ids)
            certificate.attachment_id = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": f"{certificate.display_name}.pdf",
                        "raw": pdf,
                        "mimetype": "application/pdf",
                        "res_model": certificate._name,
                        "res_id": certificate.id,
                    }
                )
            )
            if certificate.co_reading == "stop":
                appointment.activity_schedule(
                    "mail.mail_activity_data_warning",
                    summary=self.env._("Boiler to stop: CO %(ppm)s ppm", ppm=f"{co_ppm:g}"),
                    note=self.env._(
                        "The CO measured at %(customer)s is above 50 ppm: the boiler must be stopped and "
                        "the customer called back.",
                        customer=appointment.partner_id.display_name,
                    ),
                    user_id=(appointment.request_id.user_id or appointment.create_uid or self.env.user).id,
                )

    def action_view_certificates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_field_intervention.intervention_certificate_action",
        )
        action["domain"] = [("appointment_id", "=", self.id)]
        action["context"] = {}
        return action
