import { registry } from "@web/core/registry";

const CARD = ".o_kanban_record:contains('Timer Client')";

registry.category("web_tour.tours").add("field_intervention_timer", {
    steps: () => [
        {
            content: "Start the appointment: the timer appears",
            trigger: `${CARD} button[name=action_start]`,
            run: "click",
        },
        {
            content: "The elapsed time ticks from the stored start",
            trigger: `${CARD} .o_intervention_timer_value:contains('00:00:0')`,
        },
        {
            content: "Pause",
            trigger: `${CARD} button[name=action_timer_pause]`,
            run: "click",
        },
        {
            content: "The timer is frozen and says so",
            trigger: `${CARD} .o_intervention_timer.text-warning`,
        },
        {
            content: "Resume",
            trigger: `${CARD} button[name=action_timer_resume]`,
            run: "click",
        },
        {
            trigger: `${CARD} .o_intervention_timer.text-success`,
        },
        {
            content: "Running again, the pause left out",
            trigger: `${CARD} .o_intervention_timer_value:contains('00:00:')`,
        },
    ],
});
