import { registry } from "@web/core/registry";
import { screenshot } from "./tour_utils";

const CARD = ".o_kanban_record:contains('Flow Client')";
const TIMER = ".o_form_view .oe_title .o_intervention_timer_value";

/**
 * The technician's whole visit on a phone: My Day → open → Start → timer running → report
 * (summary, signature) → Finish with the times → Send the report.
 */
registry.category("web_tour.tours").add("field_intervention_technician_flow", {
    steps: () => [
        {
            content: "Today's appointment is in My Day, with map and call buttons",
            trigger: `${CARD} a[href^='tel:']`,
        },
        screenshot("my_day_phone", `${CARD} a[href^='https://www.google.com/maps/search/']`),
        {
            content: "Open it",
            trigger: `${CARD} .fw-bold:contains('Flow Client')`,
            run: "click",
        },
        {
            content: "Start",
            trigger: ".o_statusbar_buttons button[name=action_start]",
            run: "click",
        },
        {
            content: "The timer runs from the stored start",
            trigger: `${TIMER}:contains('00:00:')`,
        },
        {
            content: "... and keeps increasing",
            trigger: TIMER,
            async run() {
                const before = this.anchor.textContent;
                await new Promise((resolve) => setTimeout(resolve, 2200));
                const after = document.querySelector(TIMER).textContent;
                if (!(after > before)) {
                    throw new Error(`The timer did not move: ${before} then ${after}`);
                }
            },
        },
        screenshot("appointment_timer_phone", TIMER),
        {
            content: "The visit to read: the customer, the map, the call; nothing of the planning to edit",
            trigger: ".o_intervention_field_visit:has(button[name=action_open_map]):has(a[href^='tel:'])",
        },
        {
            trigger: ".o_form_view:not(:has(div[name=date_start] input)):not(:has(div[name=partner_id] input))",
        },
        {
            content: "Report tab, the first one",
            trigger: ".o_notebook .nav-link:first:contains(Report)",
            run: "click",
        },
        {
            trigger: "div[name=work_summary] .odoo-editor-editable",
            run: "editor Boiler serviced, burner cleaned, CO 6 ppm",
        },
        {
            content: "The customer signs",
            trigger: "div[name=signed_by] input",
            run: "edit Flow Client",
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
            content: "Finish",
            trigger: ".o_statusbar_buttons button[name=action_open_finish]",
            run: "click",
        },
        {
            content: "One dialog: the confirmation and the times",
            trigger: ".modal:contains('Finish this appointment?')",
        },
        screenshot("finish_dialog_phone", ".modal div[name=actual_duration] input"),
        {
            content: "The timer's time is offered; the technician types the real times",
            trigger: ".modal div[name=actual_duration] input",
            run: "edit 01:20",
        },
        {
            trigger: ".modal div[name=travel_duration] input",
            run: "edit 00:35",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Done: the report can go",
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
