from odoo import api, fields, models
from odoo.exceptions import ValidationError

COST_TYPES = [
    ("purchase", "Purchase"),
    ("restoration", "Restoration"),
    ("framing", "Framing"),
    ("insurance", "Insurance"),
    ("shipping", "Shipping"),
    ("customs", "Customs and Duties"),
    ("other", "Other"),
]

# extra costs that belong to the artwork's stock value (landed costs on its receipt); the others
# (insurance, other) stay expenses of the period
CAPITALISED_COST_TYPES = ("restoration", "framing", "shipping", "customs")


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    art_artwork_id = fields.Many2one(
        "art.artwork",
        string="Artwork",
        index="btree_not_null",
        ondelete="restrict",
        help="Book this vendor bill line as an extra cost of the artwork.",
    )
    art_cost_type = fields.Selection(COST_TYPES, string="Artwork Cost Type")
    art_landed_cost_id = fields.Many2one(
        "stock.landed.cost",
        string="Artwork Landed Cost",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The landed cost that added this line to the stock value of the artwork.",
    )

    @api.constrains("art_artwork_id", "art_cost_type")
    def _check_art_cost_type(self):
        for line in self:
            if line.art_artwork_id and not line.art_cost_type:
                raise ValidationError(
                    self.env._(
                        "Choose the cost type of the line booked against %(title)s.", title=line.art_artwork_id.name
                    )
                )

    @api.onchange("art_artwork_id")
    def _onchange_art_artwork_id(self):
        if self.art_artwork_id and not self.art_cost_type:
            self.art_cost_type = "other"
