import psycopg2

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MemberLoyaltyCommon


@tagged("post_install", "-at_install")
class TestStoredValue(MemberLoyaltyCommon):
    def _wizard(self, user, operation, amount, **kw):
        return (
            self.env["member.wallet.operation"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.member.id,
                    "operation": operation,
                    "amount": amount,
                    "journal_id": self.cash_journal.id,
                    **kw,
                }
            )
        )

    def _entry_lines(self, move):
        return sorted((line.account_id.id, round(line.debit, 2), round(line.credit, 2)) for line in move.line_ids)

    def test_topup_with_bonus_posts_a_prepayment(self):
        wallet = self.member.member_wallet_id
        self._wizard(self.cashier, "topup", 1000).action_confirm()
        self.assertEqual(wallet.points, 1100)
        topup = wallet.history_ids.filtered(lambda h: h.member_move_type == "topup")
        bonus = wallet.history_ids.filtered(lambda h: h.member_move_type == "bonus")
        self.assertEqual((topup.issued, bonus.issued), (1000, 100))
        move = topup.account_move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(
            self._entry_lines(move),
            sorted(
                [
                    (self.cash_journal.default_account_id.id, 1000, 0),
                    (self.prepayment.id, 0, 1000),
                    (self.bonus_account.id, 100, 0),
                    (self.prepayment.id, 0, 100),
                ]
            ),
        )
        self.assertEqual(self.prepayment.account_type, "liability_current")
        self.assertEqual(self._ledger_sum(wallet), wallet.points)

    def test_spend_pays_an_invoice_from_the_liability(self):
        wallet = self.member.member_wallet_id
        self._wizard(self.cashier, "topup", 500).action_confirm()
        invoice = self._paid_invoice(self.member, [(self.product_frame, 300)], pay=False)
        self._wizard(self.cashier, "spend", 300, invoice_id=invoice.id).action_confirm()
        self.assertEqual(wallet.points, 200)
        spend = wallet.history_ids.filtered(lambda h: h.member_move_type == "spend")
        receivable = self.member.property_account_receivable_id
        self.assertEqual(
            self._entry_lines(spend.account_move_id),
            sorted([(self.prepayment.id, 300, 0), (receivable.id, 0, 300)]),
        )
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(self._ledger_sum(wallet), wallet.points)

    def test_bad_amounts_are_refused_and_nothing_is_written(self):
        wallet = self.member.member_wallet_id
        self._wizard(self.cashier, "topup", 100).action_confirm()
        count = len(wallet.history_ids)
        with self.assertRaises(UserError):
            self._wizard(self.cashier, "topup", -50).action_confirm()
        with self.assertRaises(UserError):
            self._wizard(self.cashier, "spend", 100.01).action_confirm()
        wallet.invalidate_recordset()
        self.assertEqual(wallet.points, 100)
        self.assertEqual(len(wallet.history_ids), count)

    def test_balance_never_below_zero_in_the_database(self):
        wallet = self.member.member_wallet_id
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint():
            self.env.cr.execute("UPDATE loyalty_card SET points = -1 WHERE id = %s", [wallet.id])

    def test_refund_only_the_real_money(self):
        wallet = self.member.member_wallet_id
        self._wizard(self.cashier, "topup", 1000).action_confirm()
        self._wizard(self.cashier, "spend", 300).action_confirm()
        wallet.invalidate_recordset()
        self.assertEqual(wallet.member_refundable_amount, 700)
        self.assertEqual(wallet.member_bonus_amount, 100)
        with self.assertRaises(AccessError):
            self._wizard(self.cashier, "refund", 100).action_confirm()
        with self.assertRaises(UserError):
            self._wizard(self.manager, "refund", 800).action_confirm()
        self._wizard(self.manager, "refund", 700).action_confirm()
        self.assertEqual(wallet.points, 0)
        refund = wallet.history_ids.filtered(lambda h: h.member_move_type == "refund")
        self.assertEqual(
            self._entry_lines(refund.account_move_id),
            sorted(
                [
                    (self.prepayment.id, 700, 0),
                    (self.cash_journal.default_account_id.id, 0, 700),
                    (self.prepayment.id, 100, 0),
                    (self.bonus_account.id, 0, 100),
                ]
            ),
        )
        self.assertEqual(self._ledger_sum(wallet), 0)
