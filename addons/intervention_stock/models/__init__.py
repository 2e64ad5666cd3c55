from . import (
    installed_equipment,
    intervention_appointment,
    intervention_billing_line,
    res_company,
    res_config_settings,
    res_users,
    stock_location,
    stock_picking,
    stock_warehouse,
)
