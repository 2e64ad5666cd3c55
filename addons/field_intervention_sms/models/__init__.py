from . import intervention_appointment
