import re
import shutil
import subprocess
from unittest import skipIf

from odoo import Command
from odoo.tests import TransactionCase, tagged

# the lines' demo companies: branches of the group wherever their demo is installed
LINE_BRANCHES = (
    "customer_core.company_store_shanghai",
    "customer_core.company_store_hangzhou",
    "studio_booking.store_jingan",
    "studio_booking.store_pudong",
    "member_loyalty.demo_store_jingan",
    "member_loyalty.demo_store_xuhui",
    "member_loyalty.demo_store_pudong",
    "artwork_provenance.demo_company_gallery",
)
MISSING_TOOLS = [tool for tool in ("wkhtmltopdf", "pdftotext") if not shutil.which(tool)]
DEMO_USERS = (
    "customer_core.user_head_office",
    "customer_core.user_store_manager",
    "customer_core.user_seller_lina",
    "customer_core.user_seller_zhangwei",
    "studio_booking.demo_user_studio_consultant_jingan",
    "studio_booking.demo_user_studio_retoucher",
    "member_loyalty.demo_user_jingan_manager",
    "member_loyalty.demo_user_jingan_seller_lin",
    "collector_crm.demo_user_advisor",
)


@tagged("post_install", "-at_install")
class TestDemoGroup(TransactionCase):
    """#17: the demo is a Chinese group in CNY: its own root company (Odoo's main company keeps its
    dollars), every line's stores, studios and gallery its branches, Chinese VAT, users in Shanghai."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["ir.module.module"]._get("customer_core").demo:
            cls.skipTest(cls, "customer_core's demo data is not loaded")
        cls.group = cls.env.ref("customer_core.demo_company_group", raise_if_not_found=False)

    def setUp(self):
        super().setUp()
        self.assertTrue(self.group, "the demo has a group head office of its own (customer_core.demo_company_group)")

    def test_group_in_cny_with_its_branches(self):
        cny = self.env.ref("base.CNY")
        self.assertFalse(self.group.parent_id, "the group's head office is a root company")
        self.assertEqual(self.group.currency_id, cny)
        self.assertEqual(self.group.country_id, self.env.ref("base.cn"))
        self.assertTrue(self.group.logo)
        self.assertEqual(self.env.ref("base.main_company").currency_id, self.env.ref("base.USD"))
        branches = [self.env.ref(xmlid, raise_if_not_found=False) for xmlid in LINE_BRANCHES]
        branches = [branch for branch in branches if branch]
        self.assertGreaterEqual(len(branches), 2)
        for branch in branches:
            self.assertEqual(branch.parent_id, self.group, branch.name)
            self.assertEqual(branch.currency_id, cny, branch.name)

    def test_group_chart_and_chinese_vat(self):
        if "account.tax" not in self.env:
            self.skipTest("account is not installed: the group gets its chart with the first line that brings it")
        if not self.env.ref("customer_core.demo_tax_sale_13", raise_if_not_found=False):
            self.skipTest("no line with accounting brought the group's chart (customer_core alone)")
        self.assertEqual(self.group.chart_template, "generic_coa")
        self.assertEqual(self.group.account_fiscal_country_id, self.env.ref("base.cn"))
        self.assertEqual(self.group.account_price_include, "tax_included")
        sale_13 = self.env.ref("customer_core.demo_tax_sale_13")
        sale_6 = self.env.ref("customer_core.demo_tax_sale_6")
        self.assertEqual(self.group.account_sale_tax_id, sale_13)
        self.assertEqual(self.group.account_purchase_tax_id, self.env.ref("customer_core.demo_tax_purchase_13"))
        self.assertEqual((sale_13.amount, sale_6.amount), (13, 6))
        self.assertTrue(sale_13.price_include and sale_6.price_include)
        self.assertEqual(sale_13.with_context(lang="en_US").name, "VAT 13% (goods)")
        # no other active tax of the group (the generic chart's 15% is not Chinese)
        taxes = self.env["account.tax"].search([("company_id", "=", self.group.id)])
        self.assertEqual(sorted(taxes.mapped("amount")), [6, 6, 13, 13])
        # a branch's taxes are the group's, its accounting runs on the group's chart
        branch = self.env.ref("customer_core.company_store_shanghai")
        self.assertEqual(branch.chart_template, "generic_coa")
        self.assertEqual(branch.account_sale_tax_id, sale_13)

    def test_demo_users_in_shanghai_and_chinese(self):
        zh = bool(self.env["res.lang"]._get_code("zh_CN"))
        users = [self.env.ref(xmlid, raise_if_not_found=False) for xmlid in DEMO_USERS]
        for user in filter(None, users):
            self.assertEqual(user.tz, "Asia/Shanghai", user.login)
            if zh:
                self.assertEqual(user.lang, "zh_CN", user.login)
            self.assertEqual(user.company_id.root_id, self.group, user.login)
        # Odoo's demo user is left as Odoo made it: the gallery's advisor is a user of the demo's own
        marc = self.env.ref("base.user_demo", raise_if_not_found=False)
        advisor_group = self.env.ref("collector_crm.group_collector_advisor", raise_if_not_found=False)
        if marc and advisor_group:
            self.assertNotIn(advisor_group, marc.group_ids)
            self.assertIn(advisor_group, self.env.ref("collector_crm.demo_user_advisor").group_ids)

    def test_group_pricelists_named_in_chinese(self):
        """#17: a Chinese user of the group reads its default pricelists in Chinese, not "Default (CNY)"."""
        if not self.env["res.lang"]._get_code("zh_CN"):
            self.skipTest("the database has no Chinese")
        pricelists = self.env["product.pricelist"].search(
            [("company_id", "child_of", self.group.id), ("item_ids", "=", False)]
        )
        if not pricelists:
            self.skipTest("pricelists are off (no line turned them on)")
        for pricelist in pricelists:
            self.assertNotIn("Default", pricelist.with_context(lang="zh_CN").display_name, pricelist.company_id.name)
        self.assertIn("默认价目表", pricelists.with_context(lang="zh_CN").mapped("name"))

    @skipIf(MISSING_TOOLS, f"to print and read a PDF this test needs {', '.join(MISSING_TOOLS)} (not installed)")
    def test_group_quotation_pdf_reads_in_chinese(self):
        """#17: a store of the group prints a quotation for a Chinese customer: the PDF (wkhtmltopdf,
        read back with pdftotext) shows the store, the customer, the product and the title in Chinese."""
        if "sale.order" not in self.env:
            self.skipTest("no line brought sale")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sale"], ["zh_CN"])
        store = self.env.ref("customer_core.company_store_shanghai")
        seller = self.env.ref("customer_core.user_seller_lina")
        seller.write({"company_ids": [Command.link(store.id)], "company_id": store.id, "lang": "zh_CN"})
        customer = self.env["res.partner"].create({"name": "客户 王丽华", "company_id": store.id, "lang": "zh_CN"})
        product = self.env["product.product"].create({"name": "真丝围巾", "list_price": 880})
        order = (
            self.env["sale.order"]
            .with_user(seller)
            .with_company(store)
            .sudo()
            .create(
                {
                    "partner_id": customer.id,
                    "company_id": store.id,
                    "order_line": [Command.create({"product_id": product.id, "tax_ids": [Command.clear()]})],
                }
            )
        )
        self.assertEqual(order.currency_id, self.env.ref("base.CNY"))
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(seller)
            .with_company(store)
            .with_context(force_report_rendering=True, lang="zh_CN")
            ._render_qweb_pdf("sale.action_report_saleorder", order.ids)
        )
        self.assertEqual(kind, "pdf")
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        text = re.sub(r"\s+", " ", text)
        for expected in ("报价单", "客户 王丽华", "真丝围巾", "¥ 880.00"):
            self.assertIn(expected, text)
