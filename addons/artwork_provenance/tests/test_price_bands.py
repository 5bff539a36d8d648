import io
import zipfile

from psycopg2 import IntegrityError

from odoo.tests import tagged, users
from odoo.tools import mute_logger

from .common import ArtworkCommon


@tagged("post_install", "-at_install")
class TestPriceBands(ArtworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mid_band = cls.env.ref("artwork_provenance.price_band_50k_200k")
        cls.low_band = cls.env.ref("artwork_provenance.price_band_10k_50k")
        cls.cheap = cls._artwork(name="Test Small Sketch", list_price=12000)
        cls.dear = cls._artwork(name="Test Large Scroll", list_price=120000)

    def test_asking_price_falls_in_its_band(self):
        self.assertEqual(self.cheap.price_band_id, self.low_band)
        self.assertEqual(self.dear.price_band_id, self.mid_band)
        self.cheap.list_price = 50000
        self.assertEqual(self.cheap.price_band_id, self.mid_band, "the lower bound belongs to the band")

    def test_new_band_reassigns_the_inventory(self):
        band = self.env["art.price.band"].create({"name": "Test 100k+", "amount_from": 100000})
        self.assertEqual(self.dear.price_band_id, band)
        self.assertEqual(self.cheap.price_band_id, self.low_band)
        band.amount_from = 150000
        self.assertEqual(self.dear.price_band_id, self.mid_band)
        band.amount_from = 90000
        self.assertEqual(self.dear.price_band_id, band)
        band.active = False
        self.assertEqual(self.dear.price_band_id, self.mid_band)

    def test_company_band_before_shared_band(self):
        own = self.env["art.price.band"].create(
            {"name": "Test House Mid", "amount_from": 50000, "company_id": self.company.id}
        )
        self.assertEqual(self.dear.price_band_id, own)
        other_company = self.env["res.company"].create({"name": "Test Other Gallery"})
        self.env["art.price.band"].create(
            {"name": "Test Other Mid", "amount_from": 60000, "company_id": other_company.id}
        )
        self.assertEqual(self.dear.price_band_id, own, "another company's band never applies")

    def test_bad_bands_are_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["art.price.band"].create({"name": "Test Negative", "amount_from": -1})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["art.price.band"].create({"name": "Test Twin", "amount_from": 10000})

    @users("art_sales")
    def test_sales_user_groups_inventory_by_price_band(self):
        """The inventory pivot/graph: a non-finance user groups artworks by band (no costs involved)."""
        groups = self.env["art.artwork"]._read_group(
            [("id", "in", (self.cheap | self.dear).ids)], ["price_band_id"], ["__count", "list_price:sum"]
        )
        self.assertEqual(
            sorted((band.id, count, total) for band, count, total in groups),
            sorted([(self.low_band.id, 1, 12000.0), (self.mid_band.id, 1, 120000.0)]),
        )

    def test_price_band_in_margin_report_and_xlsx(self):
        rows = self.env["art.margin.report"].search([("artwork_id", "in", (self.cheap | self.dear).ids)])
        self.assertEqual(rows.mapped("price_band_id"), self.low_band | self.mid_band)
        content, _fmt = self.env["ir.actions.report"]._render(
            "artwork_provenance.action_report_inventory_xlsx", (self.cheap | self.dear).ids, {}
        )
        workbook = zipfile.ZipFile(io.BytesIO(content)).read("xl/workbook.xml").decode()
        self.assertIn("By Price Band", workbook)
