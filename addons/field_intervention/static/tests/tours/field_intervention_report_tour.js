import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("field_intervention_report", {
    steps: () => [
        {
            content: "Open the Report tab of the done appointment",
            trigger: ".o_notebook .nav-link:contains(Report)",
            run: "click",
        },
        {
            content: "Write the work summary",
            trigger: "div[name=work_summary] .odoo-editor-editable",
            run: "editor Flue swept, door gasket to replace next year",
        },
        {
            content: "Answer the questionnaire (saves the form first)",
            trigger: "button[name=action_fill_questionnaire]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "button.btn:contains(Start)",
            run: "click",
        },
        {
            trigger: "div.js_question-wrapper:contains('Draught') input",
            run: "edit 12",
        },
        {
            trigger: "div.js_question-wrapper:contains('Flue condition') label:contains(Good)",
            run: "click",
        },
        {
            trigger: "button[value=finish]",
            run: "click",
        },
        {
            content: "Confirm the submission",
            trigger: ".modal .modal-footer .btn-primary:contains(Submit)",
            run: "click",
        },
        {
            content: "Back to the appointment",
            trigger: "a.o_intervention_back",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_notebook .nav-link:contains(Report)",
            run: "click",
        },
        {
            content: "The answers show on the form",
            trigger: "div[name=questionnaire_answers]:contains(Draught):contains(Good)",
        },
        {
            content: "The customer signs",
            trigger: "div[name=signed_by] input",
            run: "edit Jeanne Martin",
        },
        {
            trigger: "div[name=signature] .o_signature",
            run: "click",
        },
        {
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            trigger: ".modal .modal-footer .btn-primary:enabled",
            run: "click",
        },
        {
            trigger: "div[name=signature] img.o_signature",
        },
        {
            content: "Send the report",
            trigger: ".o_statusbar_buttons button[name=action_send_report]",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_send_mail]",
            run: "click",
        },
        {
            content: "The report is sent",
            trigger: "div[name=report_sent_date]:not(:empty)",
        },
    ],
});
