from odoo import api, models


class PortalReadableMixin(models.AbstractModel):
    """Models customers read on the portal: over JSON-RPC a portal user reads only the fields
    ``_get_portal_readable_fields`` lists (what the pages show), whatever else the record holds
    (the office's notes, internal links, cursors). The pages themselves render as superuser
    after their access check."""

    _name = "portal.readable.mixin"
    _description = "Fields Portal Users May Read"

    @api.model
    def _get_portal_readable_fields(self):
        return {"id", "display_name", "create_date", "write_date"}

    @api.model
    def _has_field_access(self, field, operation):
        if (
            not self.env.su
            and self.env.user.share
            and field.name not in self._get_portal_readable_fields()
            and not field.name.startswith(("message_", "website_message_", "rating_"))
        ):
            return False
        return super()._has_field_access(field, operation)
