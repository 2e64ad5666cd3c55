from . import test_contract_dates
from . import test_contract_generation
from . import test_contract_invoicing
from . import test_contract_concurrency
from . import test_contract_access
from . import test_contract_form
