from odoo import api, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    @api.model
    def _art_transfer(
        self, artworks, destination, picking_type, origin=False, partner=False, owner=False, source=False
    ):
        """Move these artworks (one serial each) to ``destination`` in one done transfer.

        The source is each artwork's current location unless ``source`` is given (a receipt).
        Returns the picking, so the move history shows who moved what, when, from where to where.
        """
        sources = {art: source or art.location_id for art in artworks}
        first_source = next(iter(sources.values()))
        picking = self.sudo().create(
            {
                "picking_type_id": picking_type.id,
                "location_id": first_source.id,
                "location_dest_id": destination.id,
                "origin": origin,
                "partner_id": partner.id if partner else False,
                "owner_id": owner.id if owner else False,
                "company_id": artworks[:1].company_id.id,
                "user_id": self.env.user.id,
            }
        )
        Move = self.env["stock.move"].sudo()
        for art, src in sources.items():
            move = Move.create(
                {
                    "picking_id": picking.id,
                    "product_id": art.product_id.id,
                    "product_uom_qty": 1.0,
                    "product_uom": art.product_id.uom_id.id,
                    "location_id": src.id,
                    "location_dest_id": destination.id,
                    "company_id": art.company_id.id,
                    "origin": origin,
                }
            )
            move._action_confirm()
            move._action_assign()
            move.move_line_ids.unlink()
            self.env["stock.move.line"].sudo().create(
                {
                    "move_id": move.id,
                    "picking_id": picking.id,
                    "product_id": art.product_id.id,
                    "product_uom_id": art.product_id.uom_id.id,
                    "lot_id": art.lot_id.id,
                    "quantity": 1.0,
                    "location_id": src.id,
                    "location_dest_id": destination.id,
                    "owner_id": owner.id if owner else (art.holder_id.id or False),
                    "company_id": art.company_id.id,
                }
            )
            move.picked = True
        picking.move_ids._action_done()
        return picking
