from . import test_access
from . import test_appointment
from . import test_performance
from . import test_request
from . import test_state_machine
from . import test_time_tracking
from . import test_ui
from . import test_ui_timer
