from . import portal
from . import survey
from . import portal_request
