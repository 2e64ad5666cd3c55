from odoo import api, models
from odoo.exceptions import AccessError

GROUP_TECHNICIAN = "field_intervention.group_intervention_technician"
# Users of these groups see prices anyway (orders, invoices, planning of billed work).
GROUP_DISPATCHER = "field_intervention.group_intervention_dispatcher"
GROUP_SALESMAN = "sales_team.group_sale_salesman"
GROUP_INVOICE = "account.group_account_invoice"


class InterventionBillingPriceMixin(models.AbstractModel):
    """Fields named in ``_price_fields`` are not readable nor writable by technicians while one of
    their active companies hides prices from them ("Hide Prices from Technicians"): not over RPC
    (read, search domains and orders, read_group, export, fields_get) nor in their views, whose
    nodes of these fields are removed. Computes of stored fields run as superuser and still read
    the prices; other server code run for a technician reads them with ``sudo()``."""

    _name = "intervention.billing.price.mixin"
    _description = "Prices Hidden from Technicians"

    _price_fields = frozenset()

    @api.model
    def _billing_prices_hidden(self):
        """Whether the current user is a technician from whom prices are hidden: in the
        technician group but neither dispatcher, sales user nor invoicing user, with one of the
        active companies hiding prices (the records they read come from all of them)."""
        if self.env.su:
            return False
        user = self.env.user
        return user.has_groups(
            f"{GROUP_TECHNICIAN},!{GROUP_DISPATCHER},!{GROUP_SALESMAN},!{GROUP_INVOICE}",
        ) and any(self.env.companies.sudo().mapped("intervention_hide_prices"))

    @api.model
    def _has_field_access(self, field, operation):
        # Called on every field access: test the field's name before anything costlier.
        if field.name in self._price_fields and self._billing_prices_hidden():
            return False
        return super()._has_field_access(field, operation)

    @api.model
    def _check_field_access(self, field, operation):
        if field.name in self._price_fields and self._billing_prices_hidden():
            raise AccessError(
                self.env._(
                    "Prices are hidden from technicians: you cannot access the field %(field)s "
                    "(%(field_name)s) of %(model)s.",
                    field=field._description_string(self.env),
                    field_name=field.name,
                    model=self.env["ir.model"]._get(self._name).name,
                )
            )
        return super()._check_field_access(field, operation)

    @api.model
    def _get_view_cache_key(self, view_id=None, view_type="form", **options):
        key = super()._get_view_cache_key(view_id, view_type, **options)
        return (*key, self._billing_prices_hidden())

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        if self._billing_prices_hidden():
            remove_unreadable_field_nodes(self, arch)
        return arch, view


def remove_unreadable_field_nodes(model, node):
    """Remove from the view ``node`` of ``model`` the fields the user may not read and their
    labels, also in the views embedded for x2many fields (of their comodels): the web client
    would ask for them and be refused. Fields restricted by ``groups`` are left to the views'
    own group filtering, done per user after the view cache."""
    for child in list(node):
        if not isinstance(child.tag, str):  # comments
            continue
        field = None
        if child.tag in ("field", "groupby"):
            field = model._fields.get(child.get("name"))
        elif child.tag == "label":
            field = model._fields.get(child.get("for"))
        if field is None:
            remove_unreadable_field_nodes(model, child)
        elif not field.groups and not model._has_field_access(field, "read"):
            node.remove(child)
        elif child.tag == "groupby" and field.comodel_name:
            remove_unreadable_field_nodes(model.env[field.comodel_name], child)
        elif child.tag == "field" and field.comodel_name:
            for subview in child:
                remove_unreadable_field_nodes(model.env[field.comodel_name], subview)
