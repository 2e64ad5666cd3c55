from . import test_intervention_appointment_sms
