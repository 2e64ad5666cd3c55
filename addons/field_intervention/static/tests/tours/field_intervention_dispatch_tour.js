import { registry } from "@web/core/registry";
import { dragAndDrop, screenshot } from "./tour_utils";

const row = (technician) => `.o_board_grid tr:has(th:contains('${technician}'))`;
// The first cell of a row is the technician's name: Monday is the 2nd child, Tuesday the 3rd...
const cell = (technician, weekday) => `${row(technician)} td.o_board_cell:nth-child(${weekday + 1})`;
const chip = (customer) => `.o_board_appointment:contains('${customer}')`;

/** The cell element itself (document.querySelector knows no :contains). */
function cellElement(technician, weekday) {
    const technicianRow = [...document.querySelectorAll(".o_board_grid tbody tr")].find(
        (tr) => tr.querySelector("th")?.textContent.trim() === technician
    );
    return technicianRow?.querySelectorAll("td.o_board_cell")[weekday - 1];
}

/**
 * The dispatcher at the desk: find a slot for a request and book it, then on the board plan
 * another request by dragging it, move an appointment, and see a conflicting move refused.
 */
registry.category("web_tour.tours").add("field_intervention_dispatch", {
    steps: () => [
        {
            content: "From the request, find a slot",
            trigger: ".o_form_view button[name=action_find_slot]",
            run: "click",
        },
        {
            trigger: ".modal .o_data_row:first:contains('Board Tech A')",
        },
        screenshot("slot_finder", ".modal .o_data_row"),
        {
            content: "Book the first free slot",
            trigger: ".modal .o_data_row:first button[name=action_book]",
            run: "click",
        },
        {
            content: "The appointment is booked and opened",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Confirmed')",
        },
        {
            content: "Open the dispatch board",
            trigger: ".o_form_view div[name=technician_ids]:contains('Board Tech A')",
            run() {
                window.location.href = "/odoo/action-field_intervention.intervention_dispatch_board_action";
            },
            expectUnloadPage: true,
        },
        {
            content: "Next week, where the request was booked",
            trigger: ".o_board_next",
            run: "click",
        },
        {
            content: "The booked appointment is on Monday in Board Tech A's row",
            trigger: `${cell("Board Tech A", 1)} ${chip("Board Client One")}`,
        },
        {
            content: "The request's window reads in the user's date format, not ISO",
            trigger: ".o_board_request:contains('Board Client Two') div:contains('→')",
            run() {
                const text = [...document.querySelectorAll(".o_board_request")]
                    .find((card) => card.textContent.includes("Board Client Two"))
                    .textContent;
                if (/\d{4}-\d{2}-\d{2}/.test(text) || !/\d{2}\/\d{2}\/\d{4} → /.test(text)) {
                    throw new Error(`ISO dates on the request card: ${text}`);
                }
            },
        },
        {
            content: "Drag the other request onto Board Tech A's Tuesday",
            trigger: `.o_board_request:contains('Board Client Two')`,
            run() {
                dragAndDrop(this.anchor, cellElement("Board Tech A", 2));
            },
        },
        {
            content: "It is planned there",
            trigger: `${cell("Board Tech A", 2)} ${chip("Board Client Two")}`,
        },
        {
            trigger: `.o_board_requests:not(:has(.o_board_request:contains('Board Client Two')))`,
        },
        {
            content: "Move the first appointment to Board Tech B's Tuesday",
            trigger: `${cell("Board Tech A", 1)} ${chip("Board Client One")}`,
            run() {
                dragAndDrop(this.anchor, cellElement("Board Tech B", 2));
            },
        },
        {
            content: "Moved",
            trigger: `${cell("Board Tech B", 2)} ${chip("Board Client One")}`,
        },
        screenshot("dispatch_board", `${cell("Board Tech B", 2)} ${chip("Board Client One")}`),
        {
            content: "Wednesday, Board Tech B is busy at that time: the move is refused",
            trigger: `${cell("Board Tech B", 2)} ${chip("Board Client One")}`,
            run() {
                dragAndDrop(this.anchor, cellElement("Board Tech B", 3));
            },
        },
        {
            trigger: ".o_notification:contains('Refused'):contains('Board Tech B already has')",
        },
        {
            content: "The appointment stays where it was",
            trigger: `${cell("Board Tech B", 2)} ${chip("Board Client One")}`,
        },
        screenshot("dispatch_board_conflict", ".o_notification:contains('Refused')"),
    ],
});
