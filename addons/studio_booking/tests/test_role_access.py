"""Issue #23: every role does its daily work with only its own rights and only its store.

Point 2: the fields studio_booking adds to shared models (quotations, invoices, leads, contacts,
products, resources) never fail for users of the other lines and of Odoo's own apps, who open
those records through the forms' own field specification.
Point 4: a studio consultant works the channel leads, orders, deposits, shoots and calendar of
their store.
Menus per role: each studio role sees its own work.
"""

from xmlrpc.client import Fault

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, new_test_user, tagged, users
from odoo.tools import mute_logger

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import DAY

# the gallery advisor is a salesperson with collector_crm's role, when that line is installed
ADVISOR_GROUPS = ("sales_team.group_sale_salesman", "collector_crm.group_collector_advisor")


def _groups(env, xmlids):
    return ",".join(xmlid for xmlid in xmlids if env.ref(xmlid, raise_if_not_found=False))


def _form_spec(env, model, view_type="form"):
    """The field specification the web client sends for the view: every field of its arch,
    display_name of the related records, and the sub-views' fields of the x2many."""
    described = env[model].get_views([(False, view_type)])["models"]

    def spec(model_name, names, depth):
        result = {}
        for name in names:
            field = env[model_name]._fields.get(name)
            if field is None:
                continue
            if field.type == "many2one":
                result[name] = {"fields": {"display_name": {}}}
            elif field.type in ("one2many", "many2many"):
                sub = list(described.get(field.comodel_name, {}).get("fields", ())) if depth < 2 else []
                result[name] = {"fields": spec(field.comodel_name, sub, depth + 1) or {"display_name": {}}}
            else:
                result[name] = {}
        return result

    return spec(model, list(described[model]["fields"]), 0)


class StudioRolesCommon(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_a = cls.company_data["company"]
        cls.store_b = cls.setup_other_company(name="Studio Role Store B")["company"]
        cls.env.user.group_ids |= cls.env.ref("studio_booking.group_studio_manager")
        cls.env.user.company_ids |= cls.store_a | cls.store_b
        cls.store_a.studio_deposit_percent = 30.0
        Resource = cls.env["resource.resource"]
        cls.photographer = Resource.create(
            {
                "name": "Role Test Photographer",
                "resource_type": "material",
                "calendar_id": False,
                "company_id": cls.store_a.id,
                "studio_role": "photographer",
            }
        )
        cls.package = cls.env["product.product"].create(
            {
                "name": "Role Test Wedding Package",
                "type": "service",
                "list_price": 5000.0,
                "taxes_id": [Command.clear()],
                "is_studio_package": True,
                "studio_shoot_type": "wedding",
                "studio_hours": 2.0,
                "studio_setup_minutes": 0,
                "studio_cleanup_minutes": 0,
                "studio_requirement_ids": [Command.create({"role": "photographer", "quantity": 1})],
            }
        )
        cls.frame = cls.env["product.product"].create(
            {"name": "Role Test Frame", "type": "consu", "list_price": 300.0, "taxes_id": [Command.clear()]}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Role Test Bride Li", "email": "li@example.com"})

        def user(login, groups, **extra):
            return new_test_user(
                cls.env,
                login=login,
                password=f"{login}_pw_2031",
                groups=groups,
                company_id=cls.store_a.id,
                company_ids=[Command.set(cls.store_a.ids)],
                **extra,
            )

        cls.make_user = staticmethod(user)
        cls.consultant = user("sr_consultant", "studio_booking.group_studio_user")
        cls.retoucher = user("sr_retoucher", "studio_booking.group_studio_retoucher")
        cls.studio_manager = user("sr_manager", "studio_booking.group_studio_manager")
        cls.advisor = user("sr_advisor", _groups(cls.env, ADVISOR_GROUPS))
        cls.salesperson = user("sr_salesperson", "sales_team.group_sale_salesman")
        cls.accountant = user("sr_accountant", "account.group_account_invoice")
        cls.stock_user = (
            user("sr_stock", "stock.group_stock_user") if cls.env.ref("stock.group_stock_user", False) else None
        )
        # the colleague who sold the order and holds the leads: the consultant takes over
        cls.boss = user("sr_colleague", "studio_booking.group_studio_user")
        cls.boss_b = new_test_user(
            cls.env,
            login="sr_colleague_b",
            groups="studio_booking.group_studio_user",
            company_id=cls.store_b.id,
            company_ids=[Command.set(cls.store_b.ids)],
        )
        # a studio order and its shoot, sold by someone else: the consultant takes over
        cls.order = (
            cls.env["sale.order"]
            .with_company(cls.store_a)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "company_id": cls.store_a.id,
                    "user_id": cls.boss.id,
                    "order_line": [Command.create({"product_id": cls.package.id, "product_uom_qty": 1})],
                }
            )
        )
        cls.booking = cls.env["studio.booking"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.store_a.id,
                "sale_order_id": cls.order.id,
                "user_id": cls.boss.id,
                "package_id": cls.package.id,
                "start": DAY.replace(hour=10),
                "stop": DAY.replace(hour=12),
                "line_ids": [Command.create({"resource_id": cls.photographer.id})],
            }
        )
        # a gallery's quotation in the same company, no studio package
        cls.gallery_order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.store_a.id,
                "order_line": [Command.create({"product_id": cls.frame.id, "product_uom_qty": 1})],
            }
        )
        Lead = cls.env["crm.lead"]
        cls.lead_a = Lead.create(
            {
                "name": "Douyin: Role Test Couple",
                "contact_name": "Role Test Couple",
                "phone": "13900001111",
                "type": "lead",
                "company_id": cls.store_a.id,
                "user_id": cls.boss.id,
                "studio_shoot_type": "wedding",
                "studio_package_id": cls.package.id,
            }
        )
        cls.lead_b = Lead.create(
            {
                "name": "Meituan: Store B Couple",
                "type": "lead",
                "company_id": cls.store_b.id,
                "user_id": cls.boss_b.id,
                "studio_shoot_type": "baby",
            }
        )
        cls.gallery_lead = Lead.create(
            {"name": "Gallery lead", "type": "opportunity", "company_id": cls.store_a.id, "user_id": cls.boss.id}
        )

    def _pay(self, invoice, amount=None):
        values = {"group_payment": True}
        if amount is not None:
            values["amount"] = amount
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(values)
            ._create_payments()
        )


@tagged("post_install", "-at_install")
class TestSharedFieldsForOtherRoles(StudioRolesCommon):
    """#23 point 2: quotations, invoices, leads, contacts and products open for every role."""

    def _open_as(self, user, records, studio_only=()):
        """Open each record with the form's own field specification, and in a Form. For the
        models in studio_only, only the fields studio_booking adds are read: the rest of that
        form fails for this role for reasons outside studio_booking (sale_loyalty's gift card
        count for an accountant on a quotation, customer_core's key dates on a contact,
        purchase lines on a product for a salesperson)."""
        # reopening is a new request: nothing read by the creator stays in the cache
        self.env.invalidate_all()
        for record in records:
            mine = record.with_user(user).with_company(self.store_a)
            spec = _form_spec(mine.env, record._name)
            if record._name == "account.move" and "stock.landed.cost" in self.env:
                # stock_landed_costs' landed_costs_ids/_visible on the invoice form are refused to
                # an Invoicing user (no studio field on invoices): read the rest of the form
                spec = {name: value for name, value in spec.items() if not name.startswith("landed_costs")}
                mine.web_read(spec)
                continue
            if record._name in studio_only:
                spec = {name: value for name, value in spec.items() if "studio" in name}
                self.assertTrue(spec, record._name)
                mine.web_read(spec)
                continue
            mine.web_read(spec)
            Form(mine)

    def _own_documents(self, user):
        """The quotation and the lead a salesperson works on: their own."""
        quotation = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.store_a.id,
                "user_id": user.id,
                "order_line": [Command.create({"product_id": self.frame.id, "product_uom_qty": 1})],
            }
        )
        lead = self.env["crm.lead"].create(
            {"name": "Own lead", "type": "opportunity", "company_id": self.store_a.id, "user_id": user.id}
        )
        return [quotation, lead, self.customer, self.package.product_tmpl_id, self.frame.product_tmpl_id]

    def test_gallery_advisor_reopens_a_saved_quotation(self):
        # an advisor sees their own collectors only (collector_crm): the customer is theirs
        self.customer.user_id = self.advisor
        documents = self._own_documents(self.advisor)
        self._open_as(self.advisor, documents, studio_only=("res.partner", "product.template"))
        # the list of quotations, as Sales shows it
        env = self.env(user=self.advisor, context={"allowed_company_ids": self.store_a.ids})
        env["sale.order"].web_search_read([("id", "=", documents[0].id)], _form_spec(env, "sale.order", "list"))

    def test_crm_salesperson_opens_quotations_leads_contacts_products(self):
        documents = self._own_documents(self.salesperson)
        self._open_as(self.salesperson, documents, studio_only=("res.partner", "product.template"))

    def test_accountant_opens_invoice_order_contact_and_registers_the_deposit(self):
        action = self.order.action_studio_request_deposit()
        invoice = self.env["account.move"].browse(action["res_id"])
        self._open_as(self.accountant, [invoice, self.order, self.customer], studio_only=("sale.order", "res.partner"))
        # the accountant registers the payment: the studio order and its shoot are confirmed
        self._pay(invoice.with_user(self.accountant))
        self.assertEqual(self.order.state, "sale")
        self.assertEqual(self.booking.state, "confirmed")

    def test_inventory_user_opens_products_and_resources(self):
        if not self.stock_user:
            self.skipTest("stock is not installed")
        self._open_as(self.stock_user, [self.package.product_tmpl_id, self.frame.product_tmpl_id])

    def test_studio_fields_are_studio_only(self):
        """The studio's own records stay the studio's: a salesperson cannot read them."""
        for user in (self.advisor, self.salesperson, self.accountant):
            with self.assertRaises(AccessError):
                self.order.with_user(user).read(["studio_booking_ids"])
        values = self.order.with_user(self.consultant).read(["studio_booking_ids", "studio_booking_count"])[0]
        self.assertEqual(values["studio_booking_ids"], self.booking.ids)
        self.assertEqual(values["studio_booking_count"], 1)


@tagged("post_install", "-at_install")
class TestConsultantDailyWork(StudioRolesCommon):
    """#23 point 4: the consultant, with only their store, works its leads, orders, deposits and shoots."""

    @users("sr_consultant")
    def test_consultant_sees_store_channel_leads_and_orders(self):
        leads = self.env["crm.lead"].search([("studio_shoot_type", "!=", False)])
        self.assertIn(self.lead_a.id, leads.ids, "the store's channel lead, assigned to someone else")
        self.assertNotIn(self.lead_b.id, leads.ids, "another store's lead")
        self.assertNotIn(self.gallery_lead.id, leads.ids, "the consultant sees the studio's leads only")
        orders = self.env["sale.order"].search([("studio_package_id", "!=", False)])
        self.assertIn(self.order.id, orders.ids)
        self.assertNotIn(self.gallery_order.id, orders.ids)

    @users("sr_consultant")
    def test_consultant_opens_the_order_behind_a_booking(self):
        booking = Form(self.env["studio.booking"].browse(self.booking.id))
        order = booking.sale_order_id
        self.assertEqual(order.id, self.order.id)
        self.env["sale.order"].browse(order.id).web_read(_form_spec(self.env, "sale.order"))
        with Form(self.env["sale.order"].browse(order.id)) as form:
            self.assertEqual(form.studio_booking_count, 1)
        # the calendar of shoots, as the view asks it
        spec = _form_spec(self.env, "studio.booking", "calendar")
        rows = self.env["studio.booking"].web_search_read([("id", "=", self.booking.id)], spec)["records"]
        self.assertEqual([row["id"] for row in rows], self.booking.ids)

    @users("sr_consultant")
    def test_consultant_books_a_shoot_from_a_lead_and_takes_the_deposit(self):
        lead = self.env["crm.lead"].browse(self.lead_a.id)
        Form(lead)
        customer = self.env["res.partner"].create({"name": lead.contact_name, "phone": lead.phone})
        lead.write({"partner_id": customer.id, "user_id": self.env.user.id})
        lead.convert_opportunity(customer)
        with Form(self.env["sale.order"].with_context(default_opportunity_id=lead.id)) as quotation:
            quotation.partner_id = customer
            with quotation.order_line.new() as line:
                line.product_id = self.package
        order = quotation.record
        self.assertEqual(order.opportunity_id, lead)
        action = order.action_studio_find_slot()
        wizard = (
            self.env["studio.slot.wizard"]
            .with_context(**action["context"])
            .create({"date_from": DAY.replace(hour=13), "date_to": DAY.replace(hour=18)})
        )
        wizard.action_search()
        self.assertTrue(wizard.suggestion_ids)
        result = wizard.suggestion_ids[0].action_book()
        booking = self.env["studio.booking"].browse(result["res_id"])
        self.assertEqual(booking.sale_order_id, order)
        self.assertEqual(booking.company_id, self.store_a)
        # the deposit: the consultant asks for it, the invoice is theirs to show the customer
        action = order.action_studio_request_deposit()
        invoice = self.env["account.move"].browse(action["res_id"])
        Form(invoice)
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(invoice.amount_total, 1500.0)


@tagged("post_install", "-at_install")
class TestStudioMenusPerRole(StudioRolesCommon):
    """Menus per role: each role sees its own work; what it cannot use is hidden."""

    def _menus(self, user):
        """The studio menus the user is shown: the menu and all its parents visible."""
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

        def shown(menu):
            while menu:
                if menu.id not in visible:
                    return False
                menu = menu.parent_id
            return True

        return {
            xmlid
            for xmlid in (
                "studio_booking.menu_studio_root",
                "studio_booking.studio_booking_menu",
                "studio_booking.studio_booking_line_menu",
                "studio_booking.crm_lead_menu_studio",
                "studio_booking.sale_order_menu_studio",
                "studio_booking.res_partner_menu_studio",
                "studio_booking.studio_photo_album_menu",
                "studio_booking.studio_production_menu",
                "studio_booking.menu_studio_reporting",
                "studio_booking.menu_studio_config",
            )
            if shown(self.env.ref(xmlid))
        }

    def test_menus_per_role(self):
        self.assertEqual(
            self._menus(self.retoucher),
            {"studio_booking.menu_studio_root", "studio_booking.studio_production_menu"},
        )
        consultant = self._menus(self.consultant)
        for xmlid in (
            "studio_booking.studio_booking_menu",
            "studio_booking.studio_booking_line_menu",
            "studio_booking.crm_lead_menu_studio",
            "studio_booking.sale_order_menu_studio",
            "studio_booking.res_partner_menu_studio",
        ):
            self.assertIn(xmlid, consultant)
        self.assertNotIn("studio_booking.menu_studio_reporting", consultant)
        self.assertNotIn("studio_booking.menu_studio_config", consultant)
        manager = self._menus(self.studio_manager)
        self.assertIn("studio_booking.menu_studio_reporting", manager)
        self.assertIn("studio_booking.menu_studio_config", manager)
        self.assertFalse(self._menus(self.advisor))

    def test_consultant_menus_open(self):
        """Every action a consultant's menu opens lists its records as the view asks."""
        visible = self.env["ir.ui.menu"].with_user(self.consultant)._visible_menu_ids()
        root = self.env.ref("studio_booking.menu_studio_root")
        menus = self.env["ir.ui.menu"].search([("id", "child_of", root.id), ("action", "!=", False)])
        env = self.env(user=self.consultant, context={"allowed_company_ids": self.store_a.ids})
        shown = menus.filtered(lambda m: all(p.id in visible for p in m + m.parent_id + m.parent_id.parent_id))
        self.assertGreaterEqual(len(shown), 8)
        for menu in shown:
            action = menu.action
            if action._name != "ir.actions.act_window":
                continue
            model = env[action.res_model]
            for view_type in ("list", "kanban"):
                if view_type in (action.view_mode or "").split(","):
                    model.web_search_read([], _form_spec(env, action.res_model, view_type), limit=5)


@tagged("post_install", "-at_install")
class TestRolesRpc(HttpCase):
    """The same, through XML-RPC and the web client's JSON-RPC, as the real roles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        main = cls.env.ref("base.main_company")
        cls.store = cls.env["res.company"].create({"name": "RPC Role Store", "parent_id": main.id})
        cls.other = cls.env["res.company"].create({"name": "RPC Role Other Store", "parent_id": main.id})
        cls.env.user.company_ids |= cls.store | cls.other
        package = cls.env["product.product"].create(
            {"name": "RPC Role Package", "type": "service", "list_price": 3000.0, "is_studio_package": True}
        )
        customer = cls.env["res.partner"].create({"name": "RPC Role Customer"})
        admin = new_test_user(
            cls.env,
            login="sr_rpc_colleague",
            groups="studio_booking.group_studio_user",
            company_id=cls.store.id,
            company_ids=[Command.set((cls.store | cls.other).ids)],
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "company_id": cls.store.id,
                "user_id": admin.id,
                "order_line": [Command.create({"product_id": package.id})],
            }
        )
        room = cls.env["resource.resource"].create(
            {"name": "RPC Role Room", "company_id": cls.store.id, "studio_role": "room", "calendar_id": False}
        )
        cls.booking = cls.env["studio.booking"].create(
            {
                "partner_id": customer.id,
                "company_id": cls.store.id,
                "sale_order_id": cls.order.id,
                "user_id": admin.id,
                "start": DAY.replace(hour=9),
                "stop": DAY.replace(hour=10),
                "line_ids": [Command.create({"resource_id": room.id})],
            }
        )
        Lead = cls.env["crm.lead"]
        cls.lead = Lead.create(
            {"name": "RPC channel lead", "company_id": cls.store.id, "user_id": admin.id, "studio_shoot_type": "baby"}
        )
        cls.other_lead = Lead.create(
            {"name": "RPC other lead", "company_id": cls.other.id, "user_id": admin.id, "studio_shoot_type": "baby"}
        )
        for login, groups in (
            ("sr_rpc_consultant", "studio_booking.group_studio_user"),
            ("sr_rpc_advisor", _groups(cls.env, ADVISOR_GROUPS)),
        ):
            cls.last_user = new_test_user(
                cls.env,
                login=login,
                password=f"{login}_pw_2031",
                groups=groups,
                company_id=cls.store.id,
                company_ids=[Command.set(cls.store.ids)],
            )
        # the advisor's own quotation, a gallery one
        cls.advisor_order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "company_id": cls.store.id,
                "user_id": cls.last_user.id,
                "order_line": [Command.create({"product_id": cls.env["product.product"].create({"name": "Frame"}).id})],
            }
        )

    def _call(self, login, model, method, *args, **kwargs):
        password = f"{login}_pw_2031"
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, password, {})
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, password, model, method, list(args), kwargs)

    def test_rpc_advisor_reopens_a_saved_quotation(self):
        login = "sr_rpc_advisor"
        self.authenticate(login, f"{login}_pw_2031")
        advisor_env = self.env(user=self.last_user)
        result = self.make_jsonrpc_request(
            "/web/dataset/call_kw/sale.order/web_read",
            {
                "model": "sale.order",
                "method": "web_read",
                "args": [[self.advisor_order.id]],
                "kwargs": {
                    "specification": _form_spec(advisor_env, "sale.order"),
                    "context": {"allowed_company_ids": self.store.ids},
                },
            },
        )
        self.assertEqual(result[0]["id"], self.advisor_order.id)
        rows = self._call(login, "sale.order", "read", [self.advisor_order.id], ["name", "studio_package_id"])
        self.assertEqual(rows[0]["id"], self.advisor_order.id)
        # the studio's own records stay the studio's
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._call(login, "sale.order", "read", [self.advisor_order.id], ["studio_booking_ids"])

    def test_rpc_consultant_sees_leads_orders_and_the_order_behind_a_booking(self):
        login = "sr_rpc_consultant"
        leads = self._call(login, "crm.lead", "search", [("studio_shoot_type", "!=", False)])
        self.assertIn(self.lead.id, leads)
        self.assertNotIn(self.other_lead.id, leads)
        orders = self._call(login, "sale.order", "search", [("studio_package_id", "!=", False)])
        self.assertIn(self.order.id, orders)
        booking = self._call(login, "studio.booking", "read", [self.booking.id], ["sale_order_id"])[0]
        order = self._call(login, "sale.order", "read", [booking["sale_order_id"][0]], ["name", "studio_booking_count"])
        self.assertEqual(order[0]["studio_booking_count"], 1)
        self.authenticate(login, f"{login}_pw_2031")
        consultant_env = self.env(user=self.env["res.users"].search([("login", "=", login)]))
        result = self.make_jsonrpc_request(
            "/web/dataset/call_kw/sale.order/web_read",
            {
                "model": "sale.order",
                "method": "web_read",
                "args": [[self.order.id]],
                "kwargs": {
                    "specification": _form_spec(consultant_env, "sale.order"),
                    "context": {"allowed_company_ids": self.store.ids},
                },
            },
        )
        self.assertEqual(result[0]["studio_booking_count"], 1)


@tagged("post_install", "-at_install")
class TestDemoConsultants(StudioRolesCommon):
    """The demo's consultants (one store each) work their store's leads, orders and shoots."""

    def test_demo_consultants_work_their_store(self):
        for xmlid in (
            "studio_booking.demo_user_studio_consultant_jingan",
            "studio_booking.demo_user_studio_consultant_pudong",
        ):
            user = self.env.ref(xmlid, raise_if_not_found=False)
            if not user:
                self.skipTest("studio_booking's demo data is not loaded")
            self.assertEqual(len(user.company_ids), 1, "a consultant has their store only")
            store = user.company_id
            env = self.env(user=user, context={"allowed_company_ids": store.ids})
            leads = env["crm.lead"].search([("studio_shoot_type", "!=", False)])
            self.assertTrue(leads)
            self.assertEqual(leads.company_id, store)
            orders = env["sale.order"].search([("studio_package_id", "!=", False)])
            self.assertTrue(orders)
            self.assertEqual(orders.company_id, store)
            booking = env["studio.booking"].search([("sale_order_id", "!=", False)], limit=1)
            self.assertTrue(booking)
            env.invalidate_all()
            booking.sale_order_id.web_read(_form_spec(env, "sale.order"))
