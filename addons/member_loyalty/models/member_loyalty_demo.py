import random
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
    "于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "晓明",
    "思远",
    "雨桐",
    "子涵",
    "欣怡",
    "浩然",
    "梓萱",
    "一诺",
    "佳怡",
    "俊杰",
    "雅琪",
    "宇轩",
    "诗涵",
    "博文",
    "若曦",
    "嘉怡",
]


class MemberLoyaltyEngine(models.AbstractModel):
    _inherit = "member.loyalty.engine"

    @api.model
    def _generate_demo_data(self, stores, members=200, seed=2024):
        """Demo: members over the stores with a year of purchases (fast: SQL for the ledger)."""
        rng = random.Random(seed)
        stores = self.env["res.company"].browse(stores)
        head = stores[:1].root_id
        today = fields.Date.context_today(self)
        Partner = self.env["res.partner"].with_context(tracking_disable=True)
        vals = []
        for i in range(members):
            store = stores[i % len(stores)]
            vals.append(
                {
                    "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                    "phone": "+86 1%02d %04d %04d" % (rng.choice([38, 39, 58, 86, 35]), rng.randint(0, 9999), i),
                    "email": f"member{i:03d}@example.cn",
                    "lang": "zh_CN" if self.env["res.lang"]._get_data(code="zh_CN") else "en_US",
                    "member_store_id": store.id,
                    "marketing_consent": rng.random() < 0.7,
                    "city": {0: "上海", 1: "上海", 2: "上海"}[i % 3],
                }
            )
        partners = Partner.create(vals)
        for store in stores:
            partners.filtered(lambda p, s=store: p.member_store_id == s).with_context(
                loyalty_no_mail=True
            ).action_member_enroll(store=store, channel="counter")
        birthday = self.env.ref("customer_core.date_type_birthday")
        self.env["customer.key.date"].create(
            [
                {
                    "partner_id": partner.id,
                    "date_type_id": birthday.id,
                    "date": fields.Date.subtract(today, years=rng.randint(20, 60), days=rng.randint(0, 364)),
                }
                for partner in partners
                if rng.random() < 0.8
            ]
        )
        # a year of paid orders, as ledger entries of points earned (spend x tier multiplier)
        rows = []
        for partner in partners:
            visits = rng.choice([0, 1, 2, 3, 4, 6, 8, 12, 18, 24])
            big = rng.random() < 0.1
            for _v in range(visits):
                day = today - timedelta(days=rng.randint(1, 365))
                spend = round(rng.uniform(80, 900) * (6 if big else 1), 2)
                store = stores[rng.randrange(len(stores))] if rng.random() < 0.2 else partner.member_store_id
                rows.append((partner.member_card_id.id, partner.id, store.id, day, spend))
        self.env.flush_all()
        expiry_months = head.member_points_expiry_months
        self.env.cr.execute(
            SQL(
                """
INSERT INTO loyalty_history (card_id, partner_id, store_id, description, issued, used,
                             member_ledger, member_move_type, expiry_date, spend_amount, member_date,
                             create_uid, create_date, write_uid, write_date)
SELECT r.card_id, r.partner_id, r.store_id, %(label)s, FLOOR(r.spend), 0, TRUE, 'earn',
       (r.day + make_interval(months => %(months)s))::date, r.spend, r.day,
       %(uid)s, r.day, %(uid)s, r.day
  FROM (VALUES %(rows)s) AS r(card_id, partner_id, store_id, day, spend)
                """,
                label=self.env._("Points earned on a store purchase"),
                months=expiry_months,
                uid=self.env.uid,
                rows=SQL(", ").join(SQL("(%s, %s, %s, %s::date, %s::numeric)", *row) for row in rows),
            )
        )
        self.env.cr.execute(
            SQL(
                """
UPDATE loyalty_card c SET points = s.total
  FROM (SELECT card_id, SUM(issued - used) AS total FROM loyalty_history
         WHERE member_ledger AND card_id = ANY(%s) GROUP BY card_id) s
 WHERE c.id = s.card_id
                """,
                partners.member_card_id.ids,
            )
        )
        self.env["loyalty.card"].invalidate_model(["points"])
        self.env["loyalty.history"].invalidate_model()
        self._review_tiers(partner_ids=partners.ids, upgrade_only=True)
        self._refresh_rfm()
        self._generate_demo_campaigns(head, rng)
        if head.member_prepayment_account_id and head.member_wallet_journal_id:
            for partner in partners[:30]:
                partner.member_wallet_id.with_company(partner.member_store_id)._member_wallet_topup(
                    rng.choice([500, 1000, 2000, 3000]), head.member_wallet_journal_id
                )
        return True

    @api.model
    def _generate_demo_campaigns(self, head, rng):
        """Two past campaigns, sent 90 and 45 days ago, with their results."""
        today = fields.Date.context_today(self)
        Segment = self.env["member.rfm.segment"]
        for name, segment_xmlid, days_ago, control in (
            ("老客唤醒：满500减50", "member_loyalty.rfm_segment_at_risk", 90, 20),
            ("金卡会员新品预览", "member_loyalty.rfm_segment_champions", 45, 10),
        ):
            segment = self.env.ref(segment_xmlid, raise_if_not_found=False) or Segment
            if not segment or not segment.member_count:
                continue
            campaign = self.env["member.campaign"].create(
                {
                    "name": name,
                    "company_id": head.id,
                    "rfm_segment_id": segment.id,
                    "channel": "sms",
                    "sms_template_id": self.env.ref("member_loyalty.sms_template_campaign").id,
                    "control_percent": control,
                    "attribution_days": 30,
                    "fixed_cost": 300,
                    "cost_per_message": 0.05,
                }
            )
            campaign.action_send(seed=rng.randint(0, 10**6))
            campaign.date_sent = fields.Date.subtract(today, days=days_ago)
            campaign.action_update_results()
