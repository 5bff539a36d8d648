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
            "SELECT SUM(amount_untaxed_signed) FROM account_move WHERE id = ANY(%s) "
            "AND (move_type = 'out_refund' OR payment_state IN ('paid', 'in_payment'))",
            [moves.ids],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 400)
