from . import service_contract_month
from . import service_contract
from . import service_contract_line
from . import service_contract_invoice_period
from . import intervention_request
from . import installed_equipment
from . import service_contract_cover
