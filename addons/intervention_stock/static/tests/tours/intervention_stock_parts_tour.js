import { registry } from "@web/core/registry";
import { screenshot } from "@field_intervention/../tests/tours/tour_utils";

const CARD = ".o_kanban_record:contains('Parts Tour Client')";
const PARTS = "div[name=part_line_ids]";
const ROW = `${PARTS} .o_data_row`;

/** In the search dialog a phone opens for a many2one: search ``value`` and pick its card. */
function searchAndPick(fieldString, value) {
    const DIALOG = `.modal:not(.o_inactive_modal):has(.modal-title:contains('Search: ${fieldString}'))`;
    return [
        {
            trigger: `${DIALOG} .o_control_panel_navigation .btn .fa-search`,
            run: "click",
        },
        {
            trigger: `${DIALOG} .o_searchview_input`,
            run: `edit ${value}`,
        },
        {
            trigger: `${DIALOG} .o_searchview_input`,
            run: "press Enter",
        },
        {
            trigger: `${DIALOG} .o_kanban_record:contains('${value}')`,
            run: "click",
        },
        {
            content: "The dialog closes on the choice",
            trigger: "body:not(:has(.modal))",
        },
    ];
}

/**
 * A technician on a phone records the serial-tracked part they installed, then finishes:
 * My Day → open → Start → Parts → add the stove with its serial → save → Finish.
 */
registry.category("web_tour.tours").add("intervention_stock_parts_on_a_phone", {
    steps: () => [
        {
            content: "Open today's appointment from My Day",
            trigger: `${CARD} .fw-bold:contains('Parts Tour Client')`,
            run: "click",
        },
        {
            content: "Start",
            trigger: ".o_statusbar_buttons button[name=action_start]",
            run: "click",
        },
        {
            content: "Started: Finish is offered",
            trigger: ".o_form_view:not(:has(button[name=action_start])) .o_statusbar_buttons button[name=action_finish]",
        },
        {
            content: "Parts page",
            trigger: ".o_notebook .nav-link:contains(Parts)",
            run: "click",
        },
        {
            content: "Add a part",
            trigger: `${PARTS} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: "On a phone a many2one opens its search dialog",
            trigger: `${ROW} [name=product_id] input`,
            run: "click",
        },
        ...searchAndPick("Product", "Tour Pellet Stove"),
        {
            trigger: `${ROW} [name=product_id] input:value(Tour Pellet Stove)`,
        },
        {
            content: "A serial is one unit",
            trigger: `${ROW} [name=quantity] input`,
            run: "edit 1",
        },
        {
            content: "Its serial number, picked among the stove's serials",
            trigger: `${ROW} [name=lot_id] input`,
            run: "click",
        },
        ...searchAndPick("Lot/Serial Number", "TOURSN-0001"),
        {
            trigger: `${ROW} [name=lot_id] input:value(TOURSN-0001)`,
        },
        screenshot("appointment_parts_phone", `${ROW} [name=lot_id] input:value(TOURSN-0001)`),
        {
            content: "Save",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Saved, with its part",
            trigger: `.o_form_saved ${ROW}:contains('Tour Pellet Stove'):contains('TOURSN-0001')`,
        },
        {
            content: "Finish",
            trigger: ".o_statusbar_buttons button[name=action_finish]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary:contains(Ok)",
            run: "click",
        },
        {
            content: "The appointment is done",
            trigger: ".o_form_view .ribbon:contains(Done)",
        },
    ],
});
