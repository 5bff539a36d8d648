import psycopg2

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged, users
from odoo.tools import mute_logger

from .common import MemberLoyaltyCommon


@tagged("post_install", "-at_install")
class TestMembership(MemberLoyaltyCommon):
    def test_enrol_gives_number_cards_tier_and_history(self):
        member = self.member
        self.assertTrue(member.is_member)
        self.assertTrue(member.member_number)
        self.assertEqual(member.member_card_id.program_id, self.program)
        self.assertEqual(member.member_wallet_id.program_id, self.wallet_program)
        self.assertTrue(member.member_card_id.balance_guard)
        self.assertEqual(member.member_store_id, self.head)
        self.assertEqual(member.member_tier_id, self.tier_regular)
        self.assertEqual(member.member_tier_history_ids.reason, "enroll")
        other = self._new_member("李四")
        self.assertNotEqual(other.member_number, member.member_number)

    def test_enrol_from_a_sale(self):
        customer = self.env["res.partner"].create({"name": "孙悦"})
        order = self.env["sale.order"].create({"partner_id": customer.id, "user_id": self.cashier.id})
        order.with_user(self.cashier).action_member_enroll()
        self.assertTrue(customer.is_member)
        self.assertEqual(customer.member_join_channel, "sale")
        self.assertEqual(customer.member_store_id, order.company_id)

    def test_marketing_consent_records_its_date(self):
        self.assertFalse(self.member.marketing_consent_date)
        self.member.marketing_consent = True
        self.assertTrue(self.member.marketing_consent_date)

    @users("ml_cashier")
    def test_cashier_enrols_from_lookup_by_phone_and_card(self):
        partner = self.env["res.partner"].create({"name": "赵敏", "phone": "139 1111 2222"})
        partner.action_member_enroll()
        self.assertTrue(partner.is_member)
        lookup = Form(self.env["member.lookup"])
        lookup.query = "13911112222"
        self.assertEqual(lookup.partner_id, partner)
        lookup.query = partner.member_card_id.code
        self.assertEqual(lookup.partner_id, partner)
        self.assertEqual(lookup.member_tier_id, self.tier_regular)
        lookup.query = "00000000"
        self.assertFalse(lookup.partner_id)
        self.assertTrue(lookup.not_found)

    @users("ml_cashier")
    def test_cashier_cannot_change_tier_or_balance(self):
        member = self.member.with_user(self.env.user)
        with self.assertRaises(AccessError):
            member.write({"member_tier_id": self.tier_gold.id})
        with self.assertRaises(UserError):
            member.member_card_id.write({"points": 5000})
        with self.assertRaises(AccessError):
            self.env["member.tier"].browse(self.tier_gold.id).write({"multiplier": 9})
        wizard = self.env["loyalty.card.update.balance"].create(
            {"card_id": member.member_card_id.id, "new_balance": 500, "description": "gift"}
        )
        with self.assertRaises(AccessError):
            wizard.action_update_card_point()
        self.assertEqual(member.member_card_id.points, 0)

    def test_manager_adjusts_through_the_ledger_and_changes_are_recorded(self):
        card = self.member.member_card_id
        wizard = (
            self.env["loyalty.card.update.balance"]
            .with_user(self.manager)
            .create({"card_id": card.id, "new_balance": 500, "description": "门店补偿"})
        )
        wizard.action_update_card_point()
        self.assertEqual(card.points, 500)
        self.assertEqual(self._ledger_sum(card), 500)
        self.member.with_user(self.manager).action_member_change_tier(self.tier_gold.id, note="VIP")
        self.assertEqual(self.member.member_tier_history_ids[0].reason, "manual")

    def test_ledger_cannot_be_edited_or_deleted_by_anyone(self):
        card = self.member.member_card_id
        entry = card._member_post([{"description": "opening", "issued": 100, "member_move_type": "adjust"}])
        for user in (self.manager, self.env.ref("base.user_admin")):
            with self.assertRaises(UserError):
                entry.with_user(user).write({"issued": 1000})
            with self.assertRaises(UserError):
                entry.with_user(user).unlink()
        # server code deleting an entry (Odoo's sale_loyalty cancelling an order) reverses it, once
        entry.sudo().unlink()
        entry.sudo().unlink()
        self.assertTrue(entry.exists())
        reversal = card.history_ids.filtered(lambda h: h.reversed_id == entry)
        self.assertEqual((len(reversal), reversal.used), (1, 100))
        self.assertEqual(card.points, 0)
        # not even in SQL
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.Error), self.env.cr.savepoint():
            self.env.cr.execute("UPDATE loyalty_history SET issued = 1000 WHERE id = %s", [entry.id])
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.Error), self.env.cr.savepoint():
            self.env.cr.execute("DELETE FROM loyalty_history WHERE id = %s", [entry.id])
        self.assertEqual(self._ledger_sum(card), card.points)

    def test_store_sees_its_members_activity_only(self):
        store_a = self.env["res.company"].create({"name": "静安店", "parent_id": self.head.id})
        store_b = self.env["res.company"].create({"name": "徐汇店", "parent_id": self.head.id})
        member_a = self._new_member("门店A会员", store=store_a)
        entry = member_a.member_card_id.with_company(store_a)._member_post(
            [{"description": "earned at A", "issued": 10, "member_move_type": "adjust"}]
        )
        user_b = self.env["res.users"].create(
            {
                "name": "Cashier B",
                "login": "ml_cashier_b",
                "company_id": store_b.id,
                "company_ids": [(6, 0, store_b.ids)],
                "group_ids": [(6, 0, [self.env.ref("member_loyalty.group_member_cashier").id])],
            }
        )
        user_a = self.env["res.users"].create(
            {
                "name": "Cashier A",
                "login": "ml_cashier_a",
                "company_id": store_a.id,
                "company_ids": [(6, 0, store_a.ids)],
                "group_ids": [(6, 0, [self.env.ref("member_loyalty.group_member_cashier").id])],
            }
        )
        History = self.env["loyalty.history"]
        self.assertFalse(History.with_user(user_b).search([("id", "=", entry.id)]))
        with self.assertRaises(AccessError):
            History.with_user(user_b).browse(entry.id).read(["issued"])
        self.assertTrue(History.with_user(user_a).search([("id", "=", entry.id)]))
        # the head office (all stores allowed) sees everything
        self.manager.company_ids = [(6, 0, (self.head | store_a | store_b).ids)]
        self.assertTrue(
            History.with_user(self.manager)
            .with_context(allowed_company_ids=(self.head | store_a | store_b).ids)
            .search([("id", "=", entry.id)])
        )
