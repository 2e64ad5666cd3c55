from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model
    def _next_by_code_batch(self, sequence_code, count):
        """``count`` numbers of the sequence ``next_by_code`` would use, in order.

        A standard sequence (a PostgreSQL sequence, gaps allowed) gives them in one query;
        a no-gap or date-range sequence draws them one by one as ``next_by_code`` does.
        Returns a list of False when no sequence has the code.
        """
        if count <= 0:
            return []
        self.browse().check_access("read")
        sequence = self.search(
            [("code", "=", sequence_code), ("company_id", "in", [self.env.company.id, False])],
            order="company_id",
            limit=1,
        )
        if not sequence:
            return [False] * count
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [self.next_by_code(sequence_code) for _index in range(count)]
        numbers = self.env.execute_query(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s) ORDER BY 1",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        # get_next_char() without interpolating the prefix and suffix again for every number.
        prefix, suffix = sequence.sudo()._get_prefix_suffix()
        return [f"{prefix}{number:0{sequence.padding}d}{suffix}" for (number,) in numbers]

    @api.model
    def _fill_names_by_company(self, vals_list, sequence_code):
        """Number the ``vals_list`` of a create whose name is missing or "New" from the sequence
        of each one's company: one batch per company."""
        new = self.env._("New")
        by_company = defaultdict(list)
        for vals in vals_list:
            if vals.get("name", new) == new:
                by_company[vals.get("company_id") or self.env.company.id].append(vals)
        for company_id, company_vals in by_company.items():
            numbers = self.with_company(company_id)._next_by_code_batch(sequence_code, len(company_vals))
            for vals, number in zip(company_vals, numbers, strict=True):
                vals["name"] = number or new
        return vals_list
