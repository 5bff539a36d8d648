from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CustomerCoreCommon


@tagged("post_install", "-at_install")
class TestAssignment(CustomerCoreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source_wechat = cls.env["utm.source"].create({"name": "微信公众号"})
        cls.source_shop = cls.env["utm.source"].create({"name": "门店到访"})
        cls.category = cls.env["product.category"].create({"name": "婚纱摄影"})
        cls.member_wechat = cls.team.crm_team_member_ids.filtered(lambda m: m.user_id == cls.seller)
        cls.member_shop = cls.team.crm_team_member_ids.filtered(lambda m: m.user_id == cls.seller2)
        cls.member_other = cls.team.crm_team_member_ids.filtered(lambda m: m.user_id == cls.own_only)
        cls.member_other.assignment_optout = True
        cls.member_wechat.write(
            {
                "assign_source_ids": [Command.set(cls.source_wechat.ids)],
                "assign_category_ids": [Command.set(cls.category.ids)],
            }
        )
        cls.member_shop.assign_source_ids = [Command.set(cls.source_shop.ids)]
        cls.team.assignment_domain = "[('id', '=', 0)]"  # allocate no other team-less lead here

    def test_criteria_are_anded_into_the_crm_domain(self):
        member = self.member_wechat
        member.assignment_domain = "[('probability', '>=', 10)]"
        member.assign_state_ids = [Command.set(self.env["res.country.state"].search([], limit=1).ids)]
        domain = member._get_assignment_domain()
        self.assertEqual(domain[0], ("probability", ">=", 10), "the user's own filter is kept")
        self.assertIn(("source_id", "in", self.source_wechat.ids), domain)
        self.assertIn(("product_category_id", "in", self.category.ids), domain)
        member.assign_state_ids = [Command.clear()]
        member.assign_category_ids = [Command.clear()]
        self.assertEqual(
            member._get_assignment_domain(),
            [("probability", ">=", 10), ("source_id", "in", self.source_wechat.ids)],
        )

    def test_crm_rule_based_assignment_uses_channel_and_category(self):
        Lead = self.env["crm.lead"]
        wechat_lead = Lead.create(
            {
                "name": "公众号咨询",
                "team_id": self.team.id,
                "user_id": False,
                "source_id": self.source_wechat.id,
                "product_category_id": self.category.id,
            }
        )
        shop_lead = Lead.create(
            {
                "name": "门店咨询",
                "team_id": self.team.id,
                "user_id": False,
                "source_id": self.source_shop.id,
            }
        )
        wechat_other = Lead.create(
            {
                "name": "公众号咨询(其他品类)",
                "team_id": self.team.id,
                "user_id": False,
                "source_id": self.source_wechat.id,
            }
        )
        self.team._action_assign_leads(force_quota=True, creation_delta_days=0)
        self.assertEqual(wechat_lead.user_id, self.seller)
        self.assertEqual(shop_lead.user_id, self.seller2)
        self.assertFalse(wechat_other.user_id, "no member's rules accept it")

    def test_pool_leads_go_through_the_same_rules(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "公海里的门店线索",
                "team_id": self.team.id,
                "source_id": self.source_shop.id,
                "user_id": self.seller.id,
            }
        )
        lead.with_user(self.seller).action_pool_release()
        # the engine leaves pool leads alone...
        self.team._action_assign_leads(force_quota=True, creation_delta_days=0)
        self.assertTrue(lead.in_pool)
        self.assertFalse(lead.user_id)
        # ...a member whose rules do not accept it cannot claim it
        with self.assertRaisesRegex(Exception, "does not match your assignment rules"):
            lead.with_user(self.seller).action_pool_claim()
        # ...nor hand it out through the rules, which is a manager's action
        with self.assertRaises(AccessError):
            lead.with_user(self.seller).action_pool_assign()
        # ...and a manager can hand pool leads out through the rules
        lead.with_user(self.manager).action_pool_assign()
        self.assertEqual(lead.user_id, self.seller2)
        self.assertFalse(lead.in_pool)
