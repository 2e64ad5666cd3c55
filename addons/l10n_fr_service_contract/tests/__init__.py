from . import test_renewal_notice_window
from . import test_renewal_notice
