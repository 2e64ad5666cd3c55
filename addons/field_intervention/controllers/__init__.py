from . import portal
from . import survey
from . import portal_request
from . import portal_equipment
