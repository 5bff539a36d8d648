from odoo import api, fields, models


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

    @api.model_create_multi
    def create(self, vals_list):
        images = super().create(vals_list)
        images.artwork_id._art_check_images_editable()
        return images

    def write(self, vals):
        self.artwork_id._art_check_images_editable()
        res = super().write(vals)
        if "artwork_id" in vals:
            self.artwork_id._art_check_images_editable()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved_artwork(self):
        self.artwork_id._art_check_images_editable()
