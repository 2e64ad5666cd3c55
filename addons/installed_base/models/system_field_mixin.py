from odoo import api, models
from odoo.exceptions import AccessError

# Context value of the writes the models make themselves (transitions, jobs, follow-up). A
# JSON-RPC caller can put any key in the context, but never this Python object.
SYSTEM_WRITE = object()
SYSTEM_WRITE_KEY = "field_service_system_write"


class SystemFieldMixin(models.AbstractModel):
    """Fields owned by the system: written by the model's own methods, never by a user.

    The computed fields the user cannot edit (stored totals, states derived from others) and
    the fields a model names in ``_get_system_fields`` (a state that changes through its
    buttons, job cursors, tokens...) are refused in ``create`` and ``write`` to every user,
    whatever the group, and so through forms, imports and JSON-RPC alike; the model's methods
    write them with ``_system_write``. Their ``default_`` context keys are dropped on create.
    The superuser (demo data, upgrades) is not checked.
    """

    _name = "system.field.mixin"
    _description = "Fields Owned by the System"

    @api.model
    def _get_system_fields(self):
        """The fields no user writes: the computed ones without inverse, and what models add."""
        return {
            name
            for name, field in self._fields.items()
            if field.compute and field.store and field.readonly and not field.inverse
        }

    @api.model
    def _get_system_fields_on_create(self):
        """System fields a user may still give on create (e.g. the number of an imported record)."""
        return set()

    @api.model
    def _is_system_write(self):
        return self.env.su or self.env.context.get(SYSTEM_WRITE_KEY) is SYSTEM_WRITE

    @api.model
    def _check_system_fields(self, field_names):
        if self._is_system_write():
            return
        if system := set(field_names) & self._get_system_fields():
            raise AccessError(
                self.env._(
                    "%(fields)s of %(model)s cannot be written directly: the application sets it "
                    "(through the record's buttons and scheduled jobs).",
                    fields=self._describe_fields(system),
                    model=self.env["ir.model"]._get(self._name).name,
                )
            )

    @api.model
    def _describe_fields(self, field_names):
        """The labels of ``field_names``, for messages."""
        return ", ".join(
            sorted(self._fields[name].get_description(self.env, ["string"])["string"] for name in field_names)
        )

    def _as_system(self):
        """These records, to write system fields: only the model's own methods use it."""
        return self.with_context(**{SYSTEM_WRITE_KEY: SYSTEM_WRITE})

    def _system_write(self, vals):
        """Write system fields: only the model's own methods call it."""
        return self._as_system().write(vals)

    def _without_system_defaults(self):
        """This recordset without the ``default_`` context values of system fields."""
        system = self._get_system_fields()
        context = self.env.context
        if not any(key.startswith("default_") and key[8:] in system for key in context):
            return self
        # A whole new context on purpose: the keys are dropped, not merged.
        return self.with_context(  # pylint: disable=context-overridden
            {
                key: value
                for key, value in context.items()
                if not (key.startswith("default_") and key[8:] in system)
            }
        )

    @api.model_create_multi
    def create(self, vals_list):
        if self._is_system_write():
            return super().create(vals_list)
        allowed = self._get_system_fields_on_create()
        for vals in vals_list:
            self._check_system_fields(set(vals) - allowed)
        return super(SystemFieldMixin, self._without_system_defaults()).create(vals_list)

    def write(self, vals):
        self._check_system_fields(vals)
        return super().write(vals)
