from . import service_contract_terminate
