from . import intervention_appointment_finish
from . import intervention_slot_finder
