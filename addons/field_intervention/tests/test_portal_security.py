from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .common import FieldInterventionCase


@tagged("post_install", "-at_install")
class TestPortalSecurity(FieldInterventionCase, HttpCase):
    """What a portal customer (or a visitor with or without the link) can reach of an appointment:
    the page, the report, the signature, the questionnaire answers, the chatter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            "fi_sec_jeanne",
            groups="base.group_portal",
            password="fi_sec_jeanne",
            partner_id=cls.customer.id,
        )
        cls.stranger = cls.env["res.partner"].create({"name": "Marcel Voisin"})
        cls.other_portal_user = new_test_user(
            cls.env,
            "fi_sec_marcel",
            groups="base.group_portal",
            password="fi_sec_marcel",
            partner_id=cls.stranger.id,
        )
        cls.technician.password = "fi_tech_1_pw"
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "Boiler measurements",
                "access_mode": "token",
                "question_and_page_ids": [
                    Command.create({"title": "CO (ppm)", "question_type": "numerical_box", "sequence": 1}),
                ],
            }
        )
        cls.question = cls.survey.question_ids
        cls.template.survey_id = cls.survey
        cls.appointment = cls._create_appointment()
        cls.appointment.sudo().state = "confirmed"
        action = cls.appointment.with_user(cls.technician).action_fill_questionnaire()
        cls.answer = cls.appointment.sudo().survey_user_input_id
        cls.answer_url = action["url"]
        cls.answer._save_lines(cls.question, 12)
        cls.appointment.sudo().state = "done"

    def _co_answer(self):
        return self.answer.user_input_line_ids.filtered(lambda line: line.question_id == self.question)

    def _survey_urls(self):
        survey_token, answer_token = self.survey.access_token, self.answer.access_token
        return [
            f"/survey/start/{survey_token}?answer_token={answer_token}",
            f"/survey/{survey_token}/{answer_token}",
        ]

    def _submit(self, value):
        survey_token, answer_token = self.survey.access_token, self.answer.access_token
        return self.make_jsonrpc_request(
            f"/survey/submit/{survey_token}/{answer_token}",
            {str(self.question.id): value, "page_id": False, "question_id": self.question.id},
        )

    # Questionnaire answers: shown, never handed out

    def test_portal_page_and_report_show_answers_without_the_answer_link(self):
        self.assertIn(self.answer.access_token, self.answer_url, "the technician's link carries the token")
        self.authenticate("fi_sec_jeanne", "fi_sec_jeanne")
        page = self.url_open(f"/my/interventions/{self.appointment.id}")
        report = self.url_open(f"/my/interventions/{self.appointment.id}?report_type=html")
        for response in (page, report):
            self.assertEqual(response.status_code, 200)
            self.assertNotIn(self.answer.access_token, response.text)
            self.assertNotIn(self.survey.access_token, response.text)
            self.assertNotIn("/survey/", response.text)
        self.assertIn("CO (ppm)", report.text, "the answers are shown read-only")
        self.assertIn("12", report.text)

    def test_portal_customer_cannot_open_the_questionnaire_over_rpc(self):
        for action in ("action_fill_questionnaire", "action_fill_equipment_questionnaire"):
            with self.assertRaises(AccessError, msg=action):
                getattr(self.appointment.with_user(self.portal_user), action)()
        self.assertEqual(self.answer.partner_id, self.technician.partner_id, "stays the technician's")
        self.authenticate("fi_sec_jeanne", "fi_sec_jeanne")
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "intervention.appointment",
                    "method": "action_fill_questionnaire",
                    "args": [self.appointment.ids],
                    "kwargs": {},
                },
            )

    def test_survey_pages_refuse_the_customer_holding_the_answer_token(self):
        # What the old button did for a customer: the answer set made theirs, its link in hand.
        self.answer.partner_id = self.portal_user.partner_id
        self.authenticate("fi_sec_jeanne", "fi_sec_jeanne")
        for url in self._survey_urls():
            response = self.url_open(url)
            self.assertIn("Survey Access Error", response.text, url)
            self.assertNotIn("o_survey_form", response.text, url)
        result = self._submit(99)
        self.assertEqual(result[1].get("error"), "answer_wrong_user")
        self.assertEqual(self._co_answer().value_numerical_box, 12)

    def test_survey_pages_refuse_a_visitor_holding_the_answer_token(self):
        for url in self._survey_urls():
            response = self.url_open(url)
            self.assertIn("Survey Access Error", response.text, url)
            self.assertNotIn("o_survey_form", response.text, url)
        result = self._submit(99)
        self.assertEqual(result[1].get("error"), "answer_wrong_user")
        self.assertEqual(self._co_answer().value_numerical_box, 12)

    def test_technician_answers_through_the_survey_pages_until_closed(self):
        self.authenticate("fi_tech_1", "fi_tech_1_pw")
        response = self.url_open(self._survey_urls()[1])
        self.assertIn("o_survey_form", response.text)
        self.assertIn("Boiler measurements", response.text)
        self.appointment.sudo().is_closed = True
        response = self.url_open(self._survey_urls()[1])
        self.assertIn("Survey Access Error", response.text, "a closed appointment's answers are final")

    def test_answer_link_refused_to_a_technician_of_another_appointment(self):
        self.technician_2.password = "fi_tech_2_pw"
        self.answer.partner_id = self.technician_2.partner_id
        self.authenticate("fi_tech_2", "fi_tech_2_pw")
        response = self.url_open(self._survey_urls()[1])
        self.assertIn("Survey Access Error", response.text)

    # Every sudo reached from the portal comes after a check

    def test_other_customer_cannot_read_the_rendered_answers(self):
        appointment = self.appointment.with_user(self.other_portal_user)
        with self.assertRaises(AccessError):
            appointment.read(["questionnaire_answers"])
        with self.assertRaises(AccessError):
            appointment._get_user_inputs()
        self.assertIn("CO (ppm)", self.appointment.with_user(self.portal_user).questionnaire_answers)

    def test_other_customer_is_refused_the_page_report_and_signature(self):
        self.authenticate("fi_sec_marcel", "fi_sec_marcel")
        for suffix in ("", "?report_type=html", "?report_type=pdf&download=true"):
            url = f"/my/interventions/{self.appointment.id}{suffix}"
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 404, suffix)
        response = self.url_open("/my/interventions")
        self.assertNotIn(self.appointment.name, response.text)
        result = self.make_jsonrpc_request(
            f"/my/interventions/{self.appointment.id}/sign",
            {"name": "Marcel", "signature": "iVBORw0KGgo="},
        )
        self.assertEqual(result, {"error": "Invalid intervention."})
        self.assertFalse(self.appointment.signature)

    def test_visitor_needs_the_appointment_token(self):
        page = f"/my/interventions/{self.appointment.id}"
        response = self.url_open(page, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        response = self.url_open("/my/interventions", allow_redirects=False)
        self.assertIn("/web/login", response.headers["Location"])
        for token in ("wrong", self.answer.access_token):
            response = self.url_open(f"{page}?access_token={token}&report_type=html", allow_redirects=False)
            self.assertEqual(response.status_code, 404, token)
            result = self.make_jsonrpc_request(
                f"{page}/sign?access_token={token}",
                {"name": "Visitor", "signature": "iVBORw0KGgo="},
            )
            self.assertEqual(result, {"error": "Invalid intervention."})
        result = self.make_jsonrpc_request(f"{page}/sign", {"name": "Visitor", "signature": "iVBORw0KGgo="})
        self.assertEqual(result, {"error": "Invalid intervention."})
        self.assertFalse(self.appointment.signature)
        token = self.appointment.sudo()._portal_ensure_token()
        response = self.url_open(f"{page}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.appointment.name, response.text)

    def test_portal_chatter_cannot_mark_the_report_sent(self):
        # The portal page's chatter posts with the appointment's token, and passes on a context.
        post = {
            "thread_model": "intervention.appointment",
            "thread_id": self.appointment.id,
            "post_data": {"body": "Thanks!", "message_type": "comment"},
            "token": self.appointment.sudo()._portal_ensure_token(),
        }
        self.authenticate("fi_sec_jeanne", "fi_sec_jeanne")
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    **post,
                    "context": {"mark_intervention_report_sent": True},
                },
            )
        self.assertFalse(self.appointment.report_sent_date)
        self.make_jsonrpc_request("/mail/message/post", post)
        self.assertIn("Thanks!", self.appointment.message_ids[0].body, "the customer still writes")
