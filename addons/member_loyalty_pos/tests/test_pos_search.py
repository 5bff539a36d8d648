from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import MemberPosCommon


@tagged("post_install", "-at_install")
class TestPosMemberSearch(MemberPosCommon):
    """#18: the till finds a member on the server (never by downloading the members): by exact
    normalised phone, card/QR code, or name and pinyin among the store's own members; the chain's
    members by exact look-up only, logged."""

    def _search(self, query):
        return self._till()["res.partner"].member_pos_search(query)

    def test_exact_phone_finds_a_member_of_another_store_and_logs_it(self):
        for typed in ("+86 139 1000 2002", "13910002002", "139-1000-2002"):
            found = self._search(typed)
            self.assertEqual([row["id"] for row in found], self.member_b.ids, typed)
            self.assertTrue(found[0]["exact"])
        logs = self.env["member.lookup.log"].search([("user_id", "=", self.pos_cashier.id)])
        self.assertEqual(logs.partner_id, self.member_b)
        self.assertEqual(set(logs.mapped("store_id")), {self.store_a})

    def test_card_code_shows_tier_points_stored_value_and_coupons(self):
        coupon_program = self.env["loyalty.program"].create(
            {"name": "Birthday treat", "program_type": "coupons", "company_id": self.head.id}
        )
        coupon = self.env["loyalty.card"].create(
            {
                "program_id": coupon_program.id,
                "partner_id": self.member_a.id,
                "points": 1,
                "expiration_date": fields.Date.add(fields.Date.today(), days=10),
            }
        )
        expired = self.env["loyalty.card"].create(
            {
                "program_id": coupon_program.id,
                "partner_id": self.member_a.id,
                "points": 1,
                "expiration_date": fields.Date.subtract(fields.Date.today(), days=1),
            }
        )
        (row,) = self._search(self.member_a.member_card_id.code)
        self.assertEqual(row["id"], self.member_a.id)
        self.assertEqual(row["points"], self.member_a.member_points)
        self.assertEqual(row["stored_value"], self.member_a.member_balance)
        self.assertEqual(row["tier"], self.member_a.member_tier_id.name)
        codes = [c["code"] for c in row["coupons"]]
        self.assertIn(coupon.code, codes)
        self.assertNotIn(expired.code, codes)

    def test_name_and_pinyin_find_the_stores_own_members_only(self):
        self.assertEqual([row["id"] for row in self._search("A 店会员")], self.member_a.ids)
        pinyin = self.member_a.name_pinyin.split()[0]
        self.assertIn(self.member_a.id, [row["id"] for row in self._search(pinyin)])
        # store B's member is never listed from a name at store A
        self.assertEqual(self._search("B 店会员"), [])
        # a part of a number lists store A's members only, to choose from
        self.assertEqual([row["id"] for row in self._search("1000")], self.member_a.ids)
        self.assertNotIn(self.member_b.id, [row["id"] for row in self._search("2002")])

    def test_only_cashiers_search_members(self):
        pos_only = new_test_user(
            self.env,
            login="mlp_pos_only",
            groups="point_of_sale.group_pos_user",
            company_id=self.store_a.id,
            company_ids=[(6, 0, self.store_a.ids)],
        )
        with self.assertRaises(AccessError):
            self.env(user=pos_only)["res.partner"].member_pos_search("13910002002")
