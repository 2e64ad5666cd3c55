from odoo import api, fields, models
from odoo.tools import SQL


class ServiceContractProfitability(models.Model):
    """What each contract earns: one row per contract and contract year (counted from the
    contract's start, anniversary to anniversary, up to the end of its current term), with the
    revenue invoiced, the cost of its visits and the margin, and the visits owed and done.

    - Revenue: the untaxed amount, in the company's currency, of the contract's posted invoices
      (through its invoiced periods), in the year of their (first) period, less their posted
      credit notes, in the year of the invoice they reverse.
    - Costs: the costs (time, travel, parts) of the done appointments of the contract's
      requests, in the year of their date; a visit done after the end of the last year counts in
      the last year.
    - Visits: the contract's requests planned in the year and not cancelled; done when the
      request is, or one of its appointments.

    Read with one query, whatever the number of contracts (the web client's pivot and graph
    group it in SQL); the margin % of a group is its margin over its revenue."""

    _name = "service.contract.profitability"
    _description = "Contract Profitability"
    _auto = False
    _order = "contract_id desc, year_number"
    _depends = {
        "service.contract": ["partner_id", "company_id", "user_id", "date_start", "date_end"],
        "service.contract.invoice.period": ["contract_id", "period_start", "move_id"],
        "account.move": ["state", "move_type", "amount_untaxed_signed", "reversed_entry_id"],
        "intervention.request": ["contract_id", "contract_visit_date", "state"],
        "intervention.appointment": [
            "request_id",
            "state",
            "date_start",
            "cost_time",
            "cost_travel",
            "cost_parts",
        ],
        "res.company": ["currency_id"],
    }

    contract_id = fields.Many2one("service.contract", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    year_number = fields.Integer(string="Contract Year", readonly=True, aggregator=None)
    date_from = fields.Date(string="From", readonly=True)
    date_to = fields.Date(string="To", readonly=True)
    is_last_year = fields.Boolean(
        string="Last Year of the Term",
        readonly=True,
        help="The year ends with the current term of the contract.",
    )
    revenue = fields.Monetary(
        readonly=True,
        help="Untaxed amount of the posted invoices of the year, less their posted credit notes.",
    )
    cost_time = fields.Monetary(string="Time Cost", readonly=True)
    cost_travel = fields.Monetary(string="Travel Cost", readonly=True)
    cost_parts = fields.Monetary(string="Parts Cost", readonly=True)
    cost = fields.Monetary(readonly=True, help="Time, travel and parts of the visits done in the year.")
    margin = fields.Monetary(readonly=True, help="Revenue less cost.")
    margin_percent = fields.Float(
        string="Margin (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Margin over revenue (of the whole group in the pivot and the graph).",
    )
    visits_owed = fields.Integer(
        readonly=True,
        help="Visits the contract planned in the year (its generated requests, not cancelled).",
    )
    visits_done = fields.Integer(readonly=True, help="Visits owed in the year that are done.")

    @property
    def _table_query(self):
        return SQL(
            """
            WITH contract_year AS (
                SELECT contract.id AS contract_id,
                       contract.partner_id,
                       contract.company_id,
                       contract.user_id,
                       contract.date_start AS contract_start,
                       contract.date_end AS contract_end,
                       series.n + 1 AS year_number,
                       (contract.date_start + make_interval(years => series.n))::date AS date_from,
                       LEAST(
                           (contract.date_start + make_interval(years => series.n + 1))::date - 1,
                           contract.date_end
                       ) AS date_to
                  FROM service_contract contract
                 CROSS JOIN LATERAL generate_series(
                           0, EXTRACT(YEAR FROM age(contract.date_end, contract.date_start))::int + 1
                       ) AS series(n)
                 WHERE (contract.date_start + make_interval(years => series.n))::date <= contract.date_end
            ),
            -- An invoice billing several periods counts once, in the year of the first.
            invoice AS NOT MATERIALIZED (
                SELECT period.contract_id, period.move_id, MIN(period.period_start) AS fact_date
                  FROM service_contract_invoice_period period
                  JOIN account_move move ON move.id = period.move_id
                 WHERE move.state = 'posted' AND move.move_type = 'out_invoice'
                 GROUP BY period.contract_id, period.move_id
            ),
            fact AS (
                SELECT invoice.contract_id, invoice.fact_date,
                       move.amount_untaxed_signed AS revenue,
                       0.0 AS cost_time, 0.0 AS cost_travel, 0.0 AS cost_parts,
                       0 AS visits_owed, 0 AS visits_done
                  FROM invoice
                  JOIN account_move move ON move.id = invoice.move_id
                 UNION ALL
                -- Credit notes are negative in the company's currency.
                SELECT invoice.contract_id, invoice.fact_date,
                       refund.amount_untaxed_signed,
                       0.0, 0.0, 0.0, 0, 0
                  FROM invoice
                  JOIN account_move refund ON refund.reversed_entry_id = invoice.move_id
                 WHERE refund.state = 'posted' AND refund.move_type = 'out_refund'
                 UNION ALL
                SELECT request.contract_id, appointment.date_start::date,
                       0.0, appointment.cost_time, appointment.cost_travel, appointment.cost_parts,
                       0, 0
                  FROM intervention_appointment appointment
                  JOIN intervention_request request ON request.id = appointment.request_id
                 WHERE appointment.state = 'done' AND request.contract_id IS NOT NULL
                 UNION ALL
                SELECT request.contract_id, request.contract_visit_date,
                       0.0, 0.0, 0.0, 0.0,
                       1,
                       (request.state = 'done' OR EXISTS (
                           SELECT 1
                             FROM intervention_appointment appointment
                            WHERE appointment.request_id = request.id AND appointment.state = 'done'
                       ))::int
                  FROM intervention_request request
                 WHERE request.contract_id IS NOT NULL
                   AND request.contract_visit_date IS NOT NULL
                   AND request.state != 'cancelled'
            ),
            year_total AS (
                SELECT contract_year.contract_id,
                       contract_year.partner_id,
                       contract_year.company_id,
                       company.currency_id,
                       contract_year.user_id,
                       contract_year.year_number,
                       contract_year.date_from,
                       contract_year.date_to,
                       contract_year.date_to = contract_year.contract_end AS is_last_year,
                       COALESCE(SUM(fact.revenue), 0) AS revenue,
                       COALESCE(SUM(fact.cost_time), 0) AS cost_time,
                       COALESCE(SUM(fact.cost_travel), 0) AS cost_travel,
                       COALESCE(SUM(fact.cost_parts), 0) AS cost_parts,
                       COALESCE(SUM(fact.visits_owed), 0) AS visits_owed,
                       COALESCE(SUM(fact.visits_done), 0) AS visits_done
                  FROM contract_year
                  JOIN res_company company ON company.id = contract_year.company_id
                  -- Before the start or after the end: in the first or the last year.
                  LEFT JOIN fact
                         ON fact.contract_id = contract_year.contract_id
                        AND GREATEST(contract_year.contract_start,
                                     LEAST(contract_year.contract_end, fact.fact_date))
                            BETWEEN contract_year.date_from AND contract_year.date_to
                 GROUP BY contract_year.contract_id, contract_year.partner_id, contract_year.company_id,
                          company.currency_id, contract_year.user_id, contract_year.year_number,
                          contract_year.date_from, contract_year.date_to, contract_year.contract_end
            )
            -- Dates end in year 9999: fewer than 10,000 years a contract.
            SELECT year_total.contract_id::bigint * 10000 + year_total.year_number AS id,
                   year_total.*,
                   year_total.cost_time + year_total.cost_travel + year_total.cost_parts AS cost,
                   year_total.revenue - year_total.cost_time - year_total.cost_travel - year_total.cost_parts
                       AS margin,
                   CASE WHEN year_total.revenue != 0
                        THEN 100.0 * (year_total.revenue - year_total.cost_time - year_total.cost_travel
                                      - year_total.cost_parts) / year_total.revenue
                        ELSE 0 END AS margin_percent
              FROM year_total
            """
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        # The margin % of a group is its margin over its revenue, not the mean of its rows'.
        if aggregate_spec.split(":")[0] == "margin_percent":
            revenue = self._field_to_sql(self._table, "revenue", query)
            margin = self._field_to_sql(self._table, "margin", query)
            return SQL(
                "CASE WHEN SUM(%s) != 0 THEN 100.0 * SUM(%s) / SUM(%s) ELSE 0 END",
                revenue,
                margin,
                revenue,
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _get_current_year_domain(self, today):
        """The rows of the contract years running at ``today``, and of the last year of the
        contracts over by then: one row per contract started."""
        return [("date_from", "<=", today), "|", ("date_to", ">=", today), ("is_last_year", "=", True)]
