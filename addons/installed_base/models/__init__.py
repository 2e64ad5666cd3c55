from . import account_move, installed_equipment, installed_equipment_config, res_partner, sale_order
