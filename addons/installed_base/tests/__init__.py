from . import test_access
from . import test_equipment_create_wizard
from . import test_installed_equipment
from . import test_ui
