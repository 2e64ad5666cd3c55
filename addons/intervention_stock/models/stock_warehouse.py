from odoo import api, fields, models

VAN_ROUTE = "intervention_stock.route_van_replenishment"


class StockWarehouse(models.Model):
    """Each warehouse holds its technicians' vans (locations under its Vans location), the units
    removed at customers, and the three operation types of field service: parts used (van to
    customer), van transfers (stock to van, and parts back) and removed units (customer back)."""

    _inherit = "stock.warehouse"

    intervention_van_location_id = fields.Many2one(
        "stock.location",
        string="Vans Location",
        check_company=True,
        copy=False,
        help="The parent of the technicians' vans: its stock is the warehouse's, apart from Stock.",
    )
    intervention_removed_location_id = fields.Many2one(
        "stock.location",
        string="Removed Units Location",
        check_company=True,
        copy=False,
        help="Where the units taken back from customers arrive, unless the settings name another.",
    )
    intervention_parts_type_id = fields.Many2one(
        "stock.picking.type",
        string="Parts Used Operation Type",
        check_company=True,
        copy=False,
    )
    intervention_van_type_id = fields.Many2one(
        "stock.picking.type",
        string="Van Transfers Operation Type",
        check_company=True,
        copy=False,
    )
    intervention_removed_type_id = fields.Many2one(
        "stock.picking.type",
        string="Removed Units Operation Type",
        check_company=True,
        copy=False,
    )
    intervention_van_pull_id = fields.Many2one("stock.rule", string="Van Replenishment Rule", copy=False)

    def _get_locations_values(self, vals, code=False):
        values = super()._get_locations_values(vals, code=code)
        code = (vals.get("code") or code or "").replace(" ", "").upper()
        company_id = vals.get("company_id", self.default_get(["company_id"])["company_id"])
        values.update(
            {
                "intervention_van_location_id": {
                    "name": self.env._("Vans"),
                    "active": True,
                    "usage": "view",
                },
                "intervention_removed_location_id": {
                    "name": self.env._("Removed Units"),
                    "active": True,
                    "usage": "internal",
                    "barcode": self._valid_barcode(code + "REMOVED", company_id),
                },
            }
        )
        return values

    def _get_sequence_values(self, name=False, code=False):
        values = super()._get_sequence_values(name=name, code=code)
        labels = {
            "intervention_parts_type_id": self.env._("Parts Used"),
            "intervention_van_type_id": self.env._("Van Transfers"),
            "intervention_removed_type_id": self.env._("Removed Units"),
        }
        default_codes = {
            "intervention_parts_type_id": "FSP",
            "intervention_van_type_id": "VAN",
            "intervention_removed_type_id": "RMV",
        }
        for field, label in labels.items():
            default_code = default_codes[field]
            values[field] = {
                "name": self.env._("%(name)s Sequence %(type)s", name=name or self.name, type=label),
                "prefix": f"{code or self.code}/{self[field].sequence_code or default_code}/",
                "padding": 5,
                "company_id": self.company_id.id,
            }
        return values

    def _get_picking_type_create_values(self, max_sequence):
        data, next_sequence = super()._get_picking_type_create_values(max_sequence)
        customers = self.env.ref("stock.stock_location_customers")
        common = {
            "company_id": self.company_id.id,
            "use_existing_lots": True,
            "create_backorder": "never",
            "print_label": False,
        }
        data.update(
            {
                "intervention_parts_type_id": {
                    **common,
                    "name": self.env._("Parts Used"),
                    "code": "outgoing",
                    "use_create_lots": False,
                    "default_location_src_id": self.lot_stock_id.id,
                    "default_location_dest_id": customers.id,
                    "sequence": next_sequence + 1,
                    "sequence_code": "FSP",
                },
                "intervention_van_type_id": {
                    **common,
                    "name": self.env._("Van Transfers"),
                    "code": "internal",
                    "use_create_lots": False,
                    "default_location_src_id": self.lot_stock_id.id,
                    "default_location_dest_id": self.intervention_van_location_id.id,
                    "sequence": next_sequence + 2,
                    "sequence_code": "VAN",
                },
                "intervention_removed_type_id": {
                    **common,
                    "name": self.env._("Removed Units"),
                    "code": "incoming",
                    "use_create_lots": True,
                    "default_location_src_id": customers.id,
                    "default_location_dest_id": self.intervention_removed_location_id.id,
                    "sequence": next_sequence + 3,
                    "sequence_code": "RMV",
                },
            }
        )
        return data, next_sequence + 4

    def _get_picking_type_update_values(self):
        data = super()._get_picking_type_update_values()
        code = self.code.replace(" ", "").upper()
        for field, suffix in (
            ("intervention_parts_type_id", "FSP"),
            ("intervention_van_type_id", "VAN"),
            ("intervention_removed_type_id", "RMV"),
        ):
            data[field] = {"active": self.active, "barcode": code + suffix}
        return data

    def _create_or_update_sequences_and_picking_types(self):
        warehouse_data = super()._create_or_update_sequences_and_picking_types()
        types = {
            name: self.env["stock.picking.type"].browse(warehouse_data.get(name) or self[name].id)
            for name in (
                "intervention_parts_type_id",
                "intervention_van_type_id",
                "intervention_removed_type_id",
            )
        }
        # Parts given back go to their van (a van transfer); removed units given back go back to
        # the customer (as parts used do).
        if warehouse_data.get("intervention_parts_type_id"):
            types["intervention_parts_type_id"].return_picking_type_id = types["intervention_van_type_id"]
        if warehouse_data.get("intervention_removed_type_id"):
            types["intervention_removed_type_id"].return_picking_type_id = types["intervention_parts_type_id"]
        return warehouse_data

    def _generate_global_route_rules_values(self):
        rules = super()._generate_global_route_rules_values()
        route = self.env.ref(VAN_ROUTE, raise_if_not_found=False)
        if route:
            rules["intervention_van_pull_id"] = {
                "depends": ["intervention_van_type_id"],
                "create_values": {
                    "action": "pull",
                    "procure_method": "make_to_stock",
                    "auto": "manual",
                    "company_id": self.company_id.id,
                    "route_id": route.id,
                    "location_src_id": self.lot_stock_id.id,
                    "location_dest_id": self.intervention_van_location_id.id,
                    "picking_type_id": self.intervention_van_type_id.id,
                },
                "update_values": {
                    "name": self._format_rulename(
                        self.lot_stock_id, self.intervention_van_location_id, False
                    ),
                    "active": self.active,
                },
            }
        return rules

    @api.model
    def _setup_field_service_stock_all(self):
        """At install (data file, before the demo data): every warehouse made before the addon."""
        # A company has a handful of warehouses: all of them, archived ones too.
        warehouses = self.with_context(active_test=False).search([])  # pylint: disable=no-search-all
        warehouses._setup_field_service_stock()

    def _setup_field_service_stock(self):
        """Create what field service needs on warehouses made before the addon was installed,
        the way Odoo's own addons complete existing warehouses."""
        route = self.env.ref(VAN_ROUTE)
        for warehouse in self:
            warehouse._create_missing_locations({})
            picking_type_vals = warehouse._create_or_update_sequences_and_picking_types()
            if picking_type_vals:
                warehouse.write(picking_type_vals)
            warehouse._create_or_update_global_routes_rules()
        route.warehouse_ids |= self

    @api.model_create_multi
    def create(self, vals_list):
        warehouses = super().create(vals_list)
        route = self.env.ref(VAN_ROUTE, raise_if_not_found=False)
        if route:
            route.sudo().warehouse_ids |= warehouses
        return warehouses
