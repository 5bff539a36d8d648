import io
import re
import shutil
import subprocess
from unittest import skipIf

import openpyxl

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.customer_core.report.xlsx_formats import money_format

from .common import CollectorFixtures

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
class TestPrintChinese(HttpCase, CollectorFixtures):
    """An advisor prints, for a Chinese collector, a recommendation and a quotation in yuan: the PDFs
    that wkhtmltopdf makes read back in Chinese with ¥ amounts; the recommendation shows the
    gallery's logo or its name, never Odoo's "Your logo" placeholder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, mail_create_nolog=True, tracking_disable=True))
        cls._setup_collector_fixtures()
        cls.env["res.lang"]._activate_lang("zh_CN")
        # the gallery advisor's role (own collectors, the gallery's artworks), in Chinese
        cls.advisor = new_test_user(
            cls.env, login="h6_advisor", name="顾问陈静", groups="collector_crm.group_collector_advisor", lang="zh_CN"
        )
        cls.cny = cls.env.ref("base.CNY")
        cls.cny.active = True
        cls.work = cls._artwork("山门秋色", cls.artist_wu, cls.cat_ink, 300000)
        cls.work.currency_id = cls.cny
        cls.collector = cls._collector("张先生", cls.advisor, level="core", lang="zh_CN")

    def _recommendation(self):
        return (
            self.env["collector.recommendation"]
            .with_user(self.advisor)
            .create(
                {
                    "name": "春季精选",
                    "partner_id": self.collector.id,
                    "line_ids": [fields.Command.create({"artwork_id": self.work.id})],
                }
            )
        )

    def _pdf(self, report, records):
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.advisor)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, records.ids)
        )
        self.assertEqual(kind, "pdf")
        return pdf_text(pdf)

    @skipIf(MISSING_TOOLS, f"to print and read a PDF this test needs {', '.join(MISSING_TOOLS)} (not installed)")
    def test_recommendation_pdf_reads_in_chinese(self):
        text = self._pdf("collector_crm.action_report_collector_recommendation", self._recommendation())
        for expected in ("张先生", "山门秋色", "CC Wu Guanzhong", "春季精选", "¥ 300,000.00", "·"):
            self.assertIn(expected, text)
        self.assertFalse(RADICALS.findall(text), text)

    @skipIf(MISSING_TOOLS, f"to print and read a PDF this test needs {', '.join(MISSING_TOOLS)} (not installed)")
    def test_quotation_pdf_reads_in_chinese(self):
        pricelist = self.env["product.pricelist"].create({"name": "人民币价目表", "currency_id": self.cny.id})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.collector.id,
                "user_id": self.advisor.id,
                "pricelist_id": pricelist.id,
                "order_line": [
                    fields.Command.create(
                        {
                            "product_id": self.work.product_id.id,
                            "price_unit": 300000,
                            "tax_ids": [fields.Command.clear()],
                        }
                    )
                ],
            }
        )
        self.assertEqual(order.currency_id, self.cny)
        text = self._pdf("sale.action_report_saleorder", order)
        for expected in ("张先生", "山门秋色"):
            self.assertIn(expected, text)
        # Odoo's layout writes Latin text in its web font (Lato), which Debian's wkhtmltopdf draws
        # as outlines, not text: the amount is read in the HTML of the same document
        html = (
            self.env["ir.actions.report"]
            .with_user(self.advisor)
            ._render_qweb_html("sale.action_report_saleorder", order.ids)[0]
            .decode()
        )
        self.assertIn("¥\N{NO-BREAK SPACE}300,000.00", re.sub(r"<[^>]+>", "", html))

    def test_recommendation_has_no_logo_placeholder(self):
        self.company.logo = self.company._get_logo()
        self.assertTrue(self.company.uses_default_logo)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.advisor)
            ._render_qweb_html("collector_crm.action_report_collector_recommendation", self._recommendation().ids)[0]
            .decode()
        )
        self.assertIn("山门秋色", html)
        # Odoo's default logo is a "Your logo" picture
        self.assertNotIn(self.company._get_logo().decode(), html)

    def test_collector_xlsx_shows_currency(self):
        wizard = (
            self.env["collector.report.wizard"]
            .with_user(self.advisor)
            .create({"date_from": "2031-01-01", "date_to": "2031-12-31"})
        )
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.advisor)
            ._render_xlsx("collector_crm.action_report_collector_xlsx", wizard.ids, None)
        )
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        money = money_format(wizard.company_ids[:1].currency_id)
        self.assertIn(wizard.company_ids[:1].currency_id.symbol, money)
        by_artist = book.worksheets[0]
        self.assertEqual(by_artist.cell(row=5, column=1).value, "Total")  # no sale in 2031: the total row
        self.assertEqual(by_artist.cell(row=5, column=2).number_format, money)
        funnel = book.worksheets[-1]
        self.assertEqual(funnel.cell(row=5, column=2).number_format, "#,##0")
