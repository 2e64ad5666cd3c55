from . import intervention_appointment_finish
from . import intervention_slot_finder
from . import mail_compose_message
from . import intervention_on_my_way
