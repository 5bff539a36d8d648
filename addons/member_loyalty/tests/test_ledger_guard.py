"""#23 point 6 and the ledger's database guard: the ledger is the only writer of a member card's
balance, whoever asks and whatever context a client sends; a tier changes through the engine or
a membership manager's logged action only."""

import json
from datetime import datetime, timedelta
from xmlrpc.client import Fault

import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import MemberLoyaltyCommon

# the keys that used to open the gates: a client may send them, they must change nothing
OLD_KEYS = {
    "member_ledger_ok": True,
    "member_engine": True,
    "member_adjust": True,
    "member_ledger_reverse": True,
    "member_points_cap": 1,
}


def ledger_gaps(cr):
    """Member cards whose balance is not the sum of their ledger (should be none)."""
    cr.execute(
        """
        SELECT c.id, c.points, COALESCE(SUM(h.issued - h.used), 0)
          FROM loyalty_card c LEFT JOIN loyalty_history h ON h.card_id = c.id AND h.member_ledger
         WHERE c.balance_guard
      GROUP BY c.id HAVING abs(c.points - COALESCE(SUM(h.issued - h.used), 0)) >= 0.005
        """
    )
    return cr.fetchall()


@tagged("post_install", "-at_install")
class TestLedgerGuardOrm(MemberLoyaltyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company_ids = [Command.set(cls.head.ids)]
        cls.salesman = new_test_user(
            cls.env,
            login="ml_guard_sales",
            groups="sales_team.group_sale_salesman",
            company_id=cls.head.id,
            company_ids=company_ids,
        )
        cls.store_cashier = new_test_user(
            cls.env,
            login="ml_guard_cashier",
            groups="member_loyalty.group_member_cashier",
            company_id=cls.head.id,
            company_ids=company_ids,
        )
        cls.card = cls.member.member_card_id
        cls.wallet = cls.member.member_wallet_id
        cls.card._member_post([{"description": "opening", "issued": 100, "member_move_type": "adjust"}])

    def test_no_role_sets_a_balance_with_a_context_key(self):
        for user in (self.salesman, self.store_cashier, self.manager):
            for card in (self.card, self.wallet):
                with self.assertRaises(UserError), self.env.cr.savepoint():
                    card.with_user(user).with_context(**OLD_KEYS).write({"points": 9999})
        self.assertEqual(self.card.points, 100)
        self.assertEqual(self.wallet.points, 0)
        self.assertFalse(ledger_gaps(self.env.cr))

    def test_no_role_writes_ledger_entries_with_a_context_key(self):
        History = self.env["loyalty.history"]
        for user in (self.salesman, self.manager):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                History.with_user(user).with_context(**OLD_KEYS).create(
                    {"card_id": self.card.id, "description": "gift", "issued": 5000}
                )
        entry = self.card.history_ids[:1]
        with self.assertRaises(UserError), self.env.cr.savepoint():
            entry.with_user(self.manager).with_context(**OLD_KEYS).unlink()
        self.assertEqual(self.card.points, 100)

    def test_no_role_changes_a_tier_with_a_context_key(self):
        history = self.member.member_tier_history_ids
        for user in (self.salesman, self.store_cashier, self.manager):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                self.member.with_user(user).with_context(**OLD_KEYS).write({"member_tier_id": self.tier_gold.id})
        self.assertEqual(self.member.member_tier_id, self.tier_regular)
        self.assertEqual(self.member.member_tier_history_ids, history)

    def test_manager_changes_a_tier_by_a_logged_action(self):
        with self.assertRaises(AccessError):
            self.member.with_user(self.salesman).action_member_change_tier(self.tier_gold.id)
        change = self.member.with_user(self.manager).action_member_change_tier(self.tier_gold.id, note="VIP")
        self.assertEqual(self.member.member_tier_id, self.tier_gold)
        self.assertEqual(
            (change.reason, change.old_tier_id, change.new_tier_id, change.user_id, change.note),
            ("manual", self.tier_regular, self.tier_gold, self.manager, "VIP"),
        )

    def test_superuser_write_is_posted_to_the_ledger(self):
        self.card.sudo().write({"points": 250})
        self.assertEqual(self.card.points, 250)
        adjust = self.card.history_ids.filtered(lambda h: h.member_move_type == "adjust" and h.issued == 150)
        self.assertTrue(adjust)
        self.assertEqual(self._ledger_sum(self.card), 250)

    def test_database_refuses_a_balance_that_is_not_its_ledger(self):
        cr = self.env.cr
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.CheckViolation), cr.savepoint():
            cr.execute("UPDATE loyalty_card SET points = 9999 WHERE id = %s", [self.card.id])
        # marking a card that holds points outside any ledger
        stray = self.env["loyalty.card"].create({"program_id": self.program.id, "points": 40})
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.CheckViolation), cr.savepoint():
            cr.execute("UPDATE loyalty_card SET balance_guard = TRUE WHERE id = %s", [stray.id])
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.CheckViolation), cr.savepoint():
            cr.execute(
                "INSERT INTO loyalty_card (program_id, code, points, balance_guard, active) "
                "VALUES (%s, 'GUARD-TEST-1', 10, TRUE, TRUE)",
                [self.program.id],
            )
        # an entry inserted in SQL moves the balance with it
        cr.execute(
            "INSERT INTO loyalty_history (card_id, description, issued, used, member_ledger, member_move_type) "
            "VALUES (%s, 'sql', 7, 0, TRUE, 'adjust')",
            [self.card.id],
        )
        self.card.invalidate_recordset()
        self.assertEqual(self.card.points, 107)
        self.assertFalse(ledger_gaps(cr))
        # through the ORM as the superuser, bypassing the model: refused at flush
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.CheckViolation), cr.savepoint():
            self.env.cr.execute("UPDATE loyalty_card SET points = points + 1 WHERE id = %s", [self.wallet.id])

    def test_sale_order_paths_post_to_the_ledger(self):
        """Odoo's sale_loyalty moving a member card's points: confirmation, points given by a
        confirmed order, cancellation — as a Sales user, every movement in the ledger."""
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.member.id,
                    "order_line": [Command.create({"product_id": self.product_frame.id, "price_unit": 100})],
                }
            )
        )
        order.member_points_to_redeem = 60
        reward = self.program.reward_ids[:1]
        order._update_programs_and_rewards()
        order._apply_program_reward(reward, self.card.with_user(self.salesman))
        order.action_confirm()
        self.assertEqual(self.card.points, 40)
        self.assertEqual(self._ledger_sum(self.card), 40)
        # points given to the stored value card by the confirmed order
        order._add_points_for_coupon({self.wallet.with_user(self.salesman): 30})
        self.assertEqual(self.wallet.points, 30)
        self.assertEqual(self._ledger_sum(self.wallet), 30)
        # (Odoo lets a Sales user cancel only through a Sales administrator's rights: the coupon points)
        order.sudo()._action_cancel()
        self.assertEqual(self.card.points, 100)
        self.assertEqual(self._ledger_sum(self.card), 100)
        self.assertFalse(ledger_gaps(self.env.cr))

    def test_update_balance_wizard_posts_an_adjustment(self):
        Wizard = self.env["loyalty.card.update.balance"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.salesman).with_context(**OLD_KEYS).create(
                {"card_id": self.card.id, "new_balance": 5000, "description": "x"}
            ).action_update_card_point()
        Wizard.with_user(self.manager).create(
            {"card_id": self.card.id, "new_balance": 30, "description": "correction"}
        ).action_update_card_point()
        self.assertEqual(self.card.points, 30)
        entry = self.card.history_ids.filtered(lambda h: h.description == "correction")
        self.assertEqual((entry.member_move_type, entry.used), ("adjust", 70))
        self.assertFalse(ledger_gaps(self.env.cr))

    def test_merging_members_moves_balances_through_the_ledger(self):
        other = self._new_member("王小明 (重复)", "+86 138 0013 8001")
        other.member_card_id._member_post([{"description": "opening", "issued": 40, "member_move_type": "adjust"}])
        other.member_wallet_id._member_post(
            [
                {"description": "top-up", "issued": 200, "member_move_type": "topup"},
                {"description": "bonus", "issued": 20, "member_move_type": "bonus"},
            ]
        )
        other.sudo().write({"member_tier_id": self.tier_silver.id})
        Merge = self.env["base.partner.merge.automatic.wizard"]
        # Odoo's merge reads every field of the contacts: administrators of access rights merge;
        # merging members (their balances) takes a membership manager besides
        admins = [
            new_test_user(
                self.env,
                login=f"ml_guard_merge{i}",
                groups="base.group_system,account.group_account_invoice,customer_core.group_customer_manager" + extra,
                company_id=self.head.id,
                company_ids=[Command.set(self.head.ids)],
            )
            for i, extra in enumerate(("", ",member_loyalty.group_member_manager"))
        ]
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Merge.with_user(admins[0])._merge((self.member | other).ids, self.member, extra_checks=False)
        admin = admins[1]
        Merge.with_user(admin)._merge((self.member | other).ids, self.member, extra_checks=False)
        self.assertFalse(other.exists())
        self.assertEqual((self.card.points, self.wallet.points), (140, 220))
        self.assertEqual((self._ledger_sum(self.card), self._ledger_sum(self.wallet)), (140, 220))
        self.wallet.invalidate_recordset()
        self.assertEqual(self.wallet._member_wallet_figures(), (200, 20))
        self.assertEqual(self.member.member_tier_id, self.tier_silver)
        self.assertFalse(ledger_gaps(self.env.cr))


@tagged("post_install", "-at_install")
class TestLedgerGuardRpc(HttpCase):
    """The same through XML-RPC and JSON-2, with the old context keys sent by the client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(cls.env, login="ml_grpc_sales", groups="sales_team.group_sale_salesman")
        cls.manager = new_test_user(cls.env, login="ml_grpc_manager", groups="member_loyalty.group_member_manager")
        cls.member = cls.env["res.partner"].create({"name": "RPC 账本会员"})
        cls.member.with_context(loyalty_no_mail=True).action_member_enroll()
        cls.member.member_card_id._member_post(
            [{"description": "opening", "issued": 100, "member_move_type": "adjust"}]
        )
        cls.gold = cls.env["member.tier"].search(
            [("company_id", "=", cls.env.company.root_id.id)], order="threshold desc", limit=1
        )

    def _xmlrpc(self, login, model, method, *args, **kw):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, login, model, method, list(args), kw)

    def _json2(self, user, model, method, payload):
        key = self.env["res.users.apikeys"].with_user(user)._generate("rpc", "test", datetime.now() + timedelta(days=1))
        return self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json", "Authorization": f"bearer {key}"},
        )

    def test_sales_user_sets_no_balance_nor_tier_over_rpc(self):
        card = self.member.member_card_id
        for login in ("ml_grpc_sales", "ml_grpc_manager"):
            with mute_logger("odoo.http"), self.assertRaises(Fault):
                self._xmlrpc(login, "loyalty.card", "write", [card.id], {"points": 9999}, context=OLD_KEYS)
            with mute_logger("odoo.http"), self.assertRaises(Fault):
                self._xmlrpc(
                    login, "res.partner", "write", [self.member.id], {"member_tier_id": self.gold.id}, context=OLD_KEYS
                )
        for user in (self.salesman, self.manager):
            with mute_logger("odoo.http"):
                response = self._json2(
                    user, "loyalty.card", "write", {"ids": [card.id], "vals": {"points": 9999}, "context": OLD_KEYS}
                )
            self.assertNotEqual(response.status_code, 200)
            with mute_logger("odoo.http"):
                response = self._json2(
                    user,
                    "res.partner",
                    "write",
                    {"ids": [self.member.id], "vals": {"member_tier_id": self.gold.id}, "context": OLD_KEYS},
                )
            self.assertNotEqual(response.status_code, 200)
        card.invalidate_recordset()
        self.member.invalidate_recordset()
        self.assertEqual(card.points, 100)
        self.assertNotEqual(self.member.member_tier_id, self.gold)
        self.assertFalse(ledger_gaps(self.env.cr))

    def test_manager_changes_a_tier_over_rpc_with_its_history(self):
        self._xmlrpc("ml_grpc_manager", "res.partner", "action_member_change_tier", [self.member.id], self.gold.id)
        self.member.invalidate_recordset()
        self.assertEqual(self.member.member_tier_id, self.gold)
        self.assertEqual(self.member.member_tier_history_ids[:1].user_id, self.manager)
