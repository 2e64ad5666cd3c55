from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.renewal_notice import DEFAULT_DAYS, MAX_DAYS, MIN_DAYS


class ResCompany(models.Model):
    _inherit = "res.company"

    renewal_notice_days = fields.Integer(
        string="Renewal Notice Sent",
        default=DEFAULT_DAYS,
        help="Days before the deadline to refuse the renewal at which consumers get the renewal "
        "notice (Code de la consommation, L215-1: between one and three months before it).",
    )

    @api.constrains("renewal_notice_days")
    def _check_renewal_notice_days(self):
        for company in self:
            if not MIN_DAYS <= company.renewal_notice_days <= MAX_DAYS:
                raise ValidationError(
                    self.env._(
                        "%(field)s: between %(min)s and %(max)s days before the deadline, so that the "
                        "notice is always sent between one and three months before it (L215-1).",
                        field=self._fields["renewal_notice_days"]._description_string(self.env),
                        min=MIN_DAYS,
                        max=MAX_DAYS,
                    )
                )
