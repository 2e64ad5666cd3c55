from datetime import datetime

from odoo.addons.field_intervention.tests.common import FieldInterventionCase
from odoo.exceptions import UserError
from odoo.tests import Form, tagged


@tagged("post_install", "-at_install")
class TestFinishRequirements(FieldInterventionCase):
    """The Finish dialog names every answer a certificate still needs, all at once."""

    def _boiler_visit(self, **answers):
        template = self.env.ref("l10n_fr_field_intervention.intervention_template_boiler_certificate")
        appointment = self._create_appointment(
            template_id=template.id,
            date_start=datetime(2030, 3, 4, 9, 0),
            state="confirmed",
        )
        survey = appointment.survey_id
        user_input = survey.sudo()._create_answer(
            user=self.technician,
            check_attempts=False,
            intervention_appointment_id=appointment.id,
        )
        appointment.sudo().survey_user_input_id = user_input
        for question in survey.question_ids:
            if (value := answers.get(question.intervention_code)) is not None:
                user_input._save_lines(question, value)
        return appointment.with_user(self.technician), survey

    def _title(self, survey, code):
        return survey.question_ids.filtered(lambda q: q.intervention_code == code).title

    def test_every_missing_answer_named_in_the_dialog(self):
        appointment, survey = self._boiler_visit(co_ppm=6, efficiency="92 %")
        appointment.action_start()
        action = appointment.action_open_finish()
        dialog = Form(self.env(user=self.technician, context=action["context"])[action["res_model"]])
        for code in ("advice_use", "advice_improvement", "advice_replacement"):
            self.assertIn(self._title(survey, code), dialog.missing_requirements, code)
        self.assertNotIn(self._title(survey, "co_ppm"), dialog.missing_requirements, "answered")
        with self.assertRaises(UserError) as refused:
            dialog.save().action_confirm()
        message = str(refused.exception)
        for code in ("advice_use", "advice_improvement", "advice_replacement"):
            self.assertIn(f'answer "{self._title(survey, code)}"', message, "each named, not the first only")
        self.assertEqual(appointment.state, "in_progress")
        self.assertFalse(appointment.certificate_ids)
