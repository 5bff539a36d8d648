from odoo import Command, fields, models

from odoo.addons.artwork_provenance.models.res_partner import ART_GROUPS

from ..models.customer_interaction import ARTWORK_ROLES


class CustomerInteractionLog(models.TransientModel):
    """The log-interaction dialog takes the artworks discussed, shown or offered (gallery roles only)."""

    _inherit = "customer.interaction.log"

    artwork_ids = fields.Many2many(
        "art.artwork",
        "collector_interaction_log_artwork_rel",
        "wizard_id",
        "artwork_id",
        string="Artworks",
        help="The artworks discussed, shown or offered during this interaction.",
        groups=ART_GROUPS,
    )
    artwork_role = fields.Selection(ARTWORK_ROLES, string="Artworks were", default="discussed", groups=ART_GROUPS)

    def action_log(self):
        result = super().action_log()
        if not self.env.user.has_groups(ART_GROUPS):
            # a salesperson of another line logs the same dialog without the gallery's fields
            return result
        artworks = self.artwork_ids
        interaction_id = (result.get("infos") or {}).get("interaction_id")
        if artworks and interaction_id:
            interaction = self.env["customer.interaction"].browse(interaction_id)
            interaction.write(
                {
                    "artwork_ids": [Command.link(artwork.id) for artwork in artworks],
                    "artwork_role": self.artwork_role or "discussed",
                }
            )
        return result
