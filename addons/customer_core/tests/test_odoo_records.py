from lxml import etree

from odoo.modules.module import get_manifest
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import file_path

MODULE = "customer_core"


@tagged("post_install", "-at_install")
class TestOdooRecordsAsOdooMadeThem(TransactionCase):
    """#25: customer_core leaves Odoo's own records and behaviour as Odoo made them."""

    def test_data_and_demo_write_no_record_of_another_module(self):
        """Every record the data and demo files write has an xmlid of customer_core: none rewrites a
        record of Odoo (the admin user's companies, the Apps menu's groups...)."""
        manifest = get_manifest(MODULE)
        foreign = []
        for name in [*manifest["data"], *manifest["demo"]]:
            if not name.endswith(".xml"):
                continue
            tree = etree.parse(file_path(f"{MODULE}/{name}"))
            for node in tree.xpath("//record[@id] | //menuitem[@id] | //template[@id]"):
                xmlid = node.get("id")
                if "." in xmlid and xmlid.split(".", 1)[0] != MODULE:
                    foreign.append(f"{name}: {xmlid}")
        self.assertEqual(foreign, [])

    def test_apps_menu_for_odoo_users_as_odoo_made_it(self):
        """Odoo's base_install_request shows Apps to every employee (to request a module): a
        salesperson of Odoo's own CRM still sees it; a customer user of the lines does not."""
        if self.env["ir.module.module"]._get("base_install_request").state != "installed":
            self.skipTest("base_install_request is not installed: Apps is for administrators in Odoo too")
        apps = self.env.ref("base.menu_management")
        crm_seller = new_test_user(self.env, login="cc_odoo_crm_seller", groups="sales_team.group_sale_salesman")
        cashier = new_test_user(self.env, login="cc_odoo_cashier", groups="customer_core.group_customer_user")
        self.assertIn(apps.id, self.env["ir.ui.menu"].with_user(crm_seller)._visible_menu_ids())
        self.assertNotIn(apps.id, self.env["ir.ui.menu"].with_user(cashier)._visible_menu_ids())
