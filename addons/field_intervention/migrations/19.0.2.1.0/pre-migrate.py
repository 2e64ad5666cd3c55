"""19.0.2.1.0: requests know when they were received (the response time counts from then). The
requests of an older database were received when they were created, not at the update."""

from odoo.tools import SQL, sql


def migrate(cr, version):
    if not sql.column_exists(cr, "intervention_request", "date_received"):
        sql.create_column(cr, "intervention_request", "date_received", "timestamp")
        cr.execute(SQL("UPDATE intervention_request SET date_received = create_date"))
