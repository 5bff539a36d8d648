from odoo import fields, models


class ArtArtworkImage(models.Model):
    _name = "art.artwork.image"
    _description = "Artwork Image or Video"
    _inherit = ["image.mixin"]
    _order = "sequence, id"

    name = fields.Char(string="Caption", translate=True)
    sequence = fields.Integer(default=10)
    artwork_id = fields.Many2one("art.artwork", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="artwork_id.company_id", store=True, index=True)
    video_url = fields.Char(string="Video Link")
