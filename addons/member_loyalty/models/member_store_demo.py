import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models


class MemberLoyaltyEngine(models.AbstractModel):
    _inherit = "member.loyalty.engine"

    @api.model
    def _generate_store_service_demo(self, stores, seed=2025):
        """Demo: store leads with their follow-up, a settled month of commissions, open tickets."""
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
        """Last month's paid sales (and one refund) of the staff, settled."""
        if not all(stores.mapped("chart_template")):
            # stores created in this transaction get their accounting (a branch's chart) at commit
            self.env.cr.precommit.run()
        users = self.env["res.users"].search([("company_id", "in", stores.ids), ("share", "=", False)])
        sellers = users.filtered(lambda user: user.has_group("member_loyalty.group_commission_own"))
        managers = stores.member_store_manager_id
        for user in sellers:
            role = "store_manager" if user in managers else "salesperson"
            user.partner_id.write({"agent": True, "member_commission_role": role, "settlement": "monthly"})
        Category = self.env["product.category"]
        framing = Category.create({"name": "装裱画框"})
        prints = Category.create({"name": "艺术微喷"})
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
        Product = self.env["product.product"]
        products = Product.create(
            [
                {"name": "实木画框 60×90", "categ_id": framing.id, "list_price": 1280, "type": "consu"},
                {"name": "博物馆级微喷 A2", "categ_id": prints.id, "list_price": 2600, "type": "consu"},
                {"name": "礼品包装", "list_price": 60, "type": "service"},
            ]
        )
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
        self.env["commission.make.settle"].create(
            {
                "date_to": month_start + relativedelta(months=1),
                "settlement_type": "sale_invoice",
                "agent_ids": [Command.set(sellers.partner_id.ids)],
            }
        ).action_settle()

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
