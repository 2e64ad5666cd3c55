from odoo import fields, models


class ServiceContractMonth(models.Model):
    _name = "service.contract.month"
    _description = "Service Contract Visit Month"
    _order = "number"

    name = fields.Char(required=True, translate=True)
    number = fields.Integer(required=True, help="Month number, 1 for January to 12 for December.")

    _number_uniq = models.Constraint("UNIQUE (number)", "Each month exists once.")
    _number_range = models.Constraint("CHECK (number BETWEEN 1 AND 12)", "A month number is 1 to 12.")
