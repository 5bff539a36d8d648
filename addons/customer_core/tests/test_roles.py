from xmlrpc.client import Fault

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestCrmSalesperson(HttpCase):
    """#23 point 3: a CRM salesperson of Odoo's own app (no suite group) opens leads and customers
    with the fields customer_core adds to them, through the ORM and the web client's RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        store = cls.env.company
        cls.crm_user = new_test_user(
            cls.env,
            login="cc_crm_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=store.id,
            company_ids=[Command.set(store.ids)],
        )
        cls.customer = cls.env["res.partner"].create({"name": "CRM 客户", "user_id": cls.crm_user.id})
        cls.lead = cls.env["crm.lead"].create(
            {"name": "CRM 线索", "user_id": cls.crm_user.id, "partner_id": cls.customer.id, "company_id": store.id}
        )
        # a lead that went through the pool has history rows
        cls.env["customer.pool.history"].create(
            {"lead_id": cls.lead.id, "user_id": cls.crm_user.id, "company_id": store.id, "action": "claim"}
        )

    def _form_spec(self, record):
        """The specification the web client reads ``record``'s form with, as the salesperson."""
        return Form(record.with_user(self.crm_user))._view["fields_spec"]

    def test_orm_form_of_lead_and_customer(self):
        with Form(self.lead.with_user(self.crm_user)) as lead_form:
            lead_form.description = "客户想下周来店"
        self.assertEqual(self.lead.description.striptags(), "客户想下周来店")
        Form(self.customer.with_user(self.crm_user))
        # duplicating a lead reads every copied field
        copy = self.lead.with_user(self.crm_user).copy()
        self.assertEqual(copy.user_id, self.crm_user)

    def test_manager_copies_the_budget(self):
        manager = new_test_user(self.env, login="cc_budget_manager", groups="customer_core.group_customer_manager")
        self.lead.budget = 8000
        self.assertEqual(self.lead.with_user(manager).copy().budget, 8000)

    def test_rpc_form_of_lead_and_customer(self):
        specs = {"crm.lead": self._form_spec(self.lead), "res.partner": self._form_spec(self.customer)}
        self.authenticate("cc_crm_salesman", "cc_crm_salesman")
        for model, record in (("crm.lead", self.lead), ("res.partner", self.customer)):
            with self.subTest(model=model):
                data = self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": model,
                        "method": "web_read",
                        "args": [[record.id]],
                        "kwargs": {"specification": specs[model]},
                    },
                )
                self.assertEqual(data[0]["id"], record.id)
        copy_id = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": "crm.lead", "method": "copy", "args": [[self.lead.id]], "kwargs": {}},
        )
        self.assertTrue(copy_id)


@tagged("post_install", "-at_install")
class TestPoolMenus(HttpCase):
    """#23 point 5: the pool screens show a seller the pools of their own teams only, whatever the
    context says; the "own customers only" restriction is a choice in the user form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        store = cls.env.company
        cls.seller = new_test_user(
            cls.env,
            login="cc_menu_seller",
            groups="customer_core.group_customer_user",
            company_id=store.id,
            company_ids=[Command.set(store.ids)],
        )
        other = new_test_user(cls.env, login="cc_menu_other", groups="customer_core.group_customer_user")
        cls.my_team = cls.env["crm.team"].create(
            {"name": "我的团队", "crm_team_member_ids": [Command.create({"user_id": cls.seller.id})]}
        )
        cls.other_team = cls.env["crm.team"].create(
            {"name": "别的团队", "crm_team_member_ids": [Command.create({"user_id": other.id})]}
        )
        cls.my_lead, cls.other_lead = cls.env["crm.lead"].create(
            [
                {"name": "我的公海线索", "team_id": cls.my_team.id, "in_pool": True, "user_id": False},
                {"name": "别的公海线索", "team_id": cls.other_team.id, "in_pool": True, "user_id": False},
            ]
        )
        cls.my_customer, cls.other_customer = cls.env["res.partner"].create(
            [
                {"name": "我的公海客户", "team_id": cls.my_team.id, "in_pool": True},
                {"name": "别的公海客户", "team_id": cls.other_team.id, "in_pool": True},
            ]
        )

    def test_pool_actions_show_my_teams_pools(self):
        self.authenticate("cc_menu_seller", "cc_menu_seller")
        cases = (
            ("customer_core.crm_lead_pool_action", self.my_lead | self.other_lead, self.my_lead),
            ("customer_core.res_partner_pool_action", self.my_customer | self.other_customer, self.my_customer),
        )
        for xmlid, records, mine in cases:
            with self.subTest(action=xmlid):
                action = self.make_jsonrpc_request("/web/action/load", {"action_id": xmlid})
                domain = safe_eval(action["domain"], {"uid": self.seller.id})
                # a client may send any context: the domain comes from the user
                result = self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": records._name,
                        "method": "web_search_read",
                        "args": [],
                        "kwargs": {
                            "domain": [*domain, ("id", "in", records.ids)],
                            "specification": {"display_name": {}},
                            "context": {"search_default_team_id": self.other_team.id},
                        },
                    },
                )
                self.assertEqual([r["id"] for r in result["records"]], mine.ids)
                # ORM: the same domain as the seller
                found = records.with_user(self.seller).search([*domain, ("id", "in", records.ids)])
                self.assertEqual(found, mine)

    def test_own_only_restriction_is_in_the_user_form(self):
        group = self.env.ref("customer_core.group_customer_own_only")
        self.assertTrue(group.privilege_id, "shown in the user form, not only in developer mode")
        hierarchy = self.env["res.groups"]._get_view_group_hierarchy()
        self.assertIn(group.id, hierarchy["privileges"][group.privilege_id.id]["group_ids"])
        self.assertTrue(any(group.privilege_id.id in c["privilege_ids"] for c in hierarchy["categories"]))


@tagged("post_install", "-at_install")
class TestHandoverGuard(HttpCase):
    """A handover moves customers past the user's rights: a salesperson cannot use one to take a
    colleague's customers (ORM and RPC); the owner hands over their own customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        store = cls.env.company
        common = {"company_id": store.id, "company_ids": [Command.set(store.ids)]}
        cls.owner = new_test_user(cls.env, login="cc_ho_owner", groups="customer_core.group_customer_user", **common)
        cls.taker = new_test_user(cls.env, login="cc_ho_taker", groups="customer_core.group_customer_user", **common)
        cls.customer = cls.env["res.partner"].create({"name": "移交保护客户", "user_id": cls.owner.id})
        # no approval configured: the guard itself is under test
        cls.env["tier.definition"].search([("model", "=", "customer.transfer")]).active = False

    def _transfer(self, user, from_user, to_user):
        return (
            self.env["customer.transfer"]
            .with_user(user)
            .create(
                {
                    "from_user_id": from_user.id,
                    "to_user_id": to_user.id,
                    "partner_ids": [Command.set(self.customer.ids)],
                }
            )
        )

    def test_orm(self):
        with self.assertRaisesRegex(UserError, "cannot be handed over|Only"):
            self._transfer(self.taker, self.taker, self.owner).action_done()
        with self.assertRaisesRegex(UserError, "Only"):
            self._transfer(self.taker, self.owner, self.taker).action_done()
        self.assertEqual(self.customer.user_id, self.owner)
        self._transfer(self.owner, self.owner, self.taker).action_done()
        self.assertEqual(self.customer.user_id, self.taker)

    def test_rpc(self):
        transfer = self._transfer(self.taker, self.owner, self.taker)
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "cc_ho_taker", "cc_ho_taker", {})
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self.xmlrpc_object.execute_kw(db, uid, "cc_ho_taker", "customer.transfer", "action_done", [[transfer.id]])
        self.assertEqual(self.customer.user_id, self.owner)


@tagged("post_install", "-at_install")
class TestConfigurationMenus(HttpCase):
    def test_approval_rules_menu_only_for_who_may_edit_them(self):
        """Tier definitions are edited by Odoo's Access Rights administrators: a customer manager
        is not shown a screen that refuses them."""
        manager = new_test_user(self.env, login="cc_cfg_manager", groups="customer_core.group_customer_manager")
        menu = self.env.ref("customer_core.menu_customer_config_tiers")
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(manager)._visible_menu_ids())
        self.assertIn(
            self.env.ref("customer_core.menu_customer_config_pool_rules").id,
            self.env["ir.ui.menu"].with_user(manager)._visible_menu_ids(),
        )
        admin = new_test_user(
            self.env, login="cc_cfg_admin", groups="customer_core.group_customer_manager,base.group_erp_manager"
        )
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(admin)._visible_menu_ids())

    def test_pools_for_sellers_and_apps_for_administrators(self):
        """#23 point 5: a customer user who sells nothing (a store cashier, a registrar) is not shown
        the public pools, nor anyone but an administrator Odoo's Apps."""

        def visible(user):
            return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

        pool = self.env.ref("customer_core.menu_customer_pool").id
        apps = self.env.ref("base.menu_management").id
        counter = new_test_user(self.env, login="cc_cfg_counter", groups="customer_core.group_customer_user")
        seller = new_test_user(self.env, login="cc_cfg_seller", groups="customer_core.group_customer_pool")
        self.assertNotIn(pool, visible(counter))
        self.assertIn(pool, visible(seller))
        for user in (counter, seller):
            self.assertNotIn(apps, visible(user))
        self.assertIn(apps, visible(self.env.ref("base.user_admin")))
