from random import randint

from odoo import fields, models


class CollectorTag(models.Model):
    _name = "collector.tag"
    _description = "Collector Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: randint(1, 11))
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint("UNIQUE(name)", "A collector tag with this name already exists.")
