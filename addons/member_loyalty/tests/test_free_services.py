from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MemberLoyaltyCommon


@tagged("post_install", "-at_install")
class TestFreeServices(MemberLoyaltyCommon):
    """The tier's 'free services per year' is enforced: a free-service reward is given at most
    that many times per member and membership year, refused past it, and the database refuses
    a use beyond the allowance or counted twice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = cls.env["product.product"].create(
            {"name": "画框清洁保养", "type": "service", "list_price": 80, "taxes_id": False}
        )
        cls.tier_silver.free_services_per_year = 2
        cls.program = cls.env["loyalty.program"].create(
            {
                "name": "银卡免费保养",
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "company_id": cls.head.id,
                "member_tier_ids": [Command.link(cls.tier_silver.id)],
                "rule_ids": [
                    Command.create({"reward_point_mode": "order", "reward_point_amount": 1, "minimum_qty": 0})
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "product",
                            "reward_product_id": cls.service.id,
                            "reward_product_qty": 1,
                            "required_points": 1,
                            "member_free_service": True,
                        }
                    )
                ],
            }
        )
        cls.reward = cls.program.reward_ids
        cls.silver = cls._new_member("免费服务会员", "+86 139 0000 1111")
        cls.silver.sudo().write({"member_tier_id": cls.tier_silver.id, "member_join_date": date(2026, 3, 1)})

    def _order(self, partner=None):
        order = self.env["sale.order"].create(
            {
                "partner_id": (partner or self.silver).id,
                "company_id": self.head.id,
                "order_line": [Command.create({"product_id": self.product_frame.id, "product_uom_qty": 1})],
            }
        )
        order._update_programs_and_rewards()
        return order

    def _claim(self, order):
        for coupon, rewards in order._get_claimable_rewards().items():
            if self.reward in rewards:
                return order._apply_program_reward(self.reward, coupon)
        return {"error": "not claimable"}

    @freeze_time("2026-06-01")
    def test_allowance_is_used_then_refused(self):
        for number in (1, 2):
            order = self._order()
            self.assertEqual(self._claim(order), {})
            free_line = order.order_line.filtered(lambda line: line.reward_id == self.reward)
            self.assertEqual((free_line.product_id, free_line.price_total), (self.service, 0.0))
            self.assertEqual(order.amount_total, 100)  # the frame is charged, the service is free
            order.action_confirm()
            self.assertEqual(order.member_free_service_ids.use_number, number)
            self.assertEqual(order.member_free_service_ids.year_start, date(2026, 3, 1))
        self.silver.invalidate_recordset()
        self.assertEqual(self.silver.member_free_services_left, 0)
        third = self._order()
        self.assertNotIn(self.reward, sum(third._get_claimable_rewards().values(), self.env["loyalty.reward"]))
        coupon = third.coupon_point_ids.coupon_id.filtered(lambda c: c.program_id == self.program)
        result = third._apply_program_reward(self.reward, coupon)
        self.assertIn("0 free service(s) left", result["error"])
        self.assertFalse(third.order_line.filtered("reward_id"))
        third.action_confirm()  # paid service: confirms without a free service
        self.assertFalse(third.member_free_service_ids)

    @freeze_time("2026-06-01")
    def test_confirming_past_the_allowance_is_refused_and_nothing_written(self):
        self.tier_silver.free_services_per_year = 1
        first, second = self._order(), self._order()
        self.assertEqual(self._claim(first), {})
        self.assertEqual(self._claim(second), {})  # both drafts show it; the first confirmed wins
        first.action_confirm()
        with self.assertRaisesRegex(UserError, "free service"):
            second.action_confirm()
        self.assertEqual(self.env["member.free.service.use"].search_count([("partner_id", "=", self.silver.id)]), 1)

    def test_new_membership_year_and_cancel_give_the_service_back(self):
        with freeze_time("2027-02-28"):
            orders = self._order() | self._order()
            for order in orders:
                self._claim(order)
                order.action_confirm()
            self.assertEqual(self.silver.member_free_services_left, 0)
            orders[0]._action_cancel()
            self.silver.invalidate_recordset()
            self.assertEqual(self.silver.member_free_services_left, 1)
        with freeze_time("2027-03-01"):  # the anniversary of the join date opens a new year
            self.silver.invalidate_recordset()
            self.assertEqual(self.silver.member_free_services_left, 2)
            order = self._order()
            self.assertEqual(self._claim(order), {})
            order.action_confirm()
            self.assertEqual(order.member_free_service_ids.year_start, date(2027, 3, 1))
            self.assertEqual(order.member_free_service_ids.use_number, 1)

    def test_non_silver_member_gets_no_free_service(self):
        regular = self._new_member("普通会员")
        order = self._order(regular)
        self.assertNotEqual(self._claim(order), {})
        self.assertEqual(regular.member_free_services_left, 0)

    @freeze_time("2026-06-01")
    def test_database_refuses_a_use_beyond_the_allowance_or_twice(self):
        order = self._order()
        self._claim(order)
        order.action_confirm()
        use = order.member_free_service_ids
        Use = self.env["member.free.service.use"].sudo()
        vals = {
            "partner_id": self.silver.id,
            "year_start": use.year_start,
            "allowance": 2,
            "order_line_id": use.order_line_id.id,
            "date": use.date,
        }
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            Use.create(dict(vals, use_number=3))
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            Use.create(dict(vals, use_number=use.use_number))
