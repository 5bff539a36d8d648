from odoo import fields, models


class ArtStyle(models.Model):
    _name = "art.style"
    _description = "Artwork Style"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
