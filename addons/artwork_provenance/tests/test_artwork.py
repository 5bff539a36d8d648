from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ArtworkCommon


@tagged("post_install", "-at_install")
class TestArtwork(ArtworkCommon):
    def test_artwork_is_backed_by_a_serial_product_with_one_lot(self):
        art = self._artwork(inventory_number="T-ART-0001")
        self.assertEqual(art.product_id.tracking, "serial")
        self.assertTrue(art.product_id.is_storable)
        self.assertEqual(art.lot_id.product_id, art.product_id)
        self.assertEqual(art.lot_id.name, "T-ART-0001")
        self.assertEqual(self.env["stock.lot"].search_count([("product_id", "=", art.product_id.id)]), 1)
        self.assertEqual(art.product_id.categ_id, self.env.ref("artwork_provenance.product_category_artwork"))

    def test_sequence_gives_inventory_numbers(self):
        first, second = self._artwork(), self._artwork(name="Second")
        self.assertTrue(first.inventory_number.startswith("GA-"))
        self.assertNotEqual(first.inventory_number, second.inventory_number)

    def test_one_lot_per_artwork_in_database(self):
        first, second = self._artwork(), self._artwork(name="Second")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env.cr.execute("UPDATE art_artwork SET lot_id = %s WHERE id = %s", (first.lot_id.id, second.id))

    def test_duplicate_inventory_number_is_refused_and_writes_nothing(self):
        self._artwork(inventory_number="T-DUP-1")
        products_before = self.env["product.product"].search_count([("default_code", "=", "T-DUP-1")])
        with self.assertRaises(ValidationError):
            self._artwork(inventory_number="T-DUP-1", name="Copy")
        self.assertEqual(self.env["product.product"].search_count([("default_code", "=", "T-DUP-1")]), products_before)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            other = self._artwork(inventory_number="T-DUP-2")
            self.env.cr.execute("UPDATE art_artwork SET inventory_number = 'T-DUP-1' WHERE id = %s", (other.id,))

    def test_negative_dimensions_are_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(ValidationError):
            self._artwork(height=-10)

    def test_future_year_is_refused(self):
        with self.assertRaises(ValidationError):
            self._artwork(year=3000)
        with self.assertRaises(ValidationError):
            self._artwork(year=2000, year_end=1990)

    def test_artist_must_be_flagged(self):
        with self.assertRaises(ValidationError):
            self._artwork(artist_id=self.customer.id)

    def test_edition_and_dimensions_display(self):
        art = self._artwork(
            edition_type="numbered", edition_number=3, edition_size=20, framed_height=80, framed_width=57
        )
        self.assertEqual(art.edition_display, "3/20")
        self.assertIn("68 × 45 cm", art.dimensions_display)
        self.assertIn("80 × 57 cm", art.dimensions_display)
        with self.assertRaises(ValidationError):
            art.edition_number = 21

    def test_title_and_price_follow_on_product(self):
        art = self._artwork()
        art.write({"name": "Renamed Study", "list_price": 99000})
        self.assertEqual(art.product_id.name, "Renamed Study")
        self.assertEqual(art.product_id.list_price, 99000)

    def test_creation_entry_opens_the_chain(self):
        art = self._artwork(year=1985)
        self.assertEqual(art.provenance_ids.event_type, "created")
        self.assertEqual(art.provenance_ids.owner_id, self.artist)
