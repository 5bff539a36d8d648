from xmlrpc.client import Fault

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged, users
from odoo.tools import mute_logger

from .common import CustomerCoreCommon


@tagged("post_install", "-at_install")
class TestPrivacy(CustomerCoreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_customer = cls.env["res.partner"].create({"name": "自己的客户 周杰", "user_id": cls.own_only.id})
        cls.followed_customer = cls.env["res.partner"].create({"name": "关注的客户 吴芳", "user_id": cls.seller.id})
        cls.followed_customer.message_subscribe(partner_ids=cls.own_only.partner_id.ids)
        cls.customer.write({"private_phone": "13800000001", "customer_budget": 50000})
        cls.other_lead = cls.env["crm.lead"].create(
            {
                "name": "别人的线索",
                "user_id": cls.seller.id,
                "team_id": cls.team.id,
                "partner_id": cls.customer.id,
            }
        )
        cls.own_lead = cls.env["crm.lead"].create(
            {
                "name": "自己的线索",
                "user_id": cls.own_only.id,
                "team_id": cls.team.id,
            }
        )
        cls.interaction = cls.env["customer.interaction"].create(
            {
                "name": "别人的电话",
                "partner_id": cls.customer.id,
                "user_id": cls.seller.id,
            }
        )

    @users("cc_own_only")
    def test_own_only_user_sees_own_and_followed_customers(self):
        Partner = self.env["res.partner"]
        visible = Partner.search([("id", "in", (self.customer | self.own_customer | self.followed_customer).ids)])
        self.assertEqual(visible, self.own_customer | self.followed_customer)
        with self.assertRaises(AccessError):
            Partner.browse(self.customer.id).read(["name"])
        with self.assertRaises(AccessError):
            Partner.browse(self.customer.id).write({"comment": "偷看"})
        # colleagues and the company stay visible (they are no customers)
        self.assertTrue(Partner.browse(self.seller.partner_id.id).read(["name"]))

    @users("cc_own_only")
    def test_own_only_user_sees_own_leads_and_interactions(self):
        Lead = self.env["crm.lead"]
        self.assertEqual(Lead.search([("id", "in", (self.other_lead | self.own_lead).ids)]), self.own_lead)
        with self.assertRaises(AccessError):
            Lead.browse(self.other_lead.id).read(["name"])
        self.assertFalse(self.env["customer.interaction"].search([("id", "=", self.interaction.id)]))

    @users("cc_manager")
    def test_manager_sees_all(self):
        partners = self.env["res.partner"].search([("id", "in", (self.customer | self.own_customer).ids)])
        self.assertEqual(len(partners), 2)
        self.assertEqual(partners.filtered(lambda p: p.id == self.customer.id).private_phone, "13800000001")

    @users("cc_seller")
    def test_sensitive_fields_need_their_group(self):
        partner = self.env["res.partner"].browse(self.customer.id)
        self.assertEqual(partner.name, "客户 刘洋")
        for field in ("private_phone", "private_address", "birthday", "customer_budget"):
            with self.assertRaises(AccessError, msg=field):
                partner.read([field])
        with self.assertRaises(AccessError):
            self.env["crm.lead"].browse(self.other_lead.id).read(["budget"])
        # the fields are not even offered to this user
        self.assertNotIn("private_phone", self.env["res.partner"].fields_get())

    def test_store_user_sees_only_its_store(self):
        store = self.env["res.company"].create({"name": "杭州西湖店", "parent_id": self.company.id})
        store_user = new_test_user(
            self.env,
            login="cc_store",
            groups="customer_core.group_customer_user",
            company_id=store.id,
            company_ids=[Command.set(store.ids)],
        )
        store_interaction = self.env["customer.interaction"].create(
            {
                "name": "门店接待",
                "partner_id": self.customer.id,
                "company_id": store.id,
            }
        )
        Interaction = self.env["customer.interaction"].with_user(store_user)
        found = Interaction.search([("id", "in", (store_interaction | self.interaction).ids)])
        self.assertEqual(found, store_interaction, "a store does not see the head office's log")
        head = (
            self.env["customer.interaction"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=(self.company | store).ids)
        )
        self.manager.company_ids = [Command.link(store.id)]
        self.assertEqual(
            len(head.search([("id", "in", (store_interaction | self.interaction).ids)])),
            2,
            "the head office sees its branches",
        )


@tagged("post_install", "-at_install")
class TestPrivacyRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_only = new_test_user(
            cls.env,
            login="cc_rpc_own",
            password="cc_rpc_own_pw1",
            groups="customer_core.group_customer_user,customer_core.group_customer_own_only",
        )
        cls.seller = new_test_user(
            cls.env,
            login="cc_rpc_seller",
            password="cc_rpc_seller_pw1",
            groups="customer_core.group_customer_user",
        )
        cls.hidden = cls.env["res.partner"].create(
            {
                "name": "RPC 隐藏客户",
                "user_id": cls.seller.id,
                "private_phone": "13900000002",
            }
        )
        cls.mine = cls.env["res.partner"].create({"name": "RPC 我的客户", "user_id": cls.own_only.id})

    def _call(self, login, password, model, method, *args, **kw):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, password, {})
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, password, model, method, list(args), kw)

    def test_rpc_own_only_reads_nothing_else(self):
        ids = [self.hidden.id, self.mine.id]
        rows = self._call(
            "cc_rpc_own", "cc_rpc_own_pw1", "res.partner", "search_read", [("id", "in", ids)], fields=["name"]
        )
        self.assertEqual([r["id"] for r in rows], [self.mine.id])
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._call("cc_rpc_own", "cc_rpc_own_pw1", "res.partner", "read", [self.hidden.id], fields=["name"])

    def test_rpc_private_phone_never_sent(self):
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._call(
                "cc_rpc_seller", "cc_rpc_seller_pw1", "res.partner", "read", [self.hidden.id], fields=["private_phone"]
            )
        fields = self._call("cc_rpc_seller", "cc_rpc_seller_pw1", "res.partner", "fields_get", attributes=["type"])
        self.assertNotIn("private_phone", fields)
        self.assertNotIn("customer_budget", fields)
        rows = self._call(
            "cc_rpc_seller",
            "cc_rpc_seller_pw1",
            "res.partner",
            "web_read",
            [self.hidden.id],
            specification={"name": {}, "phone": {}, "email": {}},
        )
        self.assertEqual(rows[0]["name"], "RPC 隐藏客户")
        self.assertNotIn("13900000002", str(rows))
