from odoo import Command, models

from .account_move_line import CAPITALISED_COST_TYPES


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._art_capitalise_extra_costs()
        return posted

    def _art_capitalise_extra_costs(self):
        """Restoration, framing, shipping and customs booked on a vendor bill against an artwork
        become a landed cost on the artwork's receipt, so that the stock value of its serial includes them.

        One validated landed cost per bill and artwork, restricted to that artwork's move (a receipt may
        hold several artworks). An artwork never received from a vendor (or not ours: consigned, borrowed)
        has no valued receipt: the cost stays an expense and the artwork's chatter says so.
        """
        lines = self.filtered(lambda m: m.move_type == "in_invoice").invoice_line_ids.filtered(
            lambda line: (
                line.art_artwork_id
                and line.art_cost_type in CAPITALISED_COST_TYPES
                and not line.art_landed_cost_id
                and not line.company_currency_id.is_zero(line.balance)
            )
        )
        if not lines:
            return
        product = self.env.ref("artwork_provenance.product_artwork_landed_cost").sudo()
        LandedCost = self.env["stock.landed.cost"].sudo()
        for (bill, artwork), art_lines in lines.grouped(lambda line: (line.move_id, line.art_artwork_id)).items():
            receipt = artwork.sudo()._art_valued_receipt_move()
            if not receipt:
                artwork.message_post(
                    body=self.env._(
                        "%(bill)s: extra costs kept as expenses, %(title)s has no valued receipt from a vendor.",
                        bill=bill.display_name,
                        title=artwork.name,
                    )
                )
                continue
            landed_cost = LandedCost.with_company(bill.company_id).create(
                {
                    "date": bill.date,
                    "vendor_bill_id": bill.id,
                    "art_artwork_id": artwork.id,
                    "picking_ids": [Command.set(receipt.picking_id.ids)],
                    "company_id": bill.company_id.id,
                    "cost_lines": [
                        Command.create(
                            {
                                "name": line.name or product.name,
                                "product_id": product.id,
                                "price_unit": line.balance,
                                "split_method": "equal",
                                "account_id": line.account_id.id,
                            }
                        )
                        for line in art_lines
                    ],
                }
            )
            landed_cost.button_validate()
            art_lines.sudo().art_landed_cost_id = landed_cost
