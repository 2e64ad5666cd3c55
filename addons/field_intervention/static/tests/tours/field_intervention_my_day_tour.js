import { registry } from "@web/core/registry";

const CARD = ".o_kanban_record:contains('Tour Client')";

registry.category("web_tour.tours").add("field_intervention_my_day", {
    steps: () => [
        {
            content: "The technician's appointment is in My Day, with its map and call buttons",
            trigger: `${CARD} a[href^='https://www.google.com/maps/search/']`,
        },
        {
            trigger: `${CARD} a[href^='tel:']`,
        },
        {
            content: "Manual mode: no timer to start, Finish straight away (never both)",
            trigger: `${CARD}:not(:has(button[name=action_start])) button[name=action_open_finish]`,
            run: "click",
        },
        {
            content: "One dialog: the confirmation and the times",
            trigger: ".modal:contains('Finish this appointment?')",
        },
        {
            content: "Manual mode: type the travel time",
            trigger: ".modal div[name=travel_duration] input",
            run: "edit 00:45",
        },
        {
            trigger: ".modal div[name=actual_duration] input",
            run: "edit 01:15",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The appointment is done",
            trigger: `${CARD}:contains('Done')`,
        },
    ],
});
