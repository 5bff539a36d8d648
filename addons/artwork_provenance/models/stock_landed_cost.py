from odoo import fields, models


class StockLandedCost(models.Model):
    _inherit = "stock.landed.cost"

    art_artwork_id = fields.Many2one(
        "art.artwork",
        string="Artwork",
        index="btree_not_null",
        readonly=True,
        help="Landed cost of one artwork: only the move of its serial number is revalued.",
    )

    def _get_targeted_move_ids(self):
        moves = super()._get_targeted_move_ids()
        if not self.art_artwork_id:
            return moves
        lots = self.art_artwork_id.lot_id
        return moves.filtered(lambda move: move.move_line_ids.lot_id & lots)
