from odoo import fields, models


class InterventionTask(models.Model):
    _name = "intervention.task"
    _description = "Intervention Task"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    technician_ids = fields.Many2many(
        "res.users",
        string="Qualified Technicians",
        domain=lambda self: self._domain_technician_ids(),
        help="Technicians allowed to do this task. Leave empty when anybody may do it.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Service Product",
        check_company=True,
        domain="[('type', '=', 'service')]",
        help="Service product used to bill this task.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    description = fields.Html()

    _code_company_uniq = models.Constraint(
        "unique(code, company_id)",
        "A task with this code already exists in this company.",
    )

    def _domain_technician_ids(self):
        group = self.env.ref(
            "field_intervention.group_intervention_technician",
            raise_if_not_found=False,
        )
        return [("share", "=", False)] + ([("all_group_ids", "in", group.ids)] if group else [])
