from . import test_certificate
from . import test_maintenance_template
from . import test_finish_requirements
