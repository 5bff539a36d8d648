import io
import re
import shutil
import subprocess
from datetime import date, datetime
from unittest import skipIf

from openpyxl import load_workbook

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.customer_core.report.xlsx_formats import money_format

MISSING_TOOLS = [tool for tool in ("wkhtmltopdf", "pdftotext") if not shutil.which(tool)]


def pdf_text(pdf):
    """The text of a PDF as pdftotext reads it (UTF-8), its spaces collapsed."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return re.sub(r"\s+", " ", text.replace("\N{NO-BREAK SPACE}", " "))


# CJK radicals: what a PDF's text layer holds when its font maps an ideograph's glyph to a radical
# (Noto CJK: 门 read back as ⻔); a reader's search and copy then fail
RADICALS = re.compile("[\u2e80-\u2fdf]")


@tagged("post_install", "-at_install")
class TestPrintChinese(HttpCase):
    """The head office prints the store comparison of a Chinese chain: the PDF that wkhtmltopdf
    makes (Debian's unpatched build as the patched one) reads back in Chinese, with ¥ amounts
    and no "Your logo" placeholder; the spreadsheet shows amounts in yuan, counts as integers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cny = cls.env.ref("base.CNY")
        cny.active = True
        cls.head_office = cls.env["res.company"].create({"name": "光影影像集团", "currency_id": cny.id})
        cls.store = cls.env["res.company"].create(
            {"name": "上海静安门店", "currency_id": cny.id, "parent_id": cls.head_office.id}
        )
        cls.env.user.company_ids |= cls.head_office | cls.store
        cls.manager = new_test_user(
            cls.env,
            login="h6_head_office",
            name="总部王经理",
            groups="studio_booking.group_studio_manager",
            lang="zh_CN",
            company_id=cls.head_office.id,
            company_ids=[Command.set((cls.head_office | cls.store).ids)],
        )
        package = cls.env["product.product"].create(
            {
                "name": "经典婚纱套系",
                "type": "service",
                "list_price": 3900.0,
                "taxes_id": [Command.clear()],
                "is_studio_package": True,
                "studio_shoot_type": "family",
            }
        )
        customer = cls.env["res.partner"].create({"name": "李小姐"})
        order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "company_id": cls.store.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": package.id,
                            "product_uom_qty": 1,
                            "price_unit": 3900.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        order.date_order = datetime(2030, 3, 8, 10, 0)
        cls.env.flush_all()

    def _wizard(self):
        # the context of the web client: the user's language and stores
        context = {"lang": "zh_CN", "allowed_company_ids": (self.head_office | self.store).ids}
        env = self.env(user=self.manager, context=context)
        return env["studio.store.compare"].create(
            {"date_from": date(2030, 1, 1), "date_to": date(2030, 12, 31), "head_office_id": self.head_office.id}
        )

    @skipIf(MISSING_TOOLS, f"to print and read a PDF this test needs {', '.join(MISSING_TOOLS)} (not installed)")
    def test_store_comparison_pdf_reads_in_chinese(self):
        wizard = self._wizard()
        self.assertEqual(wizard.company_ids, self.head_office | self.store)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_context(force_report_rendering=True, lang="zh_CN", allowed_company_ids=wizard.company_ids.ids)
            ._render_qweb_pdf("studio_booking.action_report_store_compare", wizard.ids)
        )
        self.assertEqual(kind, "pdf")
        text = pdf_text(pdf)
        for expected in ("光影影像集团", "上海静安门店", "¥ 3,900.00", "·", "–"):
            self.assertIn(expected, text)
        self.assertNotIn("å", text, "mojibake: UTF-8 read as Latin-1")
        self.assertFalse(RADICALS.findall(text), text)

    def test_store_comparison_has_no_logo_placeholder(self):
        wizard = self._wizard()
        html = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=wizard.company_ids.ids)
            ._render_qweb_html("studio_booking.action_report_store_compare", wizard.ids)[0]
            .decode()
        )
        self.assertTrue(self.head_office.uses_default_logo)
        self.assertIn("光影影像集团", html)
        # Odoo's default logo is a "Your logo" picture
        self.assertNotIn(self.head_office._get_logo().decode(), html)

    def test_store_comparison_xlsx_shows_yuan_and_counts(self):
        wizard = self._wizard()
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=wizard.company_ids.ids)
            ._render_xlsx("studio_booking.action_report_store_compare_xlsx", wizard.ids, {})
        )
        self.assertEqual(kind, "xlsx")
        sheet = load_workbook(io.BytesIO(content)).active
        row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "上海静安门店")
        revenue = row[2]  # Store, Orders, Revenue
        self.assertEqual(revenue.value, 3900)
        self.assertEqual(revenue.number_format, money_format(self.store.currency_id))
        self.assertIn("¥", revenue.number_format)
        self.assertEqual(row[1].value, 1)
        self.assertEqual(row[1].number_format, "#,##0")

    def test_package_xlsx_shows_yuan_counts_and_percents(self):
        env = self.env(user=self.manager, context={"lang": "zh_CN", "allowed_company_ids": self.store.ids})
        rows = env["studio.package.report"].search([("company_id", "=", self.store.id)])
        self.assertTrue(rows)
        content, _kind = env["ir.actions.report"]._render_xlsx(
            "studio_booking.action_report_package_xlsx", rows.ids, {}
        )
        sheet = load_workbook(io.BytesIO(content)).active
        # month, package, shoot type, store, sold, revenue, cost, margin, margin (%)
        row = sheet[2]
        self.assertEqual((row[3].value, row[4].value, row[5].value), ("上海静安门店", 1, 3900))
        self.assertEqual(row[4].number_format, "#,##0")
        for cell in row[5:8]:
            self.assertEqual(cell.number_format, money_format(self.store.currency_id))
        self.assertEqual(row[8].number_format, '0.0" %"')
