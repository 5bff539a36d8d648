from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ArtworkCommon


@tagged("post_install", "-at_install")
class TestProvenance(ArtworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.art = cls._artwork(year=1990)
        Entry = cls.env["art.provenance.entry"]
        cls.e2 = Entry.create(
            {
                "artwork_id": cls.art.id,
                "event_type": "acquired",
                "date": "1995-05-01",
                "owner_id": cls.vendor.id,
                "place": "Hong Kong",
            }
        )
        cls.e3 = Entry.create(
            {"artwork_id": cls.art.id, "event_type": "exhibited", "date": "2001-03-01", "place": "Shanghai Art Museum"}
        )

    def test_entries_are_hash_chained(self):
        entries = self.art.provenance_ids.sorted("sequence")
        self.assertEqual(entries.mapped("sequence"), [1, 2, 3])
        self.assertEqual(entries[0].prev_hash, "0" * 64)
        self.assertEqual(entries[1].prev_hash, entries[0].hash)
        self.assertEqual(entries[2].prev_hash, entries[1].hash)
        self.assertEqual(len(entries[2].hash), 64)
        self.assertTrue(self.art.chain_intact)

    def test_hash_survives_quotes_newlines_and_chinese(self):
        """Python writes the hash, PostgreSQL verifies it: both must read the same text."""
        self.env["art.provenance.entry"].create(
            {
                "artwork_id": self.art.id,
                "event_type": "published",
                "date": "2005-09-09",
                "place": '北京 "798" 艺术区',
                "description": "《画刊》2005年第9期\n\tp. 12 \\ 封面 🎨",
                "source_document": "",
            }
        )
        self.assertFalse(self.env["art.provenance.entry"]._verify_chains(self.art.ids))

    def test_tampering_in_sql_is_detected(self):
        self.env.flush_all()
        self.env.cr.execute("UPDATE art_provenance_entry SET place = 'Paris' WHERE id = %s", (self.e2.id,))
        self.env.invalidate_all()
        self.assertFalse(self.art.chain_intact)
        broken = self.env["art.provenance.entry"]._verify_chains(self.art.ids)
        self.assertEqual(broken[self.art.id], self.e2.sequence)
        with self.assertRaises(UserError):
            self.art.action_verify_chain()

    def test_recomputing_a_hash_in_sql_still_breaks_the_chain(self):
        """A forger who edits a row and its own hash still breaks the link of the next entry."""
        Entry = self.env["art.provenance.entry"]
        self.env.flush_all()
        values = self.e2._content_values()
        values["place"] = "Paris"
        forged = Entry._compute_hash(values, self.e2.prev_hash)
        self.env.cr.execute(
            "UPDATE art_provenance_entry SET place = 'Paris', hash = %s WHERE id = %s", (forged, self.e2.id)
        )
        self.env.invalidate_all()
        self.assertEqual(Entry._verify_chains(self.art.ids)[self.art.id], self.e3.sequence)

    def test_verified_entry_is_immutable_and_corrected_by_a_new_entry(self):
        self.e2.with_user(self.registrar).action_verify()
        self.assertTrue(self.e2.verified)
        self.assertEqual(self.e2.verified_by_id, self.registrar)
        with self.assertRaises(UserError):
            self.e2.with_user(self.registrar).place = "Macau"
        with self.assertRaises(UserError):
            self.e2.with_user(self.registrar).unlink()
        action = self.e2.action_correct()
        ctx = action["context"]
        correction = (
            self.env["art.provenance.entry"]
            .with_user(self.registrar)
            .create(
                {
                    "artwork_id": ctx["default_artwork_id"],
                    "event_type": "correction",
                    "corrected_entry_id": ctx["default_corrected_entry_id"],
                    "place": "Macau",
                    "description": "Sale took place in Macau, not Hong Kong",
                }
            )
        )
        self.assertEqual(correction.sequence, 4)
        self.assertEqual(self.e2.place, "Hong Kong")
        self.assertTrue(self.art.chain_intact)

    def test_editing_an_unverified_entry_rehashes_the_chain(self):
        old_hash = self.e3.hash
        self.e2.place = "Taipei"
        self.assertNotEqual(self.e3.hash, old_hash)
        self.assertTrue(self.art.chain_intact)

    def test_only_the_last_entry_can_be_deleted(self):
        with self.assertRaises(UserError):
            self.e2.unlink()
        self.e3.unlink()
        self.assertTrue(self.art.chain_intact)

    def test_exhibition_confirmation_feeds_the_chain(self):
        exhibition = self.env["art.exhibition"].create(
            {
                "name": "Test Ink and Light",
                "venue": "Test Hall",
                "city": "Beijing",
                "date_start": "2024-03-01",
                "date_end": "2024-05-01",
                "line_ids": [(0, 0, {"artwork_id": self.art.id, "catalogue_number": "12"})],
            }
        )
        exhibition.action_confirm()
        entry = self.art.provenance_ids.filtered(lambda e: e.exhibition_id == exhibition)
        self.assertEqual(entry.event_type, "exhibited")
        self.assertIn("12", entry.description)
        exhibition.action_confirm()  # confirming twice adds nothing
        self.assertEqual(len(self.art.provenance_ids.filtered(lambda e: e.exhibition_id == exhibition)), 1)

    def test_done_purchase_and_sale_append_entries(self):
        art = self._stocked_artwork()
        acquired = art.provenance_ids.filtered(lambda e: e.event_type == "acquired")
        self.assertEqual(len(acquired), 1)
        self.assertTrue(acquired.purchase_order_id)
        self.assertEqual(acquired.owner_id, self.company.partner_id)
        order = self._sell(art)
        sold = art.provenance_ids.filtered(lambda e: e.event_type == "sold")
        self.assertEqual(sold.sale_order_id, order)
        self.assertEqual(sold.owner_id, self.customer)
        self.assertTrue(art.chain_intact)
