import io
import re
import shutil
import subprocess
from unittest import skipIf

from openpyxl import load_workbook

from odoo.tests import HttpCase, tagged

from odoo.addons.artwork_provenance.report.art_xlsx import money_format

from .common import ArtworkCommon

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
class TestPrintChinese(ArtworkCommon, HttpCase):
    """A registrar prints the labels and the sheet of a Chinese artwork: the PDFs that wkhtmltopdf
    makes read back in Chinese; the sheet shows the gallery's logo or none (never Odoo's
    "Your logo" placeholder); the spreadsheets show amounts in the gallery's currency."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.registrar.lang = "zh_CN"
        cls.ink_artist = cls.env["res.partner"].create({"name": "测试画家林墨言", "is_artist": True})
        cls.art = cls._artwork(name="山门访友图", artist_id=cls.ink_artist.id, year=1998, year_end=2001)

    def _pdf(self, report, records):
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.registrar)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, records.ids)
        )
        self.assertEqual(kind, "pdf")
        return pdf_text(pdf)

    @skipIf(MISSING_TOOLS, f"to print and read a PDF this test needs {', '.join(MISSING_TOOLS)} (not installed)")
    def test_label_sheet_reads_in_chinese(self):
        action = self.art.with_user(self.registrar)._print_label_sheet()
        sheet = self.env["art.label.sheet"].browse(action["context"]["active_ids"])
        text = self._pdf("artwork_provenance.action_report_art_labels", sheet)
        for expected in ("山门访友图", "测试画家林墨言", self.art.inventory_number, self.company.name):
            self.assertIn(expected, text)
        self.assertFalse(RADICALS.findall(text), text)

    @skipIf(MISSING_TOOLS, f"to print and read a PDF this test needs {', '.join(MISSING_TOOLS)} (not installed)")
    def test_artwork_sheet_reads_in_chinese(self):
        text = self._pdf("artwork_provenance.action_report_artwork_sheet", self.art)
        for expected in ("山门访友图", "测试画家林墨言", self.art.inventory_number, "–2001"):
            self.assertIn(expected, text)
        self.assertFalse(RADICALS.findall(text), text)

    def test_artwork_sheet_has_no_logo_placeholder(self):
        self.company.logo = self.company._get_logo()
        self.assertTrue(self.company.uses_default_logo)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.registrar)
            ._render_qweb_html("artwork_provenance.action_report_artwork_sheet", self.art.ids)[0]
            .decode()
        )
        self.assertIn("山门访友图", html)
        # Odoo's default logo is a "Your logo" picture
        self.assertNotIn(self.company._get_logo().decode(), html)

    def test_inventory_xlsx_shows_currency_and_counts(self):
        cny = self.env.ref("base.CNY")
        cny.active = True
        self.art.currency_id = cny
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.registrar)
            ._render_xlsx("artwork_provenance.action_report_inventory_xlsx", self.art.ids, {})
        )
        self.assertEqual(kind, "xlsx")
        book = load_workbook(io.BytesIO(content))
        price = book.worksheets[0].cell(row=2, column=11)
        self.assertEqual(price.value, 120000)
        self.assertEqual(price.number_format, money_format(cny))
        self.assertTrue(price.number_format.startswith('"¥'), price.number_format)
        count = book.worksheets[1].cell(row=2, column=2)
        self.assertEqual((count.value, count.number_format), (1, "#,##0"))
