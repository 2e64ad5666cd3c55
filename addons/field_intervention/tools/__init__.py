from . import response_time
from . import working_hours
from . import ics
