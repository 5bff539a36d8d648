from datetime import timedelta

from odoo import Command, fields
from odoo.tests import Form, tagged

from .common import MemberLoyaltyCommon


@tagged("post_install", "-at_install")
class TestCoupons(MemberLoyaltyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coupon_program = cls.env["loyalty.program"].create(
            {
                "name": "VIP 50 off",
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "company_id": cls.head.id,
                "rule_ids": [Command.create({"reward_point_mode": "order", "reward_point_amount": 1})],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_order",
                            "discount": 50,
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )
        cls.other = cls._new_member("陈静")
        cls.segment = cls.env["customer.segment"].create(
            {
                "name": "Test VIP",
                "domain": str([("id", "in", (cls.member | cls.other).ids)]),
                "company_id": cls.head.id,
            }
        )

    def _order(self):
        return self.env["sale.order"].create(
            {
                "partner_id": self.member.id,
                "order_line": [Command.create({"product_id": self.product_frame.id, "price_unit": 200})],
            }
        )

    def test_coupons_issued_to_a_segment(self):
        wizard = Form(self.env["loyalty.generate.wizard"].with_context(active_id=self.coupon_program.id))
        wizard.mode = "selected"
        wizard.segment_id = self.segment
        wizard.description = "VIP 专享券"
        wizard.valid_until = fields.Date.today() + timedelta(days=30)
        self.assertEqual(wizard.coupon_qty, 2)
        coupons = wizard.save().generate_coupons()
        self.assertEqual(coupons.partner_id, self.member | self.other)
        self.assertEqual(len(set(coupons.mapped("code"))), 2)

    def test_coupon_used_once_tracked_to_the_order_and_expired_refused(self):
        coupon = self.env["loyalty.card"].create(
            {"program_id": self.coupon_program.id, "partner_id": self.member.id, "points": 1}
        )
        order = self._order()
        self.assertFalse(order._try_apply_code(coupon.code).get("error"))
        rewards = order._get_claimable_rewards()
        order._apply_program_reward(rewards[coupon], coupon)
        order.action_confirm()
        line = order.order_line.filtered("is_reward_line")
        self.assertEqual(line.coupon_id, coupon)
        self.assertEqual(coupon.use_count, 1)
        self.assertEqual(coupon.points, 0)
        # a second order cannot use it again
        self.assertTrue(self._order()._try_apply_code(coupon.code).get("error"))
        expired = self.env["loyalty.card"].create(
            {
                "program_id": self.coupon_program.id,
                "partner_id": self.member.id,
                "points": 1,
                "expiration_date": fields.Date.today() - timedelta(days=1),
            }
        )
        self.assertTrue(self._order()._try_apply_code(expired.code).get("error"))
