from odoo import api, models

GROUP_TECHNICIAN = "field_intervention.group_intervention_technician"
GROUP_DISPATCHER = "field_intervention.group_intervention_dispatcher"
MY_DAY_ACTION = "field_intervention.intervention_appointment_action_my_day"
DISPATCH_BOARD_ACTION = "field_intervention.intervention_dispatch_board_action"


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._set_field_service_landing()
        return users

    def write(self, vals):
        result = super().write(vals)
        if "group_ids" in vals:
            self._set_field_service_landing()
        return result

    @api.model
    def _get_field_technicians(self):
        """Users who go on site: the Technician group, office staff (dispatchers, managers) left
        out unless a task names them. The board's rows and the slot finder's candidates."""
        technician_group = self.env.ref("field_intervention.group_intervention_technician")
        dispatcher_group = self.env.ref("field_intervention.group_intervention_dispatcher")
        return technician_group.all_user_ids - dispatcher_group.all_user_ids

    def _set_field_service_landing(self):
        """Technicians land on My Day on their phone, dispatchers on the dispatch board: a user
        made one of them who has no home action gets it (a technician's My Day gives way to the
        board once they become a dispatcher). The technicians' phones are also spared OdooBot's
        onboarding chat, when OdooBot is installed."""
        technician = self.env.ref(GROUP_TECHNICIAN, raise_if_not_found=False)
        dispatcher = self.env.ref(GROUP_DISPATCHER, raise_if_not_found=False)
        my_day = self.env.ref(MY_DAY_ACTION, raise_if_not_found=False)
        board = self.env.ref(DISPATCH_BOARD_ACTION, raise_if_not_found=False)
        if not (technician and dispatcher and my_day and board):
            # Installing: the groups and actions come with the addon's own data, loaded later.
            return
        users = self.sudo()
        dispatchers = users.filtered(lambda user: dispatcher in user.all_group_ids)
        technicians = users.filtered(lambda user: technician in user.all_group_ids) - dispatchers
        dispatchers.filtered(lambda user: user.action_id.id in (False, my_day.id)).write(
            {"action_id": board.id}
        )
        technicians.filtered(lambda user: not user.action_id).write({"action_id": my_day.id})
        if "odoobot_state" in self._fields:
            technicians.filtered(lambda user: user.odoobot_state in (False, "not_initialized")).write(
                {"odoobot_state": "disabled"}
            )
