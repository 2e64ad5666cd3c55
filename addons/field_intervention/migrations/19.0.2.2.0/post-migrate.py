"""19.0.2.2.0: the users of an older database land where they work (My Day for technicians, the
dispatch board for dispatchers, when they have no home action of their own), and the menu
"Interventions" renamed "Operations" is renamed in French too (the update keeps a translation
already there)."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    users = env["res.users"].with_context(active_test=False).search([("share", "=", False)])
    users._set_field_service_landing()
    menu = env.ref("field_intervention.menu_interventions", raise_if_not_found=False)
    if menu:
        cr.execute(
            SQL(
                "UPDATE ir_ui_menu SET name = jsonb_set(name, '{fr_FR}', %s::jsonb) "
                "WHERE id = %s AND name->>'fr_FR' = 'Interventions'",
                '"Opérations"',
                menu.id,
            )
        )
