from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import MemberLoyaltyCommon


@tagged("post_install", "-at_install")
class TestPoints(MemberLoyaltyCommon):
    def test_paid_invoice_earns_by_category_and_tier(self):
        card = self.member.member_card_id
        unpaid = self._paid_invoice(self.member, [(self.product_art, 100)], pay=False)
        paid = self._paid_invoice(self.member, [(self.product_art, 100), (self.product_frame, 50.5)])
        self._engine()._post_points(move_ids=(unpaid | paid).ids)
        # art prints 2 points per yuan, the rest 1 point: floor(200 + 50.5) = 250
        self.assertEqual(card.points, 250)
        earn = card.history_ids.filtered(lambda h: h.member_move_type == "earn")
        self.assertEqual(earn.source_move_id, paid)
        self.assertEqual(earn.spend_amount, 150.5)
        self.assertTrue(earn.expiry_date)
        # posting again changes nothing
        self._engine()._post_points(move_ids=(unpaid | paid).ids)
        self.assertEqual(card.points, 250)
        # a silver member earns x1.5
        self.member.sudo().member_tier_id = self.tier_silver
        second = self._paid_invoice(self.member, [(self.product_frame, 100)])
        self._engine()._post_points(move_ids=second.ids)
        self.assertEqual(card.points, 400)
        # a product without category earns the default rate
        plain = self.env["product.product"].create({"name": "No category", "categ_id": False})
        third = self._paid_invoice(self.member, [(plain, 10)])
        self._engine()._post_points(move_ids=third.ids)
        self.assertEqual(card.points, 415)
        self.assertEqual(self._ledger_sum(card), card.points)

    def test_refund_takes_points_back(self):
        card = self.member.member_card_id
        invoice = self._paid_invoice(self.member, [(self.product_art, 300)])
        self._engine()._post_points(move_ids=invoice.ids)
        self.assertEqual(card.points, 600)
        refund = self._refund(invoice, [(self.product_art, 100)])
        self._engine()._post_points(move_ids=refund.ids)
        self.assertEqual(card.points, 400)
        reversal = card.history_ids.filtered(lambda h: h.member_move_type == "reversal")
        self.assertEqual(reversal.used, 200)
        self.assertEqual(reversal.spend_amount, -100)
        self.assertEqual(self._ledger_sum(card), card.points)

    def test_redeem_chosen_points_on_an_order_and_cancel_reverses(self):
        card = self.member.member_card_id
        invoice = self._paid_invoice(self.member, [(self.product_art, 500)])
        self._engine()._post_points(move_ids=invoice.ids)
        self.assertEqual(card.points, 1000)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.member.id,
                "order_line": [(0, 0, {"product_id": self.product_frame.id, "price_unit": 100})],
            }
        )
        wizard = Form(self.env["member.points.redeem"].with_context(default_order_id=order.id))
        wizard.points = 300
        self.assertAlmostEqual(wizard.amount, 3.0)
        wizard.save().action_apply()
        reward_line = order.order_line.filtered("is_reward_line")
        self.assertAlmostEqual(reward_line.price_unit, -3.0)
        self.assertEqual(reward_line.points_cost, 300)
        order.action_confirm()
        self.assertEqual(card.points, 700)
        redeem = card.history_ids.filtered(lambda h: h.member_move_type == "redeem")
        self.assertEqual(redeem.used, 300)
        self.assertEqual(self._ledger_sum(card), card.points)
        order._action_cancel()
        self.assertEqual(card.points, 1000)
        self.assertTrue(redeem.exists(), "the redemption stays in the ledger")
        self.assertEqual(
            card.history_ids.filtered(lambda h: h.member_move_type == "reversal").reversed_id,
            redeem,
        )
        self.assertEqual(self._ledger_sum(card), card.points)

    def test_redeem_more_than_balance_is_refused(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.member.id,
                "order_line": [(0, 0, {"product_id": self.product_frame.id, "price_unit": 100})],
            }
        )
        wizard = self.env["member.points.redeem"].create({"order_id": order.id, "points": 50})
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.assertFalse(order.order_line.filtered("is_reward_line"))

    def test_redeem_dialog_reads_the_reward_in_the_cashier_language(self):
        """The reward's description is Odoo's, computed in the language of whoever made the reward
        (English here): the cashier reads it in Chinese, and the discount with its currency."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["loyalty"], ["zh_CN"])
        reward = self.program.reward_ids
        self.assertIn("per point on your order", reward.description)
        cashier = self.cashier
        cashier.lang = "zh_CN"
        shown = reward.with_user(cashier).with_context(lang="zh_CN").display_name
        self.assertIn("每积分抵扣", shown)
        self.assertNotIn("per point", shown)
        self.assertNotIn("您的订单", shown)
        # a description of their own is shown as they wrote it
        reward.description = "Member discount"
        shown = reward.with_user(cashier).with_context(lang="zh_CN").display_name
        self.assertEqual(shown, f"{self.program.name} - Member discount")
        order = self.env["sale.order"].create({"partner_id": self.member.id})
        wizard = self.env["member.points.redeem"].create({"order_id": order.id, "points": 100})
        self.assertEqual(wizard._fields["amount"].type, "monetary")
        self.assertEqual(wizard.currency_id, order.currency_id)

    def test_points_expire_first_in_first_out(self):
        card = self.member.member_card_id
        with freeze_time("2025-01-10"):
            first = self._paid_invoice(self.member, [(self.product_frame, 100)])
            self._engine()._post_points(move_ids=first.ids, today=date(2025, 1, 10))
        with freeze_time("2025-06-10"):
            second = self._paid_invoice(self.member, [(self.product_frame, 50)])
            self._engine()._post_points(move_ids=second.ids, today=date(2025, 6, 10))
        self.assertEqual(card.points, 150)
        card._member_debit(120, {"description": "redeemed", "member_move_type": "redeem"})
        # the first lot (100) expires on 2026-01-10: it was used up by the redemption
        expired = self._engine()._expire_points(today=date(2026, 1, 10), since=date(2025, 1, 1))
        self.assertEqual(expired, 0)
        self.assertEqual(card.points, 30)
        # the second lot (50) expires on 2026-06-10: 30 of it are left
        expired = self._engine()._expire_points(today=date(2026, 6, 10), since=date(2026, 1, 10))
        self.assertEqual(expired, 30)
        self.assertEqual(card.points, 0)
        self.assertEqual(card.history_ids.filtered(lambda h: h.member_move_type == "expire").used, 30)
        # running it again expires nothing more
        self.assertEqual(self._engine()._expire_points(today=date(2026, 6, 11), since=date(2026, 1, 10)), 0)
        self.assertEqual(self._ledger_sum(card), card.points)

    def test_points_given_without_expiry_never_count_as_expiring(self):
        """The member lookup's "Points Expiring Soon": 800 points given at the opening (an
        adjustment, no expiry) are not expiring, nor taken by the expiry job; a lot that expires
        soon shows its points and its date."""
        card = self.member.member_card_id
        card._member_post([{"description": "opening gift", "issued": 800, "member_move_type": "adjust"}])
        with freeze_time("2025-12-20"):
            card.invalidate_recordset()
            self.assertEqual(card.member_expiring_points, 0)
            self.assertFalse(card.member_next_expiry_date)
        with freeze_time("2025-01-10"):
            invoice = self._paid_invoice(self.member, [(self.product_frame, 100)])
            self._engine()._post_points(move_ids=invoice.ids, today=date(2025, 1, 10))
        with freeze_time("2025-12-20"):
            card.invalidate_recordset()
            self.assertEqual(card.member_expiring_points, 100)
            self.assertEqual(card.member_next_expiry_date, date(2026, 1, 10))
        # the lot expires; the 800 points stay
        self.assertEqual(self._engine()._expire_points(today=date(2026, 1, 10), since=date(2025, 1, 1)), 100)
        self.assertEqual(card.points, 800)

    def test_reminder_before_expiry_is_sent_once(self):
        card = self.member.member_card_id
        with freeze_time("2025-01-10"):
            invoice = self._paid_invoice(self.member, [(self.product_frame, 100)])
            self._engine()._post_points(move_ids=invoice.ids, today=date(2025, 1, 10))
        with freeze_time("2025-12-20"):
            card.invalidate_recordset()
            self.assertEqual(card.member_expiring_points, 100)
            reminded = self._engine()._remind_expiring_points(today=date(2025, 12, 20))
            self.assertIn(card, reminded)
            self.assertEqual(card.member_expiry_reminder_date, date(2025, 12, 20))
            mails = self.env["mail.mail"].search([("model", "=", "loyalty.card"), ("res_id", "=", card.id)])
            self.assertTrue(mails)
            reminded = self._engine()._remind_expiring_points(today=date(2025, 12, 21))
            self.assertNotIn(card, reminded)
