from odoo import Command, fields
from odoo.tests import tagged

from .common import ArtworkCommon


@tagged("post_install", "-at_install")
class TestLandedCosts(ArtworkCommon):
    """Capitalisable extra costs become landed costs on the artwork's receipt (its stock value)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shipper = cls.env["res.partner"].create({"name": "Test Fine Art Shipping"})
        cls.expense_account = cls.env["account.account"].search(
            [("account_type", "=", "expense"), ("company_ids", "in", cls.company.id)], limit=1
        )

    @classmethod
    def _extra_bill(cls, artwork, *costs):
        bill = cls.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": cls.shipper.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": f"Test {cost_type}",
                            "quantity": 1,
                            "price_unit": amount,
                            "account_id": cls.expense_account.id,
                            "tax_ids": [Command.clear()],
                            "art_artwork_id": artwork.id,
                            "art_cost_type": cost_type,
                        }
                    )
                    for cost_type, amount in costs
                ],
            }
        )
        bill.action_post()
        return bill

    @staticmethod
    def _receipt_move(artwork):
        return artwork._art_valued_receipt_move()

    def test_capitalised_costs_enter_the_stock_value_of_the_artwork(self):
        art = self._stocked_artwork(list_price=90000)
        receipt = self._receipt_move(art)
        self.assertAlmostEqual(receipt.value, 80000)
        bill = self._extra_bill(art, ("shipping", 3000), ("customs", 2000), ("insurance", 1500))
        landed = self.env["stock.landed.cost"].search([("vendor_bill_id", "=", bill.id)])
        self.assertEqual(len(landed), 1)
        self.assertEqual(landed.state, "done")
        self.assertEqual(landed.art_artwork_id, art)
        self.assertAlmostEqual(landed.amount_total, 5000)
        shipping, customs, insurance = bill.invoice_line_ids.sorted("id")
        self.assertEqual(shipping.art_landed_cost_id, landed)
        self.assertEqual(customs.art_landed_cost_id, landed)
        self.assertFalse(insurance.art_landed_cost_id, "insurance is an expense, not part of the stock value")
        receipt.invalidate_recordset(["value"])
        self.assertAlmostEqual(receipt.value, 85000)
        art.product_id.invalidate_recordset(["total_value"])
        self.assertAlmostEqual(art.product_id.total_value, 85000)
        # the artwork's complete cost still counts every extra cost, expensed or capitalised
        self.assertAlmostEqual(art.with_user(self.finance).extra_cost, 6500)
        # posting twice (reset to draft and post again) does not capitalise twice
        bill.button_draft()
        bill.action_post()
        self.assertEqual(self.env["stock.landed.cost"].search_count([("vendor_bill_id", "=", bill.id)]), 1)

    def test_landed_cost_revalues_only_its_artwork_in_a_shared_receipt(self):
        first, second = self._artwork(name="Test Left Panel"), self._artwork(name="Test Right Panel")
        for art in first | second:
            self._approve(art)
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create({"product_id": art.product_id.id, "product_qty": 1, "price_unit": 40000})
                    for art in first | second
                ],
            }
        )
        order.button_confirm()
        picking = order.picking_ids
        for move in picking.move_ids:
            art = first if move.product_id == first.product_id else second
            move.move_line_ids.lot_id = art.lot_id
            move.picked = True
        picking.with_context(skip_backorder=True).button_validate()
        self._extra_bill(first, ("restoration", 7000))
        self.assertAlmostEqual(self._receipt_move(first).value, 47000)
        self.assertAlmostEqual(self._receipt_move(second).value, 40000)

    def test_artwork_without_receipt_keeps_costs_as_expenses(self):
        art = self._artwork(name="Test Unreceived Scroll")
        bill = self._extra_bill(art, ("framing", 1200))
        self.assertFalse(bill.invoice_line_ids.art_landed_cost_id)
        self.assertFalse(self.env["stock.landed.cost"].search([("vendor_bill_id", "=", bill.id)]))
        self.assertIn("kept as expenses", art.message_ids[0].body)
