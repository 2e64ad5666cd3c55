from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.response_time import PRIORITIES, SLA_STATES


class InterventionSlaReport(models.Model):
    """Response-time compliance: one row per request with a deadline, so that every grouping
    (month, sector, priority, contract...) counts and measures its own requests. The 90th
    percentile is computed by PostgreSQL for each group (see ``_read_group_select``)."""

    _name = "intervention.sla.report"
    _description = "Response Time Analysis"
    _auto = False
    _order = "date_received desc"
    _depends = {
        "intervention.request": [
            "company_id",
            "sector_id",
            "partner_id",
            "priority",
            "date_received",
            "date_response_start",
            "date_deadline",
            "date_first_visit",
            "sla_state",
        ],
    }

    request_id = fields.Many2one("intervention.request", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    sector_id = fields.Many2one("intervention.sector", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    intervention_type = fields.Selection(related="request_id.intervention_type")
    date_received = fields.Datetime(string="Received On", readonly=True)
    date_deadline = fields.Datetime(string="Response Deadline", readonly=True)
    sla_state = fields.Selection(SLA_STATES, string="Response", readonly=True)
    met_count = fields.Integer(string="Met", readonly=True, aggregator="sum")
    breached_count = fields.Integer(string="Breached", readonly=True, aggregator="sum")
    response_hours = fields.Float(
        string="Mean Response Time",
        readonly=True,
        aggregator="avg",
        help="Hours elapsed (not working hours) from the start of the response time to the first visit.",
    )
    response_hours_p90 = fields.Float(
        string="90th Percentile Response Time",
        readonly=True,
        aggregator="max",
        help="9 requests out of 10 were visited within this many hours (elapsed).",
    )

    def _select_fields(self):
        """Column name: SQL expression over ``request`` (intervention_request); addons add theirs."""
        response = SQL(
            # A visit before the response started (early) answered at once.
            "GREATEST(EXTRACT(EPOCH FROM (request.date_first_visit - request.date_response_start)) "
            "/ 3600.0, 0)"
        )
        return {
            "id": SQL("request.id"),
            "request_id": SQL("request.id"),
            "company_id": SQL("request.company_id"),
            "sector_id": SQL("request.sector_id"),
            "partner_id": SQL("request.partner_id"),
            "priority": SQL("request.priority"),
            "date_received": SQL("request.date_received"),
            "date_deadline": SQL("request.date_deadline"),
            "sla_state": SQL("request.sla_state"),
            "met_count": SQL("(request.sla_state = 'met')::int"),
            "breached_count": SQL("(request.sla_state = 'breached')::int"),
            "response_hours": response,
            "response_hours_p90": response,
        }

    @property
    def _table_query(self):
        columns = SQL(", ").join(
            SQL("%s AS %s", expression, SQL.identifier(name))
            for name, expression in self._select_fields().items()
        )
        return SQL(
            "SELECT %s FROM intervention_request request WHERE request.date_deadline IS NOT NULL",
            columns,
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        # The pivot asks the field's own aggregator; for the percentile, PostgreSQL's over the group.
        if aggregate_spec == "response_hours_p90:max":
            return SQL(
                "percentile_cont(0.9) WITHIN GROUP (ORDER BY %s)",
                self._field_to_sql(self._table, "response_hours_p90", query),
            )
        return super()._read_group_select(aggregate_spec, query)
