from odoo import api, fields, models

from odoo.addons.artwork_provenance.models.res_partner import ART_GROUPS

ARTWORK_ROLES = [
    ("discussed", "Discussed"),
    ("shown", "Shown"),
    ("offered", "Offered"),
    ("asked", "Asked about"),
]


class CustomerInteraction(models.Model):
    _inherit = "customer.interaction"

    artwork_ids = fields.Many2many(
        "art.artwork",
        "collector_interaction_artwork_rel",
        "interaction_id",
        "artwork_id",
        string="Artworks",
        help="The artworks discussed, shown or offered during this interaction.",
        # the interactions are customer_core's, read by every line: the artworks by the gallery's roles only
        groups=ART_GROUPS,
    )
    artwork_role = fields.Selection(ARTWORK_ROLES, string="Artworks were")

    @api.model_create_multi
    def create(self, vals_list):
        interactions = super().create(vals_list)
        # the artworks are the gallery's (groups=): a studio's or a shop's user logs interactions too
        for interaction in interactions.sudo():
            if interaction.res_model == "art.artwork" and interaction.res_id:
                artwork = self.env["art.artwork"].sudo().browse(interaction.res_id).exists()
                if artwork and artwork not in interaction.artwork_ids:
                    interaction.artwork_ids = [fields.Command.link(artwork.id)]
        interactions._collector_update_matches()
        return interactions

    def write(self, vals):
        res = super().write(vals)
        if "artwork_ids" in vals or "artwork_role" in vals:
            self._collector_update_matches()
        return res

    def _collector_update_matches(self):
        """An artwork shown or offered to a collector moves its match to "shown"."""
        for interaction in self.sudo().filtered(lambda i: i.artwork_ids and i.artwork_role in ("shown", "offered")):
            matches = (
                self.env["collector.match"]
                .sudo()
                .search(
                    [
                        ("partner_id", "=", interaction.partner_id.id),
                        ("artwork_id", "in", interaction.artwork_ids.ids),
                        ("state", "=", "matched"),
                    ]
                )
            )
            matches.write({"state": "shown"})
