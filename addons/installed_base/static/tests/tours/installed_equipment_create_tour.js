import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("installed_base_create_from_sale_order", {
    steps: () => [
        {
            content: "Open the Action menu of the sales order",
            trigger: ".o_form_view .o_cp_action_menus button",
            run: "click",
        },
        {
            content: "Create installed equipment",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains('Create installed equipment')",
            run: "click",
        },
        {
            content: "The customer is pre-filled",
            trigger: ".modal div[name=partner_id] input:value('Tour Customer')",
        },
        {
            content: "Pick the stove among the order's lines",
            trigger: ".modal div[name=product_id] input",
            run: "edit Tour pellet",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Tour pellet stove')",
            run: "click",
        },
        {
            content: "The order's quantity gives two serial-number rows",
            trigger: ".modal div[name=line_ids] .o_data_row:eq(1)",
        },
        {
            trigger: ".modal div[name=line_ids] .o_data_row:eq(0) td[name=serial_number]",
            run: "click",
        },
        {
            trigger: ".modal div[name=line_ids] .o_data_row:eq(0) td[name=serial_number] input",
            run: "edit TOUR-0001",
        },
        {
            trigger: ".modal div[name=line_ids] .o_data_row:eq(1) td[name=serial_number]",
            run: "click",
        },
        {
            trigger: ".modal div[name=line_ids] .o_data_row:eq(1) td[name=serial_number] input",
            run: "edit TOUR-0002",
        },
        {
            content: "Create and view",
            trigger: ".modal button[name=action_create_and_view]",
            run: "click",
        },
        {
            content: "Both units are listed",
            trigger: ".o_list_view .o_data_row:contains('TOUR-0002')",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('TOUR-0001')",
        },
    ],
});
