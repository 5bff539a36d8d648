from odoo.tests import tagged

from .common import CustomerCoreCommon


@tagged("post_install", "-at_install")
class TestChineseAddress(CustomerCoreCommon):
    """#24: a customer's address down to the district (省 / 市 / 区), leads assigned by city, the
    stores' interaction reports by province, city and district."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.china = cls.env.ref("base.cn")
        cls.zhejiang = cls.env.ref("base.state_cn_ZJ")
        cls.shanghai = cls.env.ref("base.state_cn_SH")
        cls.hangzhou_customer = cls.env["res.partner"].create(
            {
                "name": "杭州客户 沈悦",
                "country_id": cls.china.id,
                "state_id": cls.zhejiang.id,
                "city": "杭州市",
                "district": "西湖区",
                "street": "文三路 90 号",
                "user_id": cls.seller.id,
            }
        )

    def test_lead_takes_and_gives_the_district(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.seller)
            .create({"name": "西湖区咨询", "partner_id": self.hangzhou_customer.id})
        )
        self.assertEqual((lead.state_id, lead.city, lead.district), (self.zhejiang, "杭州市", "西湖区"))
        # a lead typed in by hand becomes a customer with its district
        lead = (
            self.env["crm.lead"]
            .with_user(self.seller)
            .create(
                {
                    "name": "浦东咨询",
                    "contact_name": "新客户 邹宁",
                    "state_id": self.shanghai.id,
                    "city": "上海市",
                    "district": "浦东新区",
                }
            )
        )
        self.assertEqual(lead.district, "浦东新区")
        lead._handle_partner_assignment(create_missing=True)
        self.assertEqual(lead.partner_id.district, "浦东新区")
        self.assertEqual(lead.partner_id.city, "上海市")

    def test_assignment_at_city_level(self):
        hangzhou_member = self.team.crm_team_member_ids.filtered(lambda m: m.user_id == self.seller)
        shanghai_member = self.team.crm_team_member_ids.filtered(lambda m: m.user_id == self.seller2)
        self.team.crm_team_member_ids.filtered(lambda m: m.user_id == self.own_only).assignment_optout = True
        self.team.assignment_domain = "[('id', '=', 0)]"  # no other team-less lead here
        hangzhou_member.assign_cities = "杭州, 宁波市"
        shanghai_member.assign_cities = "上海"
        self.assertIn(("city", "in", ["宁波", "宁波市", "杭州", "杭州市"]), hangzhou_member._get_assignment_domain())
        Lead = self.env["crm.lead"]
        in_hangzhou = Lead.create({"name": "杭州线索", "team_id": self.team.id, "user_id": False, "city": "杭州"})
        in_ningbo = Lead.create({"name": "宁波线索", "team_id": self.team.id, "user_id": False, "city": "宁波市"})
        in_shanghai = Lead.create({"name": "上海线索", "team_id": self.team.id, "user_id": False, "city": "上海市"})
        in_suzhou = Lead.create({"name": "苏州线索", "team_id": self.team.id, "user_id": False, "city": "苏州市"})
        self.team._action_assign_leads(force_quota=True, creation_delta_days=0)
        self.assertEqual((in_hangzhou | in_ningbo).user_id, self.seller)
        self.assertEqual(in_shanghai.user_id, self.seller2)
        self.assertFalse(in_suzhou.user_id, "no member takes Suzhou")
        # clearing the cities takes their criterion out of the domain, the member's own filter stays
        hangzhou_member.assignment_domain = "[('probability', '>=', 10), ('city', 'in', ['杭州', '杭州市'])]"
        hangzhou_member.assign_cities = False
        self.assertEqual(hangzhou_member._get_assignment_domain(), [("probability", ">=", 10)])

    def test_interactions_reported_by_province_city_district(self):
        shanghai_customer = self.env["res.partner"].create(
            {"name": "上海客户 陆敏", "state_id": self.shanghai.id, "city": "上海市", "district": "静安区"}
        )
        Interaction = self.env["customer.interaction"].with_user(self.seller)
        logged = Interaction.create(
            [
                {"name": "电话", "partner_id": self.hangzhou_customer.id},
                {"name": "微信", "partner_id": self.hangzhou_customer.id, "interaction_type": "wechat"},
                {"name": "到店", "partner_id": shanghai_customer.id, "interaction_type": "visit"},
            ]
        )
        domain = [("id", "in", logged.ids)]
        by_city = dict(Interaction._read_group(domain, ["partner_city"], ["__count"]))
        self.assertEqual(by_city, {"杭州市": 2, "上海市": 1})
        by_district = dict(Interaction._read_group(domain, ["partner_district"], ["__count"]))
        self.assertEqual(by_district, {"西湖区": 2, "静安区": 1})
        by_province = dict(Interaction._read_group(domain, ["partner_state_id"], ["__count"]))
        self.assertEqual(by_province, {self.zhejiang: 2, self.shanghai: 1})
        # the customer moves: the report follows
        shanghai_customer.write({"district": "徐汇区"})
        self.assertEqual(dict(Interaction._read_group(domain, ["partner_district"], ["__count"]))["徐汇区"], 1)
