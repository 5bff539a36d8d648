from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves._art_append_provenance()
        return moves

    def _art_append_provenance(self):
        """A done delivery of a sale or receipt of a purchase appends its provenance entry by itself."""
        done = self.filtered(lambda m: m.state == "done" and m.product_id)
        lots = done.move_line_ids.lot_id
        if not lots:
            return
        Artwork = self.env["art.artwork"].sudo()
        artworks = {art.lot_id: art for art in Artwork.search([("lot_id", "in", lots.ids)])}
        if not artworks:
            return
        vals_list = []
        for move in done:
            sale_line = move.sale_line_id if "sale_line_id" in move._fields else False
            purchase_line = move.purchase_line_id if "purchase_line_id" in move._fields else False
            for ml in move.move_line_ids:
                art = artworks.get(ml.lot_id)
                if not art:
                    continue
                date = (ml.date or move.date).date()
                if sale_line and move.location_dest_id.usage == "customer":
                    order = sale_line.order_id
                    vals_list.append(
                        {
                            "artwork_id": art.id,
                            "event_type": "sold",
                            "date": date,
                            "owner_id": order.partner_id.commercial_partner_id.id,
                            "description": self.env._("Sold by %(company)s", company=order.company_id.name),
                            "source_document": order.name,
                            "sale_order_id": order.id,
                        }
                    )
                elif purchase_line and move.location_id.usage == "supplier":
                    order = purchase_line.order_id
                    vals_list.append(
                        {
                            "artwork_id": art.id,
                            "event_type": "acquired",
                            "date": date,
                            "owner_id": order.company_id.partner_id.id,
                            "description": self.env._("Acquired from %(vendor)s", vendor=order.partner_id.name),
                            "source_document": order.partner_ref or order.name,
                            "purchase_order_id": order.id,
                        }
                    )
        if vals_list:
            self.env["art.provenance.entry"].sudo().create(vals_list)
