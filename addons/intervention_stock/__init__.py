from . import models, wizard


def _setup_warehouses(env):
    """Vans, removed units and their operation types on the warehouses made before the addon."""
    env["stock.warehouse"].with_context(active_test=False).search([])._setup_field_service_stock()
