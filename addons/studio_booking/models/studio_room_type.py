from odoo import fields, models


class StudioRoomType(models.Model):
    _name = "studio.room.type"
    _description = "Studio Room Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    outdoor = fields.Boolean(help="An outdoor location rather than a room.")
    company_id = fields.Many2one("res.company", string="Store")
    active = fields.Boolean(default=True)
