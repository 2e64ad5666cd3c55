from . import intervention_appointment_finish
from . import intervention_slot_finder
from . import installed_equipment_loan_return
from . import intervention_request_done_override
from . import mail_compose_message
