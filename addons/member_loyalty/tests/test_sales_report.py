from odoo import Command
from odoo.tests import tagged

from .common import MemberLoyaltyCommon


@tagged("post_install", "-at_install")
class TestSalesReport(MemberLoyaltyCommon):
    def test_member_share_and_new_buyers_match_the_invoices(self):
        walk_in = self.env["res.partner"].create({"name": "散客"})
        paid = self._paid_invoice(self.member, [(self.product_frame, 300)])
        other = self._paid_invoice(walk_in, [(self.product_frame, 200)])
        unpaid = self._paid_invoice(self.member, [(self.product_frame, 999)], pay=False)
        refund = self._refund(paid, [(self.product_frame, 100)])
        moves = paid | other | unpaid | refund
        self.env.flush_all()
        Report = self.env["member.sales.report"]
        rows = Report._read_group([("move_id", "in", moves.ids)], ["is_member"], ["amount:sum", "order_count:sum"])
        figures = {is_member: (amount, count) for is_member, amount, count in rows}
        self.assertEqual(figures[True], (200.0, 1))
        self.assertEqual(figures[False], (200.0, 1))
        self.assertFalse(Report.search([("move_id", "=", unpaid.id)]))
        self.assertEqual(Report.search([("move_id", "=", paid.id)]).buyer_type, "new")
        # the same figure straight from the invoices
        self.env.cr.execute(
            "SELECT SUM(m.amount_untaxed_signed) FROM account_move m "
            "LEFT JOIN account_move inv ON inv.id = m.reversed_entry_id WHERE m.id = ANY(%s) "
            "AND COALESCE(inv.payment_state, m.payment_state) IN ('paid', 'in_payment', 'reversed')",
            [moves.ids],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 400)

    def test_refunds_count_once_money_went_back_or_against_a_counted_invoice(self):
        walk_in = self.env["res.partner"].create({"name": "散客 退货"})
        # a credit note of an unpaid invoice is no sale taken back (the demo's negative sales)
        unpaid = self._paid_invoice(walk_in, [(self.product_frame, 500)], pay=False)
        unpaid_refund = self._refund(unpaid, [(self.product_frame, 200)])
        self.assertEqual((unpaid.payment_state, unpaid_refund.payment_state), ("partial", "paid"))
        standalone = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": walk_in.id,
                "invoice_date": unpaid.invoice_date,
                "invoice_line_ids": [
                    Command.create({"product_id": self.product_frame.id, "price_unit": 80, "tax_ids": False})
                ],
            }
        )
        standalone.action_post()
        self.assertEqual(standalone.payment_state, "not_paid")
        # an invoice cancelled by its credit note (reconciled): nets to nothing, no order
        cancelled = self._paid_invoice(walk_in, [(self.product_frame, 300)], pay=False)
        reversal = cancelled._reverse_moves(cancel=True)
        self.assertEqual((cancelled.payment_state, reversal.payment_state), ("reversed", "paid"))
        moves = unpaid | unpaid_refund | standalone | cancelled | reversal
        self.env.flush_all()
        Report = self.env["member.sales.report"]
        self.assertEqual(Report.search([("move_id", "in", moves.ids)]).move_id, cancelled | reversal)
        [(amount, orders)] = Report._read_group([("move_id", "in", moves.ids)], [], ["amount:sum", "order_count:sum"])
        self.assertEqual((amount, orders), (0.0, 0))
