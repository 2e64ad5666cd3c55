from odoo import models
from odoo.exceptions import UserError


class BatchCompanyCheckMixin(models.AbstractModel):
    """Company checks of records created or written in batches (a contract's visits, an invoice
    run's lines): the records of a batch that share their company and the values of the
    company-checked fields pass or fail the check together, so one record of each such group is
    checked instead of every record."""

    _name = "batch.company.check.mixin"
    _description = "Company Check by Groups"

    def _check_company(self, fnames=None):
        if len(self) < 2:
            return super()._check_company(fnames)
        names = self._fields if fnames is None or {"company_id", "company_ids"} & set(fnames) else fnames
        checked = [
            name for name in names if self._fields[name].relational and self._fields[name].check_company
        ]
        if not checked:
            return None
        checked += [name for name in ("company_id", "company_ids") if name in self._fields]
        representatives = {}
        for record in self.sudo():
            representatives.setdefault(tuple(record[name]._ids for name in checked), record.id)
        if len(representatives) == len(self):
            return super()._check_company(fnames)
        try:
            super(BatchCompanyCheckMixin, self.browse(representatives.values()))._check_company(fnames)
        except UserError:
            # Check the whole batch: Odoo's message lists every inconsistent record.
            super()._check_company(fnames)
            raise
        return None
