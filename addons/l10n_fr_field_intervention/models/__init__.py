from . import intervention_certificate
from . import intervention_template
from . import survey_question
from . import installed_equipment
from . import intervention_appointment
from . import ir_attachment
