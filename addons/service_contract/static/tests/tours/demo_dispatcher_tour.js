import { registry } from "@web/core/registry";
import { screenshot } from "@field_intervention/../tests/tours/tour_utils";
import { checkText, demoData, goTo } from "./demo_tour_utils";

const REQUEST_URL = "/odoo/action-field_intervention.intervention_request_action";

/**
 * Émilie, the demo dispatcher, at her desk: her home is the dispatch board; she finds a slot
 * for a request to schedule and books it, then quotes one request and invoices another.
 */
registry.category("web_tour.tours").add("service_contract_demo_dispatcher", {
    steps: () => {
        const data = demoData();
        return [
            {
                content: "Her home action: the dispatch board, a row per technician",
                trigger: ".o_intervention_dispatch_board .o_board_grid tbody tr[data-technician-id]",
            },
            checkText("The board's title in her language", ".o_breadcrumb .o_last_breadcrumb_item", data.boardTitle),
            {
                trigger: `.o_board_requests .o_board_request[data-request-id='${data.scheduleId}']`,
            },
            screenshot("demo_board"),
            {
                content: "Open the request to schedule from the board",
                trigger: `.o_board_request[data-request-id='${data.scheduleId}'] a`,
                run: "click",
            },
            {
                content: "Find a slot",
                trigger: ".o_form_view .o_statusbar_buttons button[name=action_find_slot]",
                run: "click",
            },
            {
                content: "The free slots of the qualified technicians",
                trigger: ".modal .o_data_row button[name=action_book]",
            },
            screenshot("demo_slot_finder"),
            {
                content: "Book the first slot proposed",
                trigger: ".modal .o_data_row:first button[name=action_book]",
                run: "click",
            },
            {
                content: "The appointment is created, confirmed, and opened",
                trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=confirmed]",
            },
            {
                trigger: "body:not(:has(.modal))",
            },
            goTo("A request to quote", `${REQUEST_URL}/${data.quoteId}`),
            {
                content: "Create the quotation of its billing lines",
                trigger: ".o_form_view .o_statusbar_buttons button[name=action_create_quotation]",
                run: "click",
            },
            {
                content: "The quotation is opened, with the request's lines",
                trigger: ".o_form_view div[name=order_line] .o_data_row",
            },
            screenshot("demo_quotation"),
            goTo("A request to invoice", `${REQUEST_URL}/${data.invoiceId}`, ".o_form_view div[name=order_line]"),
            {
                content: "Create the invoice of its billing lines",
                trigger: ".o_form_view .o_statusbar_buttons button[name=action_create_invoice]",
                run: "click",
            },
            {
                content: "The draft invoice is opened, with the request's lines",
                trigger: ".o_form_view div[name=invoice_line_ids] .o_data_row",
            },
            screenshot("demo_invoice"),
        ];
    },
});
