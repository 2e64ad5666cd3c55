"""The response-time (SLA) vocabulary shared by the requests, the settings and the contracts."""

from odoo.exceptions import ValidationError

PRIORITIES = [("0", "Normal"), ("1", "Important"), ("2", "Very Important"), ("3", "Urgent")]
# The company's response time of each priority: res.company.intervention_response_hours_<priority>.
RESPONSE_HOURS_FIELDS = tuple(f"intervention_response_hours_{priority}" for priority, _label in PRIORITIES)
SLA_STATES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("met", "Met"),
]


def check_response_hours(record, field_names):
    """Refuse a negative response time, naming the record and the field."""
    for name in field_names:
        if record[name] < 0:
            raise ValidationError(
                record.env._(
                    "%(record)s: %(field)s cannot be negative (%(value)s h).",
                    record=record.display_name,
                    field=record._fields[name]._description_string(record.env),
                    value=record[name],
                )
            )
