from . import (
    test_stock_access,
    test_stock_costs,
    test_stock_flows,
    test_stock_performance,
    test_ui_stock,
    test_van_supply,
)
