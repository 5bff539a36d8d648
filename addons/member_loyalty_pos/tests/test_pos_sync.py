import psycopg2

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MemberPosCommon


@tagged("post_install", "-at_install")
class TestPosSync(MemberPosCommon):
    """#18: a paid till order synced by store A's cashier (sync_from_ui) posts to the member's
    ledger on the server: points earned, points redeemed, stored value paid and given back on a
    refund; an order synced twice posts once."""

    def _topup(self, member, amount):
        member.member_wallet_id.with_user(self.cashier_a).with_company(self.store_a)._member_wallet_topup(
            amount, self.cash_journal
        )

    def test_member_programs_are_not_loaded_in_the_till(self):
        programs = self.config.with_user(self.pos_cashier)._get_program_ids()
        self.assertNotIn(self.program, programs)
        self.assertNotIn(self.wallet_program, programs)

    def test_earn_points_from_the_paid_order(self):
        card = self.member_a.member_card_id
        before = card.points
        data = self._order_data(
            [(self.product_art, 1, 100.0), (self.product_frame, 2, 50.0)],
            [(self.cash_method, 200.0)],
            partner=self.member_a,
        )
        order = self._sync(data)
        self.assertEqual(order.state, "paid")
        entries = self._entries(data["uuid"])
        self.assertEqual(entries.mapped("member_move_type"), ["earn"])
        # art prints earn 2 points a yuan, frames 1 (the member program's rules)
        self.assertEqual(entries.issued, 300)
        self.assertEqual(entries.spend_amount, 200)
        self.assertEqual(entries.store_id, self.store_a)
        self.assertEqual(card.points, before + 300)
        self.assertEqual(card.points, self._ledger_sum(card))
        self.assertEqual(order.member_points_earned, 300)

    def test_order_synced_twice_posts_once(self):
        card = self.member_a.member_card_id
        before = card.points
        data = self._order_data([(self.product_frame, 1, 80.0)], [(self.cash_method, 80.0)], partner=self.member_a)
        order = self._sync(data)
        # the till was offline: it sends the same order again, later
        again = self._sync(dict(data, lines=list(data["lines"]), payment_ids=list(data["payment_ids"])))
        self.assertEqual(again, order)
        order._member_pos_post()
        self.assertEqual(len(self._entries(data["uuid"])), 1)
        self.assertEqual(card.points, before + 80)
        # and the database refuses a second posting whatever code tries it
        entry = self._entries(data["uuid"])
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation), self.env.cr.savepoint():
            self.env.cr.execute(
                "INSERT INTO loyalty_history (card_id, description, issued, used, member_ledger, member_move_type,"
                " pos_order_uuid) VALUES (%s, 'again', 1, 0, TRUE, 'earn', %s)",
                [entry.card_id.id, data["uuid"]],
            )

    def test_redeem_points_as_a_till_line(self):
        card = self.member_a.member_card_id
        before = card.points  # 500
        # 3.00 off: 300 points at 0.01 a point (the member program's reward)
        data = self._order_data(
            [(self.product_frame, 1, 100.0), (self.redeem_product, 1, -3.0)],
            [(self.cash_method, 97.0)],
            partner=self.member_a,
        )
        self._sync(data)
        entries = self._entries(data["uuid"])
        self.assertEqual(sorted(entries.mapped("member_move_type")), ["earn", "redeem"])
        self.assertEqual(entries.filtered(lambda e: e.member_move_type == "redeem").used, 300)
        # the redemption line earns nothing
        self.assertEqual(entries.filtered(lambda e: e.member_move_type == "earn").issued, 100)
        self.assertEqual(card.points, before - 300 + 100)

    def test_redeem_more_points_than_the_card_holds_is_refused(self):
        card = self.member_a.member_card_id
        before = card.points
        data = self._order_data(
            [(self.product_frame, 1, 100.0), (self.redeem_product, 1, -50.0)],
            [(self.cash_method, 50.0)],
            partner=self.member_a,
        )
        with self.assertRaisesRegex(UserError, "cannot be redeemed"), self.env.cr.savepoint():
            self._sync(data)
        self.assertFalse(self._entries(data["uuid"]))
        self.assertEqual(card.points, before)

    def test_pay_with_stored_value_and_refund(self):
        self._topup(self.member_a, 500)
        wallet = self.member_a.member_wallet_id
        card = self.member_a.member_card_id
        points_before = card.points
        data = self._order_data(
            [(self.product_art, 2, 100.0)],
            [(self.wallet_method, 150.0), (self.cash_method, 50.0)],
            partner=self.member_a,
        )
        order = self._sync(data)
        spend = self._entries(data["uuid"], wallet)
        self.assertEqual(spend.member_move_type, "spend")
        self.assertEqual(spend.used, 150)
        self.assertTrue(spend.account_move_id)
        self.assertEqual(wallet.points, 350)
        self.assertEqual(card.points, points_before + 400)
        self.assertEqual(order.member_balance_after, 350)

        # the customer brings one print back: 100 back, 50 of them to the stored value card
        refund = self._order_data(
            [(self.product_art, -1, 100.0)],
            [(self.wallet_method, -50.0), (self.cash_method, -50.0)],
            partner=self.member_a,
            refunded=order,
        )
        self._sync(refund)
        back = self._entries(refund["uuid"], wallet)
        self.assertEqual((back.member_move_type, back.issued), ("reversal", 50))
        self.assertEqual(wallet.points, 400)
        taken = self._entries(refund["uuid"], card)
        self.assertEqual((taken.member_move_type, taken.used, taken.spend_amount), ("reversal", 200, -100))
        self.assertEqual(card.points, points_before + 200)
        self.assertEqual(wallet.points, self._ledger_sum(wallet))
        self.assertEqual(card.points, self._ledger_sum(card))

    def test_stored_value_cannot_go_below_zero(self):
        self._topup(self.member_a, 100)
        wallet = self.member_a.member_wallet_id
        data = self._order_data([(self.product_art, 2, 100.0)], [(self.wallet_method, 200.0)], partner=self.member_a)
        with self.assertRaisesRegex(UserError, "cannot be spent"), self.env.cr.savepoint():
            self._sync(data)
        self.assertEqual(wallet.points, 100)
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", data["uuid"])]))

    def test_stored_value_needs_a_member(self):
        data = self._order_data([(self.product_frame, 1, 10.0)], [(self.wallet_method, 10.0)])
        with self.assertRaisesRegex(UserError, "choose the member first"), self.env.cr.savepoint():
            self._sync(data)

    def test_another_stores_member_must_be_found_at_the_counter_first(self):
        """Store B's member: the cashier of store A serves them once found by exact look-up."""
        self.member_b.member_wallet_id.with_user(self.cashier_b).with_company(self.store_b)._member_wallet_topup(
            100, self.cash_journal
        )
        data = self._order_data([(self.product_frame, 1, 10.0)], [(self.wallet_method, 10.0)], partner=self.member_b)
        with self.assertRaisesRegex(AccessError, "Find the member at the counter"), self.env.cr.savepoint():
            self._sync(dict(data))
        self._till()["res.partner"].member_pos_search("+86 139 1000 2002")
        self._sync(data)
        self.assertEqual(self.member_b.member_wallet_id.points, 90)

    def test_till_cannot_move_member_cards_through_pos_loyalty(self):
        """What a client sends to pos_loyalty about a member card is left out on the server."""
        card = self.member_a.member_card_id
        before = card.points
        data = self._order_data([(self.product_frame, 1, 10.0)], [(self.cash_method, 10.0)], partner=self.member_a)
        order = self._sync(data).with_env(self._till())
        order.confirm_coupon_programs(
            {str(card.id): {"points": 100000, "program_id": self.program.id, "coupon_id": card.id, "barcode": ""}}
        )
        self.assertEqual(card.points, before + 10)

    def test_invoiced_order_earns_once_and_counts_once_in_rfm(self):
        """A till order invoiced at the till: its points come from the order, never again from its
        invoice; the RFM counts it once (the ledger is the one source of a purchase)."""
        card = self.member_a.member_card_id
        before = card.points
        data = self._order_data([(self.product_frame, 1, 120.0)], [(self.cash_method, 120.0)], partner=self.member_a)
        data["to_invoice"] = True
        self.member_a.with_company(self.store_a).property_account_receivable_id = self.company_data[
            "default_account_receivable"
        ]
        order = self._sync(data)
        self.assertTrue(order.account_move)
        self.assertEqual(card.points, before + 120)
        self.assertFalse(self._engine()._post_points(move_ids=order.account_move.ids))
        self.assertEqual(card.points, before + 120)
        # and a second, uninvoiced order
        self._sync(self._order_data([(self.product_frame, 1, 30.0)], [(self.cash_method, 30.0)], partner=self.member_a))
        self._engine()._refresh_rfm(head_ids=self.head.ids)
        self.assertEqual(self.member_a.rfm_frequency, 2)
        self.assertEqual(self.member_a.rfm_score_id.monetary, 150)
