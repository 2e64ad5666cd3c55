import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("field_intervention_slot_finder", {
    steps: () => [
        {
            content: "From the request, find a slot",
            trigger: ".o_form_view button:contains('Find a Slot')",
            run: "click",
        },
        {
            content: "Book the first free slot",
            trigger: ".modal .o_data_row:first button[name=action_book]",
            run: "click",
        },
        {
            content: "The appointment is booked and opened",
            trigger: ".o_form_view div[name=technician_ids]:contains('Slot Technician')",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Confirmed')",
        },
    ],
});
