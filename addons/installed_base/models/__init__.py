from . import system_field_mixin
from . import account_move
from . import installed_equipment
from . import installed_equipment_config
from . import res_partner
from . import sale_order
from . import ir_sequence
from . import batch_company_check
