import base64
import io
import zipfile

from odoo.tests import tagged

from .common import ArtworkCommon


@tagged("post_install", "-at_install")
class TestReports(ArtworkCommon):
    def test_label_sheet_prints_every_label_on_one_document(self):
        arts = self.env["art.artwork"]
        for i in range(4):
            arts |= self._artwork(name=f"Test Label {i}")
        action = arts.with_user(self.registrar)._print_label_sheet()
        self.assertEqual(action["report_name"], "artwork_provenance.report_art_labels")
        sheet = self.env["art.label.sheet"].browse(action["context"]["active_ids"])
        self.assertEqual(len(sheet), 1)
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "artwork_provenance.action_report_art_labels", sheet.ids
        )
        html = html.decode()
        for art in arts:
            self.assertIn(art.inventory_number, html)
        self.assertEqual(html.count('class="o_art_label"'), 4)
        self.assertEqual(html.count("data:image/png;base64,"), 4)

    def test_artwork_sheet_shows_chain_without_prices(self):
        art = self._artwork(list_price=987654)
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "artwork_provenance.action_report_artwork_sheet", art.ids
        )
        html = html.decode()
        self.assertIn(art.name, html)
        self.assertIn("SHA-256", html)
        self.assertNotIn("987654", html)
        self.assertNotIn("987,654", html)

    def test_xlsx_reports(self):
        art = self._artwork()
        content, fmt = self.env["ir.actions.report"]._render(
            "artwork_provenance.action_report_inventory_xlsx", art.ids, {}
        )
        self.assertEqual(fmt, "xlsx")
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        self.assertEqual(len([n for n in names if n.startswith("xl/worksheets/")]), 5)
        content, fmt = self.env["ir.actions.report"]._render(
            "artwork_provenance.action_report_margin_xlsx",
            self.env["art.margin.report"].search([("artwork_id", "=", art.id)]).ids,
            {},
        )
        self.assertTrue(zipfile.ZipFile(io.BytesIO(content)).namelist())
        self.assertTrue(base64.b64encode(content))
