from odoo import api, fields, models


class ArtLabelSheet(models.Model):
    _name = "art.label.sheet"
    _description = "Artwork Label Sheet"
    _order = "id desc"

    name = fields.Char(required=True, default=lambda self: self.env._("Labels %(date)s", date=fields.Date.today()))
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    artwork_ids = fields.Many2many("art.artwork", string="Artworks", required=True)
    columns = fields.Selection([("2", "2 per row"), ("3", "3 per row")], default="3", required=True)
    label_count = fields.Integer(compute="_compute_label_count")

    @api.depends("artwork_ids")
    def _compute_label_count(self):
        for sheet in self:
            sheet.label_count = len(sheet.artwork_ids)

    def _rows(self):
        """The artworks of the sheet cut into rows of ``columns`` labels."""
        self.ensure_one()
        size = int(self.columns)
        arts = self.artwork_ids
        return [arts[i : i + size] for i in range(0, len(arts), size)]

    def _qr_src(self, artwork):
        """QR code of the artwork's public page, inline (wkhtmltopdf fetches nothing)."""
        return artwork._qr_src()

    def action_print(self):
        self.ensure_one()
        action = self.env.ref("artwork_provenance.action_report_art_labels").report_action(self)
        action["close_on_report_download"] = True
        return action
