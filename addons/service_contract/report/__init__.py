from . import service_contract_profitability
