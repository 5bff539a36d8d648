from odoo import fields, models


class ArtMedium(models.Model):
    _name = "art.medium"
    _description = "Artwork Medium"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
