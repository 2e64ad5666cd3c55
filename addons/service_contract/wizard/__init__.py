from . import service_contract_terminate
from . import service_contract_revise
