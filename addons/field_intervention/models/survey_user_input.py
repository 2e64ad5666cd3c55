from markupsafe import Markup

from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    intervention_appointment_id = fields.Many2one(
        "intervention.appointment",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    installed_equipment_id = fields.Many2one(
        "installed.equipment",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="Set for the answers to the equipment category's questionnaire.",
    )

    def _can_be_answered_by(self, user):
        """Whether ``user`` may go on answering this answer set through the survey's pages.

        An appointment's answers feed its report and certificate: only an internal user who may
        change the appointment (its technician, the office) answers them, never a customer or a
        visitor holding the link, and not once the appointment is closed or cancelled."""
        self.ensure_one()
        appointment = self.sudo().intervention_appointment_id
        if not appointment:
            return True
        return (
            user._is_internal()
            and not appointment.is_closed
            and appointment.state != "cancelled"
            and appointment.with_user(user).has_access("write")
        )

    def _get_intervention_answer_rows(self):
        """(question, answer) pairs of one answer set, in the survey's order, skipped ones left out."""
        self.ensure_one()
        rows = []
        lines = self.user_input_line_ids.filtered(lambda line: not line.skipped)
        for question in lines.question_id.sorted(lambda q: (q.sequence, q.id)):
            answers = []
            for line in lines.filtered(lambda line, question=question: line.question_id == question):
                if line.answer_type == "text_box":
                    answers.append(line.value_text_box)
                elif line.answer_type == "numerical_box":
                    answers.append(f"{line.value_numerical_box:g}")
                else:
                    answers.append(line.display_name)
            rows.append((question.title, ", ".join(answer for answer in answers if answer)))
        return rows

    def _render_intervention_answers(self):
        """The answers as HTML for the appointment form, the equipment and the report PDF."""
        return Markup(
            self.env["ir.qweb"]._render(
                "field_intervention.questionnaire_answers",
                {"user_inputs": self},
            )
        )
