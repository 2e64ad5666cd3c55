from . import installed_equipment_loan
from . import installed_equipment
from . import intervention_request
from . import intervention_appointment
