from odoo.addons.survey.controllers.main import Survey
from odoo.http import request


class InterventionSurvey(Survey):
    def _check_validity(self, survey_sudo, answer_sudo, answer_token, ensure_token=True, check_partner=True):
        # The answer token opens the answer set to whoever holds it: an appointment's answers are
        # the technician's measurements, so the routes that write answers (every one that checks
        # the partner) also ask for a user who may change the appointment.
        validity = super()._check_validity(
            survey_sudo,
            answer_sudo,
            answer_token,
            ensure_token=ensure_token,
            check_partner=check_partner,
        )
        if (
            validity is True
            and check_partner
            and answer_sudo
            and not answer_sudo._can_be_answered_by(
                request.env.user,
            )
        ):
            return "answer_wrong_user"
        return validity
