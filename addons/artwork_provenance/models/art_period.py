from odoo import fields, models


class ArtPeriod(models.Model):
    _name = "art.period"
    _description = "Artwork Period"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    year_from = fields.Integer(string="From Year")
    year_to = fields.Integer(string="To Year")
