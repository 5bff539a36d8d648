from odoo import fields, models


class ArtCategory(models.Model):
    _name = "art.category"
    _description = "Artwork Category"
    _parent_store = True
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    parent_id = fields.Many2one("art.category", string="Parent Category", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
