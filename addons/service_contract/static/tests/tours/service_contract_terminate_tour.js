import { registry } from "@web/core/registry";
import { screenshot } from "@field_intervention/../tests/tours/tour_utils";

// A customer on a phone, in French, terminates their contract online ("Résilier votre
// contrat", Code de la consommation L215-1-1 and D215-1): the summary first, then the
// confirmation and its acknowledgement.
registry.category("web_tour.tours").add("service_contract_terminate_fr", {
    steps: () => [
        {
            content: "The contract page offers the termination",
            trigger: "a.o_sc_terminate:contains('Résilier votre contrat')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "What ending it means, before anything is done",
            trigger: ".o_sc_termination_summary:contains('Votre contrat prend fin le')",
        },
        {
            trigger: "textarea[name=reason]",
            run: "edit Nous vendons la maison.",
        },
        screenshot("portal_contract_terminate"),
        {
            trigger: "button.o_sc_terminate_confirm:contains('Confirmer la résiliation')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Recorded, and acknowledged by email",
            trigger: ".o_sc_terminated:contains('Votre demande de résiliation est enregistrée')",
        },
        {
            content: "The contract says when it ends, and no longer offers the termination",
            trigger: ".o_sc_termination_state:contains('le contrat prend fin le'):not(:has(a.o_sc_terminate))",
        },
        screenshot("portal_contract_terminated"),
    ],
});
