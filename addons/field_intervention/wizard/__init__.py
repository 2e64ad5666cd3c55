from . import intervention_appointment_finish
