from datetime import date, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MemberLoyaltyCommon


@tagged("post_install", "-at_install")
class TestCampaign(MemberLoyaltyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audience = cls.env["res.partner"]
        for i in range(20):
            member = cls._new_member(f"活动会员 {i}")
            member.marketing_consent = True
            cls.audience |= member
        cls.segment = cls.env["customer.segment"].create(
            {"name": "Campaign test", "domain": str([("id", "in", cls.audience.ids)])}
        )
        cls.empty_segment = cls.env["customer.segment"].create({"name": "Nobody", "domain": str([("id", "=", 0)])})

    def _buy(self, partner, amount, day):
        partner.member_card_id._member_post(
            [
                {
                    "description": "purchase",
                    "issued": amount,
                    "member_move_type": "earn",
                    "spend_amount": amount,
                    "member_date": day,
                }
            ]
        )

    def test_uplift_against_control_group_within_window(self):
        campaign = self.env["member.campaign"].create(
            {
                "name": "唤醒",
                "segment_id": self.segment.id,
                "control_percent": 50,
                "attribution_days": 30,
                "fixed_cost": 100,
                "cost_per_message": 0.05,
                "company_id": self.head.id,
            }
        )
        sent_on = date(2026, 5, 1)
        with freeze_time(sent_on):
            campaign.action_send(seed=42)
        self.assertEqual(campaign.date_sent, sent_on)
        targets = campaign.target_ids
        reached = targets.filtered(lambda t: not t.is_control).partner_id
        control = targets.filtered("is_control").partner_id
        self.assertEqual((len(reached), len(control)), (10, 10))
        for partner in reached:
            self._buy(partner, 100, sent_on + timedelta(days=5))
        self._buy(reached[0], 500, sent_on + timedelta(days=30))  # outside the window
        self._buy(reached[1], 700, sent_on - timedelta(days=1))  # before the send
        for partner in control[:2]:
            self._buy(partner, 100, sent_on + timedelta(days=29))
        campaign.action_update_results()
        self.assertEqual(campaign.revenue, 1000)
        self.assertEqual(campaign.buyers, 10)
        self.assertEqual(campaign.control_revenue, 200)
        self.assertEqual(campaign.control_buyers, 2)
        self.assertEqual(campaign.uplift, 800)  # 1000 - 200 / 10 * 10
        self.assertAlmostEqual(campaign.cost, 100.5)
        self.assertAlmostEqual(campaign.roi, (800 - 100.5) / 100.5 * 100)

    def test_bad_campaigns_are_refused(self):
        Campaign = self.env["member.campaign"]
        empty = Campaign.create({"name": "空", "segment_id": self.empty_segment.id})
        with self.assertRaises(UserError):
            empty.action_send()
        self.assertEqual(empty.state, "draft")
        with self.assertRaisesRegex(ValidationError, "less than 100 %"):
            Campaign.create({"name": "全对照", "segment_id": self.segment.id, "control_percent": 100})
        with self.assertRaisesRegex(ValidationError, "less than 100 %"):
            empty.write({"control_percent": 100})
        with self.assertRaisesRegex(ValidationError, "at least one day"):
            Campaign.create({"name": "无窗口", "segment_id": self.segment.id, "attribution_days": 0})
        # the database refuses it too, whatever writes it
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env.cr.execute("UPDATE member_campaign SET control_percent = 100 WHERE id = %s", [empty.id])

    def test_store_manager_sees_own_store_campaigns_only(self):
        store_a = self.env["res.company"].create({"name": "A 店", "parent_id": self.head.id})
        store_b = self.env["res.company"].create({"name": "B 店", "parent_id": self.head.id})
        campaign = self.env["member.campaign"].create(
            {"name": "A 店活动", "segment_id": self.segment.id, "company_id": store_a.id}
        )
        manager_b = self.env["res.users"].create(
            {
                "name": "Manager B",
                "login": "ml_manager_b",
                "company_id": store_b.id,
                "company_ids": [(6, 0, store_b.ids)],
                "group_ids": [(6, 0, [self.env.ref("member_loyalty.group_member_manager").id])],
            }
        )
        self.assertFalse(self.env["member.campaign"].with_user(manager_b).search([("id", "=", campaign.id)]))
        with self.assertRaises(AccessError):
            campaign.with_user(manager_b).read(["name"])
