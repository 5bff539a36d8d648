from odoo import api, fields, models

ART_GROUPS = (
    "artwork_provenance.group_art_registrar,artwork_provenance.group_art_sales,artwork_provenance.group_art_finance,"
    "artwork_provenance.group_art_manager,artwork_provenance.group_art_director,artwork_provenance.group_art_legal"
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_artist = fields.Boolean(string="Is an Artist", index=True)
    artist_birth_year = fields.Integer(string="Year of Birth")
    artist_death_year = fields.Integer(string="Year of Death")
    artist_nationality_id = fields.Many2one("res.country", string="Nationality")
    art_public_name = fields.Boolean(
        string="Name Shown on Public Pages",
        help="If set, this owner's name may appear on the public verification page of an artwork.",
    )
    # read from art.artwork: for the gallery's roles only (a partner read by a shop's or a studio's user,
    # or by Odoo's own apps, leaves them out instead of failing)
    artwork_ids = fields.One2many("art.artwork", "artist_id", string="Artworks", groups=ART_GROUPS)
    artwork_count = fields.Integer(compute="_compute_artwork_count", groups=ART_GROUPS)

    _artist_years_check = models.Constraint(
        "CHECK(artist_death_year IS NULL OR artist_death_year = 0 OR artist_birth_year IS NULL "
        "OR artist_birth_year = 0 OR artist_death_year >= artist_birth_year)",
        "An artist cannot die before being born.",
    )

    @api.depends("artwork_ids")
    def _compute_artwork_count(self):
        counts = dict(self.env["art.artwork"]._read_group([("artist_id", "in", self.ids)], ["artist_id"], ["__count"]))
        for partner in self:
            partner.artwork_count = counts.get(partner, 0)

    def action_view_artworks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("artwork_provenance.art_artwork_action")
        action["domain"] = [("artist_id", "=", self.id)]
        action["context"] = {"default_artist_id": self.id}
        return action
