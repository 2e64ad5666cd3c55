import { registry } from "@web/core/registry";
import { screenshot } from "@field_intervention/../tests/tours/tour_utils";

const CARD = ".o_kanban_record:contains('Parts Tour Client')";
const PARTS = "div[name=part_line_ids]";
const PART_DIALOG = ".modal:not(.o_inactive_modal):has(.o_form_view [name=product_id])";
const PART_CARD = `${PARTS} .o_kanban_record:contains('Tour Pellet Stove')`;

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
            content: "The search dialog closes on the choice",
            trigger: "body:not(:has(.modal-title:contains('Search:')))",
        },
    ];
}

/**
 * A technician on a phone records the serial-tracked part they installed, then finishes:
 * My Day → open → Parts → add the stove with its serial (a card, edited in a dialog on a
 * phone) → save → Finish.
 */
registry.category("web_tour.tours").add("intervention_stock_parts_on_a_phone", {
    steps: () => [
        {
            content: "Open today's appointment from My Day",
            trigger: `${CARD} .fw-bold:contains('Parts Tour Client')`,
            run: "click",
        },
        {
            content: "Without time tracking nothing to start: Finish is offered straight away",
            trigger: ".o_form_view:not(:has(button[name=action_start])) .o_statusbar_buttons button[name=action_open_finish]",
        },
        {
            content: "Parts page",
            trigger: ".o_notebook .nav-link:contains(Parts)",
            run: "click",
        },
        {
            content: "Add a part: on a phone the parts are cards, a part is edited in a dialog",
            trigger: `${PARTS} .o-kanban-button-new`,
            run: "click",
        },
        {
            content: "On a phone a many2one opens its search dialog",
            trigger: `${PART_DIALOG} [name=product_id] input`,
            run: "click",
        },
        ...searchAndPick("Product", "Tour Pellet Stove"),
        {
            trigger: `${PART_DIALOG} [name=product_id] input:value(Tour Pellet Stove)`,
        },
        {
            content: "A serial is one unit",
            trigger: `${PART_DIALOG} [name=quantity] input`,
            run: "edit 1",
        },
        {
            content: "Its serial number, picked among the stove's serials",
            trigger: `${PART_DIALOG} [name=lot_id] input`,
            run: "click",
        },
        ...searchAndPick("Lot/Serial Number", "TOURSN-0001"),
        {
            trigger: `${PART_DIALOG} [name=lot_id] input:value(TOURSN-0001)`,
        },
        {
            content: "Save the part",
            trigger: `${PART_DIALOG} .modal-footer .o_form_button_save`,
            run: "click",
        },
        {
            content: "The part's card, with its serial",
            trigger: `body:not(:has(.modal)) ${PART_CARD}:contains('TOURSN-0001')`,
        },
        screenshot("appointment_parts_phone", `${PART_CARD}:contains('TOURSN-0001')`),
        {
            content: "Save",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Saved, with its part",
            trigger: `.o_form_saved ${PART_CARD}:contains('TOURSN-0001')`,
        },
        {
            content: "Finish",
            trigger: ".o_statusbar_buttons button[name=action_open_finish]",
            run: "click",
        },
        {
            content: "Confirm in the Finish dialog",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The appointment is done",
            trigger: ".o_form_view .ribbon:contains(Done)",
        },
    ],
});
