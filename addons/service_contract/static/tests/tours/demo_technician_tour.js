import { registry } from "@web/core/registry";
import { screenshot } from "@field_intervention/../tests/tours/tour_utils";
import { checkText, demoData } from "./demo_tour_utils";

const TIMER = ".o_form_view .oe_title .o_intervention_timer_value";

/**
 * The demo technician who has a visit today, on a phone: his home is My Day; he opens the
 * visit, starts it (the timer runs), writes the report and finishes it in the one dialog.
 */
registry.category("web_tour.tours").add("service_contract_demo_technician", {
    steps: () => {
        const data = demoData();
        const card = `.o_kanban_record:contains("${data.customer}")`;
        return [
            {
                content: "His home action: My Day, today's visit with its map and call buttons",
                trigger: `${card} button[name=action_start]`,
            },
            checkText("My Day in his language", ".o_breadcrumb .o_last_breadcrumb_item", data.myDayTitle),
            screenshot("demo_my_day_phone"),
            {
                content: "Open the visit",
                trigger: `${card} .fw-bold:contains("${data.customer}")`,
                run: "click",
            },
            {
                content: "Start",
                trigger: ".o_form_view .o_statusbar_buttons button[name=action_start]",
                run: "click",
            },
            {
                content: "The timer runs",
                trigger: `${TIMER}:contains('00:00:')`,
            },
            {
                content: "The report tab",
                trigger: ".o_notebook a.nav-link[name=report]",
                run: "click",
            },
            {
                trigger: "div[name=work_summary] .odoo-editor-editable",
                run: "editor Pot de combustion, échangeur et ventilateur nettoyés. CO 9 ppm.",
            },
            screenshot("demo_report_phone"),
            {
                content: "Finish",
                trigger: ".o_form_view .o_statusbar_buttons button[name=action_open_finish]",
                run: "click",
            },
            checkText("One dialog, in his language", ".modal .modal-title", data.finishTitle),
            {
                content: "It asks the times, the timer's time offered",
                trigger: ".modal div[name=actual_duration] input",
            },
            screenshot("demo_finish_phone"),
            {
                trigger: ".modal div[name=actual_duration] input",
                run: "edit 01:10",
            },
            {
                trigger: ".modal div[name=travel_duration] input",
                run: "edit 00:20",
            },
            {
                content: "Confirm",
                trigger: ".modal button[name=action_confirm]",
                run: "click",
            },
            {
                content: "Done: the visit can no longer be started or finished",
                trigger: "body:not(:has(.modal)) .o_form_view:not(:has(button[name=action_open_finish])):not(:has(button[name=action_start]))",
            },
            {
                content: "The timer is stopped",
                trigger: ".o_form_view:not(:has(.oe_title .o_intervention_timer_value))",
            },
        ];
    },
});
