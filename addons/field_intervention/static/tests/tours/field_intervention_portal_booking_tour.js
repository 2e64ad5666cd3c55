import { registry } from "@web/core/registry";
import { screenshot } from "./tour_utils";

// A customer on a phone, in French: asks for a breakdown visit, picks a time, then moves it.
registry.category("web_tour.tours").add("field_intervention_portal_booking_fr", {
    steps: () => [
        {
            content: "The customer's requests, with the button to ask for one",
            trigger: "a.o_fi_ask:contains('Demander une intervention')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Breakdown is the first kind offered",
            trigger: "input[name=kind][value=breakdown]:checked",
        },
        {
            trigger: "select[name=equipment_id]",
            run: "selectByIndex 1",
        },
        {
            trigger: "textarea[name=description]",
            run: "edit Le poêle s'arrête au bout de dix minutes, code E2.",
        },
        screenshot("portal_request_form"),
        {
            trigger: "button.o_fi_request_send:contains('Envoyer la demande')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The free times, by day",
            trigger: "h3:contains('Choisir un horaire')",
        },
        screenshot("portal_slots", ".o_fi_slot_day"),
        {
            content: "A time a few days ahead, so that it can still be moved",
            trigger: ".o_fi_slot_day:last button.o_fi_slot:last",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_fi_booked:contains('Votre visite est réservée')",
        },
        screenshot("portal_booked"),
        {
            trigger: "a.o_fi_reschedule:contains('Déplacer la visite')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_fi_slot_day:first button.o_fi_slot:first",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_fi_rescheduled:contains('Votre visite est déplacée')",
        },
    ],
});
