from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _get_field_technicians(self):
        """Users who go on site: the Technician group, office staff (dispatchers, managers) left
        out unless a task names them. The board's rows and the slot finder's candidates."""
        technician_group = self.env.ref("field_intervention.group_intervention_technician")
        dispatcher_group = self.env.ref("field_intervention.group_intervention_dispatcher")
        return technician_group.all_user_ids - dispatcher_group.all_user_ids
