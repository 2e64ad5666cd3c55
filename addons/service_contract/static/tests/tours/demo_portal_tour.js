import { registry } from "@web/core/registry";
import { screenshot } from "@field_intervention/../tests/tours/tour_utils";
import { checkText, demoData } from "./demo_tour_utils";

/**
 * Jean, the demo customer, on a phone: his portal home, his contract, his stove, and a
 * breakdown visit asked for the stove, its time picked among the free ones.
 */
registry.category("web_tour.tours").add("service_contract_demo_portal", {
    steps: () => {
        const data = demoData();
        return [
            {
                content: "His home action: the portal",
                trigger: ".o_portal_my_home",
                run() {
                    if (!window.location.pathname.startsWith("/my")) {
                        throw new Error(`The portal home expected, not ${window.location.pathname}`);
                    }
                },
            },
            checkText(
                "His contracts, in his language",
                ".o_portal_my_home a[href='/my/contracts']",
                data.contractsTitle
            ),
            checkText("His equipment", ".o_portal_my_home a[href='/my/equipment']", data.equipmentTitle),
            screenshot("demo_portal_home_phone"),
            {
                trigger: ".o_portal_my_home a[href='/my/contracts']",
                run: "click",
                expectUnloadPage: true,
            },
            {
                content: "His contract",
                trigger: `a[href^='/my/contracts/${data.contractId}?']`,
                run: "click",
                expectUnloadPage: true,
            },
            {
                content: "The contract's page and its visits",
                trigger: ".o_sc_portal_visits",
            },
            screenshot("demo_portal_contract_phone"),
            {
                content: "Back home",
                trigger: ".o_portal_submenu a[href='/my/home']",
                run: "click",
                expectUnloadPage: true,
            },
            {
                trigger: ".o_portal_my_home a[href='/my/equipment']",
                run: "click",
                expectUnloadPage: true,
            },
            {
                content: "His stove",
                trigger: `.o_fi_equipment_card a[href='/my/equipment/${data.unitId}']`,
                run: "click",
                expectUnloadPage: true,
            },
            screenshot("demo_portal_equipment_phone", "a.o_fi_ask_unit"),
            {
                content: "Ask for an intervention on it",
                trigger: "a.o_fi_ask_unit",
                run: "click",
                expectUnloadPage: true,
            },
            {
                content: "The form, the stove already chosen",
                trigger: `select[name=equipment_id]:has(option[value='${data.unitId}']:selected)`,
            },
            {
                trigger: "input[name=kind][value=breakdown]",
                run: "click",
            },
            {
                trigger: "textarea[name=description]",
                run: "edit Le poêle s'arrête au bout de dix minutes, code E2.",
            },
            screenshot("demo_portal_request_phone"),
            {
                trigger: "button.o_fi_request_send",
                run: "click",
                expectUnloadPage: true,
            },
            {
                content: "The free times, by day",
                trigger: ".o_fi_slot_day button.o_fi_slot",
            },
            screenshot("demo_portal_slots_phone"),
            {
                trigger: ".o_fi_slot_day:first button.o_fi_slot:last",
                run: "click",
                expectUnloadPage: true,
            },
            {
                content: "The visit is booked",
                trigger: ".o_fi_booked",
            },
            screenshot("demo_portal_booked_phone"),
        ];
    },
});
