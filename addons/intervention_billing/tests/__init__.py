from . import test_billing_totals
from . import test_billing_flows
from . import test_billing_access
from . import test_billing_performance
from . import test_billing_price_access
from . import test_billing_cover
from . import test_billing_costs
from . import test_billing_dispatcher
