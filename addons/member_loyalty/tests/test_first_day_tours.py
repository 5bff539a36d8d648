from datetime import date, timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.customer_core.tests.first_day_tour import FirstDayTourMixin

from .common import MemberLoyaltyCommon


@tagged("post_install", "-at_install", "-standard", "first_day")
class TestFirstDayTours(FirstDayTourMixin, MemberLoyaltyCommon, HttpCase):
    """The first day of a store cashier, a store manager and the head office (readme/USAGE.md),
    walked in Chinese at a desktop's and a phone's size; screenshots in
    .run/artefacts/screenshots/<role>/ (customer_core/tests/first_day_tour.py)."""

    # a Chinese head office: its company in China, in yuan (AccountTestInvoicingCommon), on Odoo's
    # generic chart (l10n_cn is not a dependency of the line)
    country_code = "CN"
    chart_template = "generic_coa"

    @classmethod
    def _create_company(cls, **create_values):
        cls.env.ref("base.CNY").active = True
        return super()._create_company(**create_values)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._first_day_zh_cn(["base", "web", "mail", "sale", "loyalty", "crm", "customer_core", "member_loyalty"])
        cls.head.name = "上海艺选总部"
        cls.tier_regular.name, cls.tier_silver.name, cls.tier_gold.name = "普通会员", "银卡", "金卡"
        cls.product_art.name, cls.product_frame.name = "水墨版画", "橡木画框"
        cls.program.name, cls.wallet_program.name = "会员积分", "会员储值"
        # 积分兑换: a gift of the points program, handed over at the counter
        tote = cls.env["product.product"].create({"name": "帆布袋", "type": "consu", "list_price": 69})
        cls.env["loyalty.reward"].create(
            {
                "program_id": cls.program.id,
                "reward_type": "product",
                "reward_product_id": tote.id,
                "required_points": 300,
            }
        )
        cls.store = cls.env["res.company"].create(
            {"name": "静安店", "parent_id": cls.head.id, "country_id": cls.env.ref("base.cn").id}
        )
        store_only = {"company_id": cls.store.id, "company_ids": [Command.set(cls.store.ids)]}
        cls.cashier = new_test_user(
            cls.env,
            login="ml_first_day_cashier",
            name="收银员 小林",
            lang="zh_CN",
            tz="Asia/Shanghai",
            groups="member_loyalty.group_member_cashier",
            **store_only,
        )
        cls.store_manager = new_test_user(
            cls.env,
            login="ml_first_day_store_manager",
            name="店长 陈静",
            lang="zh_CN",
            tz="Asia/Shanghai",
            # the role (readme/USAGE.md): the store's commissions bring its leads, who follows them
            # up and its after-sales tickets
            groups="member_loyalty.group_member_manager,member_loyalty.group_commission_store",
            **store_only,
        )
        cls.store.member_store_manager_id = cls.store_manager
        cls.head_office = new_test_user(
            cls.env,
            login="ml_first_day_head_office",
            name="总部 会员运营",
            lang="zh_CN",
            tz="Asia/Shanghai",
            groups="member_loyalty.group_member_manager",
            company_id=cls.head.id,
            company_ids=[Command.set((cls.head | cls.store).ids)],
        )
        member = cls._new_member("周晓燕", "13900001111", store=cls.store)
        member.member_card_id.with_company(cls.store)._member_post(
            [{"description": "开卡赠送", "issued": 800, "member_move_type": "adjust"}]
        )
        # a birthday next week: this month's birthday coupon (the daily job issues it)
        gift = cls.env["loyalty.program"].create(
            {
                "name": "生日礼券",
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
                            "discount": 88,
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )
        cls.head.write({"member_birthday_program_id": gift.id, "member_birthday_days_before": 7})
        today = fields.Date.today()
        cls.env["customer.key.date"].create(
            {
                "partner_id": member.id,
                "date_type_id": cls.env.ref("customer_core.date_type_birthday").id,
                "date": date(1992, today.month, today.day) + timedelta(days=5),
            }
        )
        cls.env["member.loyalty.engine"]._issue_birthday_coupons(today=today)
        # a year of purchases of a few members: the RFM analysis the head office reads
        Segment = cls.env["member.rfm.segment"]
        Segment.create({"name": "高价值", "company_id": cls.head.id, "r_min": 4, "r_max": 5, "f_min": 4, "f_max": 5})
        Segment.create({"name": "待唤醒", "company_id": cls.head.id, "r_min": 1, "r_max": 2, "f_min": 1, "f_max": 5})
        for i, (days, count, amount) in enumerate(
            [(3, 12, 680), (15, 8, 320), (40, 5, 260), (120, 3, 150), (200, 2, 90), (330, 1, 60)]
        ):
            cls._new_member(f"会员{'甲乙丙丁戊己'[i]}", store=cls.store).member_card_id._member_post(
                [
                    {
                        "description": "消费",
                        "issued": amount,
                        "member_move_type": "earn",
                        "spend_amount": amount,
                        "member_date": today - timedelta(days=days + k * 9),
                    }
                    for k in range(count)
                ]
            )
        cls.env["member.loyalty.engine"]._refresh_rfm(today=today)
        cls.env["sale.order"].with_company(cls.store).create(
            {
                "partner_id": member.id,
                "company_id": cls.store.id,
                "user_id": cls.cashier.id,
                "order_line": [Command.create({"product_id": cls.product_art.id, "product_uom_qty": 2})],
            }
        )
        counter = cls.env.ref("member_loyalty.utm_source_mini_program")
        cls.env["crm.lead"].sudo().create(
            [
                {
                    "name": name,
                    "type": "lead",
                    "contact_name": contact,
                    "phone": phone,
                    "source_id": counter.id,
                    "company_id": cls.store.id,
                    "user_id": cls.store_manager.id,
                }
                for name, contact, phone in (
                    ("小程序咨询：定制画框", "刘女士", "13700002222"),
                    ("小程序咨询：会员储值", "赵先生", "13700003333"),
                )
            ]
        )
        cls.env["helpdesk.ticket"].sudo().create(
            {
                "name": "相框破损，要求换货",
                "description": "<p>收到的橡木画框一角开裂。</p>",
                "partner_id": member.id,
                "team_id": cls.env.ref("member_loyalty.helpdesk_team_after_sales").id,
                "category_id": cls.env.ref("member_loyalty.helpdesk_category_exchange").id,
                "user_id": cls.store_manager.id,
                "company_id": cls.store.id,
            }
        )

    def test_store_cashier_desktop(self):
        self.run_first_day_tour(
            "store_cashier", "member_loyalty_first_day_store_cashier", self.cashier.login, "desktop"
        )

    def test_store_cashier_phone(self):
        self.run_first_day_tour("store_cashier", "member_loyalty_first_day_store_cashier", self.cashier.login, "phone")

    def test_store_manager_desktop(self):
        self.run_first_day_tour(
            "store_manager", "member_loyalty_first_day_store_manager", self.store_manager.login, "desktop"
        )

    def test_store_manager_phone(self):
        self.run_first_day_tour(
            "store_manager", "member_loyalty_first_day_store_manager", self.store_manager.login, "phone"
        )

    def test_head_office_desktop(self):
        self.run_first_day_tour(
            "head_office",
            "member_loyalty_first_day_head_office",
            self.head_office.login,
            "desktop",
            companies=self.head | self.store,
        )

    def test_head_office_phone(self):
        self.run_first_day_tour(
            "head_office",
            "member_loyalty_first_day_head_office",
            self.head_office.login,
            "phone",
            companies=self.head | self.store,
        )
