import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.tools import SQL

# the member settings the data file gives Odoo's main company, copied onto the demo group's head office
HEAD_RECORDS = (
    "program_member_points",
    "program_member_wallet",
    "tier_regular",
    "tier_silver",
    "tier_gold",
    "tier_diamond",
    "rfm_segment_champions",
    "rfm_segment_potential",
    "rfm_segment_loyal",
    "rfm_segment_attention",
    "rfm_segment_at_risk",
    "rfm_segment_lost",
)

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
        # a year of paid invoices (posted and paid the Odoo way), their points in the ledger on the purchase day
        rows = []
        for partner in partners:
            visits = rng.choice([0, 1, 1, 2, 2, 3, 4, 5, 6, 8])
            big = rng.random() < 0.1
            for _v in range(visits):
                day = today - timedelta(days=rng.randint(1, 365))
                spend = round(rng.uniform(80, 900) * (6 if big else 1), 2)
                store = stores[rng.randrange(len(stores))] if rng.random() < 0.2 else partner.member_store_id
                rows.append((partner, store, day, spend))
        # walk-in customers who are not members
        walk_ins = Partner.create(
            [{"name": rng.choice(SURNAMES) + rng.choice(GIVEN), "lang": vals[0]["lang"]} for _i in range(members // 5)]
        )
        for partner in walk_ins:
            for _v in range(rng.choice([1, 1, 2, 3])):
                rows.append(
                    (
                        partner,
                        stores[rng.randrange(len(stores))],
                        today - timedelta(days=rng.randint(1, 365)),
                        round(rng.uniform(60, 700), 2),
                    )
                )
        self._demo_ledger(self._demo_paid_invoices(stores, rows, rng))
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
    def _demo_catalogue(self):
        """The demo shop's product categories and products (created once, shared by the demo steps)."""
        Category = self.env["product.category"]
        Product = self.env["product.product"]
        catalogue = [
            ("装裱画框", [("实木画框 60×90", 1280, "consu"), ("铝合金画框 40×50", 460, "consu")]),
            ("艺术微喷", [("博物馆级微喷 A2", 2600, "consu"), ("艺术微喷 A4", 380, "consu")]),
            ("摄影服务", [("家庭写真套餐", 1680, "service"), ("证件照精修", 120, "service")]),
        ]
        products = Product
        for categ_name, items in catalogue:
            categ = Category.search([("name", "=", categ_name)], limit=1) or Category.create({"name": categ_name})
            for name, price, kind in items:
                product = Product.search([("name", "=", name), ("categ_id", "=", categ.id)], limit=1)
                products |= product or Product.create(
                    {"name": name, "categ_id": categ.id, "list_price": price, "type": kind, "taxes_id": False}
                )
        return products

    @api.model
    def _demo_paid_invoices(self, stores, rows, rng):
        """Customer invoices of the demo purchases ``rows`` [(partner, store, day, amount)], posted and
        paid in full through the payment wizard (cash journal of the head office)."""
        if not all(stores.mapped("chart_template")):
            # stores created in this transaction get their accounting (a branch's chart) at commit
            self.env.cr.precommit.run()
        products = self._demo_catalogue()
        journal = stores[:1].root_id.member_wallet_journal_id
        Move = self.env["account.move"].with_context(tracking_disable=True, loyalty_no_mail=True)
        invoices = Move
        for store in stores:
            vals_list = [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": day,
                    "date": day,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": rng.choice(products).id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": False,
                            }
                        )
                    ],
                }
                for partner, row_store, day, amount in rows
                if row_store == store
            ]
            if not vals_list:
                continue
            store_invoices = Move.with_company(store).create(vals_list)
            store_invoices.action_post()
            if journal:  # one receipt per customer and store for the demo year (one payment each is slow)
                self.env["account.payment.register"].with_company(store).with_context(
                    active_model="account.move", active_ids=store_invoices.ids
                ).create({"journal_id": journal.id, "group_payment": True})._create_payments()
            invoices |= store_invoices
        return invoices

    @api.model
    def _demo_ledger(self, invoices):
        """Points of paid demo invoices, earned on the invoice's day (the nightly posting would date
        them today), and the cards' balances summed from the ledger."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
INSERT INTO loyalty_history (card_id, partner_id, store_id, description, issued, used,
                             member_ledger, member_move_type, expiry_date, spend_amount, member_date,
                             order_model, order_id, source_move_id,
                             create_uid, create_date, write_uid, write_date)
SELECT p.member_card_id, p.id, m.company_id, %(label)s || ' ' || m.name,
       FLOOR(m.amount_untaxed), 0, TRUE, 'earn',
       (m.invoice_date + make_interval(months => COALESCE(head.member_points_expiry_months, 12)))::date,
       m.amount_untaxed, m.invoice_date, 'account.move', m.id, m.id, %(uid)s, m.invoice_date, %(uid)s, m.invoice_date
  FROM account_move m
  JOIN res_partner p ON p.id = m.commercial_partner_id AND p.member_card_id IS NOT NULL
  JOIN res_company c ON c.id = m.company_id
  JOIN res_company head ON head.id = split_part(c.parent_path, '/', 1)::int
 WHERE m.id = ANY(%(ids)s) AND m.move_type = 'out_invoice'
                """,
                label=self.env._("Points earned on"),
                uid=self.env.uid,
                ids=invoices.ids,
            )
        )
        self.env.cr.execute(
            SQL(
                """
UPDATE loyalty_card c SET points = s.total
  FROM (SELECT card_id, SUM(issued - used) AS total FROM loyalty_history
         WHERE member_ledger AND card_id IN (SELECT member_card_id FROM res_partner
                                             WHERE id IN (SELECT commercial_partner_id FROM account_move
                                                           WHERE id = ANY(%s)))
      GROUP BY card_id) s
 WHERE c.id = s.card_id
                """,
                invoices.ids,
            )
        )
        self.env["loyalty.card"].invalidate_model(["points"])
        self.env["loyalty.history"].invalidate_model()

    @api.model
    def _generate_demo_campaigns(self, head, rng):
        """Two past campaigns, sent 90 and 45 days ago, with their results."""
        today = fields.Date.context_today(self)
        Segment = self.env["member.rfm.segment"]
        for name, segment_xmlid, days_ago, control in (
            ("老客唤醒：满500减50", "member_loyalty.demo_group_rfm_segment_at_risk", 90, 20),
            ("金卡会员新品预览", "member_loyalty.demo_group_rfm_segment_champions", 45, 10),
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
                    "fixed_cost": 2500,  # design, printing, the store team's hours
                    "cost_per_message": 0.05,
                }
            )
            campaign.action_send(seed=rng.randint(0, 10**6))
            campaign.date_sent = fields.Date.subtract(today, days=days_ago)
            # about a third of the members reached came to buy within the window (the control group did not hear of it)
            reached = campaign.target_ids.filtered(lambda target: not target.is_control).partner_id
            rows = [
                (
                    partner,
                    partner.member_store_id,
                    campaign.date_sent + timedelta(days=rng.randint(1, 25)),
                    round(rng.uniform(400, 1600), 2),
                )
                for partner in reached
                if rng.random() < 0.35
            ]
            if rows:
                self._demo_ledger(self._demo_paid_invoices(reached.member_store_id, rows, rng))
            campaign.action_update_results()

    # store leads, commissions and after-sales tickets
    @api.model
    def _generate_store_service_demo(self, stores, seed=2025):
        """Demo: store leads with their follow-up, a month of paid sales to settle commissions on, open tickets."""
        rng = random.Random(seed)
        stores = self.env["res.company"].browse(stores)
        self._demo_store_leads(stores, rng)
        self._demo_store_commissions(stores, rng)
        self._demo_service_tickets(stores, rng)
        return True

    @api.model
    def _demo_store_leads(self, stores, rng):
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        channels = ["mini_program", "website", "counter", "event"]
        sources = {
            channel: self.env["utm.source"].search([("member_lead_channel", "=", channel)], limit=1)
            for channel in channels
        }
        subjects = ["婚纱照套餐咨询", "家庭写真预约", "装裱报价", "会员活动报名", "画框定制", "儿童写真咨询"]
        leads = self.env["crm.lead"]
        for i in range(18):
            store = stores[i % len(stores)]
            team = self.env["crm.team"].search([("company_id", "=", store.id)], limit=1)
            channel = channels[i % len(channels)]
            leads |= self.env["crm.lead"].create(
                {
                    "name": f"{rng.choice(subjects)} · {i + 1:02d}",
                    "type": "lead",
                    "contact_name": f"客户{i + 1:02d}",
                    "phone": f"+86 139 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                    "company_id": store.id,
                    "team_id": team.id,
                    "source_id": sources[channel].id,
                    "user_id": False,
                }
            )
        leads._member_assign_by_rules()
        for lead in leads.filtered("user_id"):
            kind = rng.randrange(4)
            if kind == 0:  # followed, next step planned
                lead.write(
                    {"last_contact_date": now - timedelta(days=1), "next_followup_date": today + timedelta(days=3)}
                )
            elif kind == 1:  # follow-up date missed
                lead.write(
                    {"last_contact_date": now - timedelta(days=4), "next_followup_date": today - timedelta(days=2)}
                )
            elif kind == 2:  # nobody called for 10 days: the pool takes it back
                lead.write({"last_contact_date": now - timedelta(days=10), "date_open": now - timedelta(days=12)})
        self.env["customer.pool.rule"]._reclaim(now)

    @api.model
    def _demo_store_commissions(self, stores, rng):
        """Last month's paid sales (and one refund) of the staff, their commissions ready to settle."""
        if not all(stores.mapped("chart_template")):
            # stores created in this transaction get their accounting (a branch's chart) at commit
            self.env.cr.precommit.run()
        users = self.env["res.users"].search([("company_id", "in", stores.ids), ("share", "=", False)])
        sellers = users.filtered(lambda user: user.has_group("member_loyalty.group_commission_own"))
        managers = stores.member_store_manager_id
        for user in sellers:
            role = "store_manager" if user in managers else "salesperson"
            user.partner_id.write({"agent": True, "member_commission_role": role, "settlement": "monthly"})
        catalogue = self._demo_catalogue()
        framing = catalogue.categ_id.filtered(lambda categ: categ.name == "装裱画框")
        prints = catalogue.categ_id.filtered(lambda categ: categ.name == "艺术微喷")
        self.env.ref("member_loyalty.demo_commission_salesperson").category_rate_ids = [
            Command.create({"categ_id": framing.id, "percent": 5}),
            Command.create({"categ_id": prints.id, "percent": 8}),
        ]
        self.env.ref("member_loyalty.demo_commission_store_manager").write(
            {
                "commission_type": "achievement",
                "section_ids": [
                    Command.create({"amount_from": 0, "amount_to": 20000, "percent": 0.5}),
                    Command.create({"amount_from": 20000, "amount_to": 50000, "percent": 1}),
                    Command.create({"amount_from": 50000, "amount_to": 99999999, "percent": 1.5}),
                ],
            }
        )
        products = catalogue.filtered(lambda product: product.categ_id in framing | prints)[:2] | self.env[
            "product.product"
        ].create({"name": "礼品包装", "list_price": 60, "type": "service"})
        month_start = fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        journal = stores[:1].root_id.member_wallet_journal_id
        members = self.env["res.partner"].search([("is_member", "=", True)], limit=40)
        if not (journal and members and sellers):
            return
        invoices = self.env["account.move"]
        for i in range(16):
            seller = sellers[i % len(sellers)]
            store = seller.company_id
            member = members[rng.randrange(len(members))]
            day = month_start + timedelta(days=rng.randint(0, 27))
            lines = [
                Command.create({"product_id": product.id, "quantity": rng.randint(1, 3), "tax_ids": False})
                for product in rng.sample(list(products), 2)
            ]
            invoices |= (
                self.env["account.move"]
                .with_company(store)
                .create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": member.id,
                        "invoice_user_id": seller.id,
                        "invoice_date": day,
                        "invoice_line_ids": lines,
                    }
                )
            )
        refund = invoices[:1]._reverse_moves([{"invoice_date": month_start + timedelta(days=27)}])
        (invoices | refund).action_post()
        for move in invoices | refund:
            self.env["account.payment.register"].with_company(move.company_id).with_context(
                active_model="account.move", active_ids=move.ids
            ).create({"journal_id": journal.id, "payment_date": move.invoice_date})._create_payments()
        self._demo_ledger(invoices)
        self._post_points(move_ids=refund.ids)
        # Last month is left for the store manager to settle (Commissions > Settle): a settlement
        # in the demo would be counted by OCA's own tests, which search every settled settlement of
        # the database (account_commission_oca's _check_invoice_thru_settle expects none).

    @api.model
    def _demo_service_tickets(self, stores, rng):
        team = self.env.ref("member_loyalty.helpdesk_team_after_sales")
        categories = [
            self.env.ref("member_loyalty.helpdesk_category_repair"),
            self.env.ref("member_loyalty.helpdesk_category_exchange"),
            self.env.ref("member_loyalty.helpdesk_category_complaint"),
        ]
        titles = ["画框边角开裂需维修", "尺寸不合适申请换货", "取件等候时间过长", "玻璃划痕", "颜色与样品不符"]
        members = self.env["res.partner"].search([("is_member", "=", True), ("member_store_id", "in", stores.ids)])
        tickets = self.env["helpdesk.ticket"]
        for i, title in enumerate(titles):
            member = members[rng.randrange(len(members))] if members else self.env["res.partner"]
            tickets |= self.env["helpdesk.ticket"].create(
                {
                    "name": title,
                    "description": f"<p>{title}</p>",
                    "team_id": team.id,
                    "category_id": categories[i % len(categories)].id,
                    "partner_id": member.id,
                    "company_id": (member.member_store_id or stores[:1]).id,
                }
            )
        done = tickets[:1]
        done.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        if done.rating_ids:
            done.rating_apply(5, token=done.rating_ids[:1].access_token, feedback="处理及时，很满意")
        tickets[1:2].stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")

    @api.model
    def _demo_setup_group(self, head_id):
        """The demo group's head office (customer_core's root company in CNY, not Odoo's main
        company) runs the membership as the data sets it up on the main company: its own points and
        stored value programs, tiers and RFM segments (copies, with their translations), its
        stored value accounts. Each copy gets the xmlid ``member_loyalty.demo_group_<record>``."""
        head = self.env["res.company"].browse(head_id)
        data = self.env["ir.model.data"]
        copies = {}
        for xmlid in HEAD_RECORDS:
            record = self.env.ref(f"member_loyalty.{xmlid}")
            copy = record.copy({"company_id": head.id})
            # copy() keeps every translation but may mark the name as a copy
            copy.with_context(lang="en_US").name = record.with_context(lang="en_US").name
            # (Chinese only when the record has it already: the .po of the module loads after its demo
            # and fills the copies by their xmlids; an English name written as Chinese would stay)
            if self.env["res.lang"]._get_code("zh_CN"):
                chinese = record.with_context(lang="zh_CN").name
                if chinese != record.with_context(lang="en_US").name:
                    copy.with_context(lang="zh_CN").name = chinese
            data.create(
                {
                    "module": "member_loyalty",
                    "name": f"demo_group_{xmlid}",
                    "model": copy._name,
                    "res_id": copy.id,
                    "noupdate": True,
                }
            )
            copies[xmlid] = copy
        # the copies' rewards keep the products loyalty made for them (a product shared by the rewards of
        # two programs cannot be archived with one of them: Odoo's own loyalty tests archive every
        # program first); they post as the data's do: no tax, stored value to the prepayment account
        for key in ("program_member_points", "program_member_wallet"):
            copies[key].reward_ids.discount_line_product_id.write({"taxes_id": [Command.clear()]})
        head.write(
            {
                "member_program_id": copies["program_member_points"].id,
                "member_wallet_program_id": copies["program_member_wallet"].id,
                "member_sequence_id": self.env.ref("member_loyalty.seq_member_number").id,
            }
        )
        head._member_setup_accounting()
        # with Odoo's stock installed (the whole suite), the group's stores sell goods from their own
        # warehouse: Odoo makes one only for the first company and for companies created in its tests
        if "stock.warehouse" in self.env:
            branches = self.env["res.company"].search([("id", "child_of", head.id)])
            stocked = self.env["stock.warehouse"].search([("company_id", "in", branches.ids)]).company_id
            self.env["stock.warehouse"].create(
                [{"name": company.name, "company_id": company.id} for company in branches - stocked]
            )
        if head.member_prepayment_account_id:
            wallet = copies["program_member_wallet"].reward_ids.discount_line_product_id.product_tmpl_id
            wallet.with_company(head).write({"property_account_income_id": head.member_prepayment_account_id.id})
        return True
