from . import test_access, test_equipment_create_wizard, test_installed_equipment
