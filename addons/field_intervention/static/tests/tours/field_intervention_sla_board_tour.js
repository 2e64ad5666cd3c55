import { registry } from "@web/core/registry";
import { screenshot } from "./tour_utils";

const card = (customer) => `.o_board_request:contains('${customer}')`;

/**
 * The dispatcher opens the board: the request whose response deadline has passed comes first,
 * marked Breached in red; the fresh one follows, On Track.
 */
registry.category("web_tour.tours").add("field_intervention_sla_board", {
    steps: () => [
        {
            content: "The late request is coloured as breached, with its deadline",
            trigger: `${card("SLA Late Client")}.o_board_sla_breached .o_board_deadline .badge:contains('Breached')`,
        },
        {
            content: "The fresh one is on track",
            trigger: `${card("SLA Fresh Client")}.o_board_sla_on_track .badge:contains('On Track')`,
        },
        {
            content: "Sorted by deadline: the late one first",
            trigger: `.o_board_requests .o_board_request:first:contains('SLA Late Client')`,
        },
        screenshot("dispatch_board_deadlines", ".o_board_requests"),
    ],
});
