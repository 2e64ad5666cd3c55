from . import installed_equipment_create
