from . import portal
from . import survey
