import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("field_intervention_schedule_request", {
    steps: () => [
        {
            content: "Schedule the request",
            trigger: ".o_form_view button[name=action_schedule]",
            run: "click",
        },
        {
            content: "The appointment is pre-filled from the request",
            trigger: ".o_form_view div[name=partner_id] input:value('Tour Dispatch Client')",
        },
        {
            trigger: ".o_form_view div[name=technician_ids]:contains('Tour Technician')",
        },
        {
            content: "Save it",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Confirm it",
            trigger: ".o_form_view button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The appointment is confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Confirmed')",
        },
    ],
});
