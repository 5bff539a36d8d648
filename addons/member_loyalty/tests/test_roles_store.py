import json
from datetime import datetime, timedelta
from xmlrpc.client import Fault

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import MemberLoyaltyCommon


class StoreRolesCommon(MemberLoyaltyCommon, HttpCase):
    """Two stores under the head office, each with its cashier allowed that store only (as
    the demo's store staff are), a member of each store, and the head office's manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        china = cls.env.ref("base.cn")
        cls.store_a = Company.create({"name": "角色测试 A 店", "parent_id": cls.head.id, "country_id": china.id})
        cls.store_b = Company.create({"name": "角色测试 B 店", "parent_id": cls.head.id, "country_id": china.id})
        cls.cashier_a = cls._store_user("ml_role_cashier_a", cls.store_a)
        cls.cashier_b = cls._store_user("ml_role_cashier_b", cls.store_b)
        chain = cls.head | cls.store_a | cls.store_b
        cls.head_manager = new_test_user(
            cls.env,
            login="ml_role_head_manager",
            groups="member_loyalty.group_member_manager,account.group_account_invoice",
            company_id=cls.head.id,
            company_ids=[Command.set(chain.ids)],
        )
        cls.member_a = cls._new_member("A 店会员", "+86 139 1000 2001", store=cls.store_a)
        cls.member_b = cls._new_member("B 店会员", "+86 139 1000 2002", store=cls.store_b)
        cls.members = cls.member_a | cls.member_b
        for member, store in ((cls.member_a, cls.store_a), (cls.member_b, cls.store_b)):
            member.member_card_id.with_company(store)._member_post(
                [{"description": "opening", "issued": 500, "member_move_type": "adjust"}]
            )

    @classmethod
    def _store_user(
        cls,
        login,
        store,
        groups="member_loyalty.group_member_cashier,account.group_account_invoice,base.group_allow_export",
    ):
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=store.id,
            company_ids=[Command.set(store.ids)],
        )

    def _rpc(self, login, model, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, login, model, method, list(args), kwargs)

    def _json2(self, user, model, method, payload):
        key = (
            self.env["res.users.apikeys"].with_user(user)._generate("rpc", "test", datetime.now() + timedelta(days=0.5))
        )
        response = self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json", "Authorization": f"bearer {key}"},
        )
        return response


@tagged("post_install", "-at_install")
class TestCashierOfOneStore(StoreRolesCommon):
    """#23 point 1: a cashier allowed only their store enrols, tops up, pays with stored
    value and redeems points: the head office's settings are read by the server, not as
    the cashier (who may not read the head office's company)."""

    def test_cashier_reads_no_head_office_company(self):
        # the premise: Odoo's company rule refuses the head office to the store's cashier
        with self.assertRaises(AccessError):
            self.head.with_user(self.cashier_a).read(["name"])

    def test_store_cashier_daily_work_orm(self):
        env = self.env(user=self.cashier_a, context=dict(self.env.context, allowed_company_ids=self.store_a.ids))
        partner = env["res.partner"].create({"name": "新会员", "phone": "139 2000 3001"})
        partner.action_member_enroll()
        self.assertTrue(partner.is_member)
        self.assertEqual(partner.member_store_id, self.store_a)
        self.assertTrue(partner.member_card_id and partner.member_wallet_id)

        Wallet = env["member.wallet.operation"]
        Wallet.create({"partner_id": partner.id, "operation": "topup", "amount": 1000}).action_confirm()
        env.invalidate_all()  # the balance moved in SQL, as a new request would read it
        self.assertEqual(partner.member_balance, 1100)  # the chain's bonus rule: 100 over 1,000
        Wallet.create({"partner_id": partner.id, "operation": "spend", "amount": 300}).action_confirm()
        env.invalidate_all()
        self.assertEqual(partner.member_balance, 800)
        self.assertEqual(self._ledger_sum(partner.sudo().member_wallet_id), 800)

        # redeem the member's points on a quotation of the store
        order = env["sale.order"].create(
            {
                "partner_id": self.member_a.id,
                "order_line": [Command.create({"product_id": self.product_frame.id, "product_uom_qty": 1})],
            }
        )
        redeem = env["member.points.redeem"].create({"order_id": order.id, "points": 100})
        redeem.action_apply()
        self.assertAlmostEqual(order.amount_total, 99.0)

    def test_store_cashier_daily_work_rpc(self):
        login = "ml_role_cashier_a"
        partner_id = self._rpc(login, "res.partner", "create", {"name": "远程会员", "phone": "139 2000 3002"})
        self._rpc(login, "res.partner", "action_member_enroll", [partner_id])
        data = self._rpc(login, "res.partner", "read", [partner_id], ["is_member", "member_store_id"])[0]
        self.assertTrue(data["is_member"])
        self.assertEqual(data["member_store_id"][0], self.store_a.id)
        for operation, amount in (("topup", 200), ("spend", 50)):
            wizard = self._rpc(
                login,
                "member.wallet.operation",
                "create",
                {"partner_id": partner_id, "operation": operation, "amount": amount},
            )
            self._rpc(login, "member.wallet.operation", "action_confirm", [wizard])
        data = self._rpc(login, "res.partner", "read", [partner_id], ["member_balance"])[0]
        self.assertEqual(data["member_balance"], 150)

    def test_store_cashier_redeems_points_at_the_counter(self):
        """#17: points are redeemed at the counter from the member, without a quotation: a gift, a
        service or a coupon the member program offers, through the card's ledger."""
        gift = self.env["product.product"].create({"name": "帆布袋", "type": "consu", "list_price": 39})
        coupon_program = self.env["loyalty.program"].create(
            {
                "name": "积分兑换 10 元代金券",
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "company_id": self.head.id,
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_order",
                            "discount": 10,
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )
        Reward = self.env["loyalty.reward"]
        gift_reward = Reward.create(
            {
                "program_id": self.program.id,
                "reward_type": "product",
                "reward_product_id": gift.id,
                "required_points": 200,
            }
        )
        coupon_reward = Reward.create(
            {
                "program_id": self.program.id,
                "reward_type": "discount",
                "discount_mode": "per_order",
                "discount": 10,
                "discount_applicability": "order",
                "required_points": 300,
                "member_coupon_program_id": coupon_program.id,
            }
        )
        env = self.env(user=self.cashier_a, context=dict(self.env.context, allowed_company_ids=self.store_a.ids))
        member = env["res.partner"].browse(self.member_a.id)
        # from the member's card (Membership tab), no order: the gifts and coupons, not the per-point discount
        action = member.action_member_redeem_points()
        wizard = Form(env["member.points.redeem"].with_context(**action["context"]))
        self.assertEqual(wizard.partner_id, member)
        self.assertEqual(wizard.available_points, 500)
        self.assertEqual(wizard.counter_reward_ids.ids, (gift_reward | coupon_reward).ids)
        wizard.reward_id = gift_reward
        wizard.quantity = 2
        self.assertEqual(wizard.points, 400)
        answer = wizard.save().action_apply()
        self.assertEqual(answer["tag"], "display_notification")
        env.invalidate_all()
        self.assertEqual(member.member_points, 100)
        card = member.sudo().member_card_id
        redeem = card.history_ids.filtered(lambda h: h.member_move_type == "redeem")
        self.assertEqual((redeem.used, redeem.store_id, redeem.order_id), (400, self.store_a, 0))
        self.assertEqual(self._ledger_sum(card), 100)
        # never below zero: 300 points are refused with 100 left, and nothing is given
        wizard = Form(env["member.points.redeem"].with_context(**action["context"]))
        wizard.reward_id = coupon_reward
        with self.assertRaisesRegex(UserError, "100"):
            wizard.save().action_apply()
        env.invalidate_all()
        self.assertEqual(member.member_points, 100)
        self.assertFalse(env["loyalty.card"].sudo().search([("program_id", "=", coupon_program.id)]))
        # a member of another store, found at the counter by phone: a coupon to use on a later purchase
        lookup = env["member.lookup"].create({"query": "+86 139 1000 2002"})
        lookup._onchange_query()
        self.assertEqual(lookup.partner_id, self.member_b)
        wizard = Form(env["member.points.redeem"].with_context(**lookup.action_redeem_points()["context"]))
        wizard.reward_id = coupon_reward
        answer = wizard.save().action_apply()
        coupon = env["loyalty.card"].sudo().search([("program_id", "=", coupon_program.id)])
        self.assertEqual((coupon.partner_id, coupon.points), (self.member_b, 1))
        self.assertIn(coupon.code, answer["params"]["message"])
        self.assertEqual(self.member_b.member_points, 200)
        # a reward that is not the member program's counter reward is refused, whatever the client sends
        with self.assertRaises(UserError):
            env["member.points.redeem"].create(
                {"partner_id": self.member_b.id, "reward_id": self.program.reward_ids[0].id, "points": 1}
            ).action_apply()
        # a member of another store not found at the counter is not served
        other = self._new_member("C 店会员", "+86 139 1000 2003", store=self.store_b)
        with self.assertRaises(AccessError):
            env["member.points.redeem"].create({"partner_id": other.id, "reward_id": gift_reward.id}).action_apply()


@tagged("post_install", "-at_install")
class TestStoresOwnTheirMembers(StoreRolesCommon):
    """#23 point 9: store B's cashier lists, reads, groups and exports store B's members and
    cards only (ORM, XML-RPC, JSON-2); at the counter they find any member of the chain by an
    exact card code or phone number, and that look-up is logged; the head office sees all."""

    def test_store_b_does_not_see_store_a_members_orm(self):
        Partner = self.env(user=self.cashier_b)["res.partner"]
        self.assertEqual(Partner.search([("id", "in", self.members.ids)]), self.member_b)
        self.assertEqual(Partner.search([("phone", "ilike", "139 1000 20")]), self.member_b)
        with self.assertRaises(AccessError):
            self.member_a.with_user(self.cashier_b).read(["name", "member_balance"])
        groups = Partner._read_group([("id", "in", self.members.ids)], ["member_store_id"], ["__count"])
        self.assertEqual(groups, [(self.store_b, 1)])
        exported = Partner.search([("id", "in", self.members.ids)]).export_data(["name", "member_points"])
        self.assertEqual(exported["datas"], [["B 店会员", 500.0]])
        with self.assertRaises(AccessError):
            self.member_a.with_user(self.cashier_b).export_data(["name"])
        cards = self.members.member_card_id | self.members.member_wallet_id
        Card = self.env(user=self.cashier_b)["loyalty.card"]
        self.assertEqual(
            Card.search([("id", "in", cards.ids)]), self.member_b.member_card_id | self.member_b.member_wallet_id
        )
        with self.assertRaises(AccessError):
            self.member_a.member_card_id.with_user(self.cashier_b).read(["points"])
        History = self.env(user=self.cashier_b)["loyalty.history"]
        self.assertEqual(History.search([("card_id", "in", cards.ids)]).partner_id, self.member_b)
        # store A's cashier, symmetrically
        self.assertEqual(
            self.env(user=self.cashier_a)["res.partner"].search([("id", "in", self.members.ids)]), self.member_a
        )

    def test_store_b_does_not_see_store_a_members_rpc(self):
        login = "ml_role_cashier_b"
        rows = self._rpc(
            login, "res.partner", "search_read", [("id", "in", self.members.ids)], fields=["name", "member_balance"]
        )
        self.assertEqual([row["id"] for row in rows], self.member_b.ids)
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._rpc(login, "res.partner", "read", self.member_a.ids, ["member_balance"])
        groups = self._rpc(
            login,
            "res.partner",
            "formatted_read_group",
            [("id", "in", self.members.ids)],
            groupby=["member_store_id"],
            aggregates=["__count"],
        )
        self.assertEqual([(g["member_store_id"][0], g["__count"]) for g in groups], [(self.store_b.id, 1)])
        exported = self._rpc(login, "res.partner", "export_data", self.member_b.ids, ["name"])
        self.assertEqual(exported["datas"], [["B 店会员"]])
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._rpc(login, "res.partner", "export_data", self.member_a.ids, ["name", "member_balance"])
        cards = (self.members.member_card_id | self.members.member_wallet_id).ids
        rows = self._rpc(login, "loyalty.card", "search_read", [("id", "in", cards)], fields=["points"])
        self.assertEqual(
            {row["id"] for row in rows}, set((self.member_b.member_card_id | self.member_b.member_wallet_id).ids)
        )
        response = self._json2(
            self.cashier_b,
            "res.partner",
            "search_read",
            {"domain": [["id", "in", self.members.ids]], "fields": ["name", "member_balance"]},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual([row["id"] for row in response.json()], self.member_b.ids)

    def test_head_office_sees_all(self):
        env = self.env(
            user=self.head_manager, context={"allowed_company_ids": (self.head | self.store_a | self.store_b).ids}
        )
        self.assertEqual(env["res.partner"].search([("id", "in", self.members.ids)]), self.members)
        rows = self._rpc(
            "ml_role_head_manager", "res.partner", "search_read", [("id", "in", self.members.ids)], fields=["name"]
        )
        self.assertEqual(len(rows), 2)

    def test_odoo_users_outside_membership_keep_their_partners(self):
        seller = self._store_user("ml_role_seller_b", self.store_b, groups="sales_team.group_sale_salesman")
        self.assertEqual(self.env(user=seller)["res.partner"].search([("id", "in", self.members.ids)]), self.members)

    def test_counter_finds_any_member_by_exact_phone_or_card_and_logs_it(self):
        Log = self.env["member.lookup.log"]
        env = self.env(user=self.cashier_b, context=dict(self.env.context, allowed_company_ids=self.store_b.ids))
        lookup = Form(env["member.lookup"])
        lookup.query = "13910002001"  # store A's member, national number
        self.assertEqual(lookup.partner_id, self.member_a)
        self.assertEqual(lookup.member_balance, 0)
        self.assertEqual(lookup.member_points, 500)
        self.assertFalse(lookup.partner_readable)
        log = Log.search([("partner_id", "=", self.member_a.id), ("user_id", "=", self.cashier_b.id)])
        self.assertEqual(len(log), 1)
        self.assertEqual((log.store_id, log.match), (self.store_b, "phone"))
        lookup.query = self.member_a.member_card_id.code
        self.assertEqual(lookup.partner_id, self.member_a)
        self.assertEqual(Log.search_count([("partner_id", "=", self.member_a.id), ("match", "=", "card")]), 1)
        # exact matches only: a part of the phone finds nobody, and nothing is logged
        lookup.query = "1000 2001"
        self.assertFalse(lookup.partner_id)
        lookup.query = "139100020"
        self.assertFalse(lookup.partner_id)
        self.assertEqual(Log.search_count([("partner_id", "=", self.member_a.id)]), 2)
        lookup.query = "+86 139-1000-2001"
        self.assertEqual(lookup.partner_id, self.member_a)
        lookup.save()
        # the member found is served: top-up at store B of store A's member
        wizard = env["member.wallet.operation"].create(
            {"partner_id": self.member_a.id, "operation": "topup", "amount": 80}
        )
        wizard.action_confirm()
        self.env.invalidate_all()
        self.assertEqual(self.member_a.member_balance, 80)
        # the head office's manager reads the look-ups; the cashier does not
        self.assertTrue(Log.with_user(self.head_manager).search([("partner_id", "=", self.member_a.id)]))
        with self.assertRaises(AccessError):
            Log.with_user(self.cashier_b).search([])

    def test_member_not_found_at_the_counter_is_not_served(self):
        login = "ml_role_cashier_b"
        # no look-up: store A's member cannot be put on the counter screen, nor served, by id
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._rpc(login, "member.lookup", "create", {"partner_id": self.member_a.id})
        wizard = self._rpc(
            login,
            "member.wallet.operation",
            "create",
            {"partner_id": self.member_a.id, "operation": "spend", "amount": 1},
        )
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._rpc(login, "member.wallet.operation", "action_confirm", [wizard])
        self.assertFalse(self.env["member.lookup.log"].search([("user_id", "=", self.cashier_b.id)]))


@tagged("post_install", "-at_install")
class TestPromotionsForEveryone(StoreRolesCommon):
    """#23 point 3: a Sales user outside the membership groups reads Odoo's own promotion
    programs (member_tier_ids is on every loyalty.program)."""

    def test_sales_user_reads_promotions(self):
        seller = self._store_user("ml_role_seller", self.head, groups="sales_team.group_sale_salesman")
        promo = self.env["loyalty.program"].create(
            {
                "name": "Summer promotion",
                "program_type": "promotion",
                "company_id": self.head.id,
                "member_tier_ids": [Command.link(self.tier_gold.id)],
            }
        )
        spec = {"name": {}, "member_tier_ids": {"fields": {"display_name": {}}}}
        data = promo.with_user(seller).web_read(spec)
        self.assertEqual(data[0]["member_tier_ids"], [{"id": self.tier_gold.id, "display_name": "Gold"}])
        Form(promo.with_user(seller))  # the promotion's form, as the web client opens it
        rows = self._rpc("ml_role_seller", "loyalty.program", "web_read", promo.ids, specification=spec)
        self.assertEqual(rows[0]["member_tier_ids"][0]["id"], self.tier_gold.id)


@tagged("post_install", "-at_install")
class TestMenusPerRole(StoreRolesCommon):
    """#23 point 5 (cashier): a cashier's menus show the counter's work; campaigns, RFM and
    the Apps menu are hidden, not refused; the membership manager's show them."""

    def _visible(self, user):
        Menu = self.env["ir.ui.menu"].with_user(user)
        return Menu.browse(Menu._visible_menu_ids())

    def test_cashier_menus(self):
        menus = self._visible(self.cashier_a)
        ref = self.env.ref
        self.assertIn(ref("member_loyalty.menu_member_lookup"), menus)
        for hidden in (
            "member_loyalty.menu_member_rfm",
            "member_loyalty.menu_member_campaigns",
            "customer_core.menu_customer_pool",
            "base.menu_management",
        ):
            self.assertNotIn(ref(hidden), menus, hidden)
        manager = self._visible(self.head_manager)
        self.assertIn(ref("member_loyalty.menu_member_rfm"), manager)
        self.assertIn(ref("member_loyalty.menu_member_campaigns"), manager)

    def test_store_manager_role_reaches_its_first_day_in_its_store(self):
        """The store manager's role alone (readme/USAGE.md: Membership: Manager and Store manager:
        the store's commissions) opens every screen of the first day, on the store's records only."""
        manager = self._store_user(
            "ml_role_store_manager_a",
            self.store_a,
            groups="member_loyalty.group_member_manager,member_loyalty.group_commission_store",
        )
        menus = self._visible(manager)
        for shown in (
            "member_loyalty.menu_member_dashboard",
            "member_loyalty.menu_member_store_leads",
            "member_loyalty.menu_member_lead_discipline",
            "member_loyalty.menu_member_commission_settlements",
            "member_loyalty.menu_member_service_tickets",
        ):
            self.assertIn(self.env.ref(shown), menus, shown)
        Lead, Ticket = self.env["crm.lead"].sudo(), self.env["helpdesk.ticket"].sudo()
        leads = Lead.create([{"name": f"线索 {s.name}", "company_id": s.id} for s in (self.store_a, self.store_b)])
        tickets = Ticket.create(
            [
                {"name": f"工单 {s.name}", "description": "<p>-</p>", "company_id": s.id}
                for s in (self.store_a, self.store_b)
            ]
        )
        self.assertEqual(Lead.with_user(manager).search([("id", "in", leads.ids)]), leads[0].with_user(manager))
        self.assertEqual(Ticket.with_user(manager).search([("id", "in", tickets.ids)]), tickets[0].with_user(manager))
        board = self.env["member.lead.discipline.report"].with_user(manager).search([])
        self.assertEqual(board.company_id, board.company_id & self.store_a)

    def test_demo_store_staff_have_no_apps_menu(self):
        user = self.env.ref("member_loyalty.demo_user_jingan_seller_lin", raise_if_not_found=False)
        if not user:
            self.skipTest("member_loyalty's demo data is not installed")
        menus = self._visible(user)
        self.assertNotIn(self.env.ref("base.menu_management"), menus)
        self.assertNotIn(self.env.ref("member_loyalty.menu_member_rfm"), menus)
        self.assertFalse(user.has_group("base.group_system"))


@tagged("post_install", "-at_install")
class TestCounterQrPrivacy(StoreRolesCommon):
    """The public join page (counter QR code) finds an existing member by exact phone number
    and says so without naming them: anyone may post a phone number there."""

    def test_join_page_does_not_reveal_a_member(self):
        page = self.url_open(f"/member/join/{self.store_b.id}")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        done = self.url_open(
            f"/member/join/{self.store_b.id}",
            data={"csrf_token": token, "name": "冒名者", "phone": "13910002001"},
        )
        self.assertEqual(done.status_code, 200)
        self.assertNotIn(self.member_a.member_number, done.text)
        self.assertNotIn("A 店会员", done.text)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "冒名者")]))
        # a part of a member's number is not theirs: a new member joins
        self.url_open(
            f"/member/join/{self.store_b.id}",
            data={"csrf_token": token, "name": "新朋友", "phone": "1000 2001"},
        )
        self.assertTrue(self.env["res.partner"].search([("name", "=", "新朋友")]).is_member)


@tagged("post_install", "-at_install")
class TestHelpdeskAgentOutsideCustomers(StoreRolesCommon):
    """A helpdesk agent outside the customer groups opens a member's after-sales ticket: the
    customer timeline button (customer.interaction) is the customer groups' only."""

    def test_helpdesk_agent_opens_ticket(self):
        agent = self._store_user("ml_role_helpdesk", self.head, groups="helpdesk_mgmt.group_helpdesk_user")
        ticket = (
            self.env["helpdesk.ticket"]
            .sudo()
            .create({"name": "相框松动", "description": "<p>相框松动</p>", "partner_id": self.member_a.id})
        )
        form = Form(ticket.with_user(agent).with_context(tracking_disable=True))
        self.assertEqual(form.partner_id, self.member_a)
