import { registry } from "@web/core/registry";

const CARD = ".o_kanban_record:contains('Client Français')";

registry.category("web_tour.tours").add("field_intervention_my_day_fr", {
    steps: () => [
        {
            content: "My Day speaks French: title, state, buttons",
            trigger: ".o_breadcrumb:contains('Ma journée')",
        },
        {
            trigger: `${CARD}:contains('Confirmé') a:contains('Carte')`,
        },
        {
            trigger: `${CARD} a:contains('Appeler')`,
        },
        {
            trigger: `${CARD} button[name=action_start]:contains('Démarrer')`,
        },
    ],
});
