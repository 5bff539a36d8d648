from odoo import api, fields, models
from odoo.exceptions import UserError


class ArtExhibition(models.Model):
    _name = "art.exhibition"
    _description = "Exhibition"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(string="Title", required=True, translate=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    venue = fields.Char(required=True, tracking=True)
    venue_partner_id = fields.Many2one("res.partner", string="Venue (Contact)")
    city = fields.Char()
    curator_id = fields.Many2one("res.partner")
    user_id = fields.Many2one("res.users", string="Responsible", default=lambda self: self.env.user)
    date_start = fields.Date(string="Opening", required=True, tracking=True)
    date_end = fields.Date(string="Closing", required=True, tracking=True)
    state = fields.Selection(
        [("planned", "Planned"), ("confirmed", "Confirmed"), ("closed", "Closed"), ("cancel", "Cancelled")],
        default="planned",
        required=True,
        tracking=True,
        index=True,
    )
    description = fields.Html(translate=True)
    catalogue_title = fields.Char(translate=True)
    line_ids = fields.One2many("art.exhibition.line", "exhibition_id", string="Artworks", copy=True)
    artwork_count = fields.Integer(compute="_compute_artwork_count")
    color = fields.Integer()

    _dates_check = models.Constraint("CHECK(date_end >= date_start)", "An exhibition cannot close before it opens.")

    @api.depends("line_ids")
    def _compute_artwork_count(self):
        for exhibition in self:
            exhibition.artwork_count = len(exhibition.line_ids)

    def action_confirm(self):
        """Confirming an exhibition writes an "exhibited" entry into each artwork's provenance chain."""
        for exhibition in self:
            if not exhibition.line_ids:
                raise UserError(self.env._("Add at least one artwork to %(name)s.", name=exhibition.name))
            exhibition._append_provenance()
        self.write({"state": "confirmed"})

    def _append_provenance(self):
        self.ensure_one()
        Entry = self.env["art.provenance.entry"].sudo()
        done = set(Entry.search([("exhibition_id", "=", self.id)]).artwork_id.ids)
        vals_list = []
        for line in self.line_ids.filtered(lambda ln: ln.artwork_id.id not in done):
            text = self.name
            if line.catalogue_number:
                text = self.env._(
                    "%(exhibition)s, cat. no. %(number)s", exhibition=self.name, number=line.catalogue_number
                )
            vals_list.append(
                {
                    "artwork_id": line.artwork_id.id,
                    "event_type": "exhibited",
                    "date": self.date_start,
                    "date_end": self.date_end,
                    "place": ", ".join(p for p in (self.venue, self.city) if p),
                    "description": text,
                    "source_document": self.catalogue_title or False,
                    "exhibition_id": self.id,
                }
            )
        Entry.create(vals_list)

    def action_close(self):
        self.write({"state": "closed"})

    def action_cancel(self):
        self.write({"state": "cancel"})

    def action_reset(self):
        self.write({"state": "planned"})


class ArtExhibitionLine(models.Model):
    _name = "art.exhibition.line"
    _description = "Exhibited Artwork"
    _order = "exhibition_id, sequence, id"

    exhibition_id = fields.Many2one("art.exhibition", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="exhibition_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    artwork_id = fields.Many2one("art.artwork", required=True, index=True, ondelete="restrict")
    artist_id = fields.Many2one(related="artwork_id.artist_id")
    image_128 = fields.Image(related="artwork_id.image_128")
    catalogue_number = fields.Char(string="Cat. No.")
    catalogue_text = fields.Text(string="Catalogue Entry", translate=True)
    date_start = fields.Date(related="exhibition_id.date_start", store=True)
    date_end = fields.Date(related="exhibition_id.date_end", store=True)

    _artwork_uniq = models.Constraint(
        "UNIQUE(exhibition_id, artwork_id)",
        "An artwork is listed once per exhibition.",
    )
