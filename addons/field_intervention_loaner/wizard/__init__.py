from . import installed_equipment_loan_return
from . import intervention_request_done_override
