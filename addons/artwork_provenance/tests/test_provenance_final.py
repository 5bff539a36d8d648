"""#23 point 7: a verified provenance entry is final.

Before: a registrar wrote ``verified = False`` (the field is readonly in the form only), edited the entry,
verified it again, and the chain re-hashed itself: the public page reported an intact chain with a
rewritten history. Every test here failed on that code (no guard on the mark, no trigger, no seal)."""

from xmlrpc.client import Fault

import psycopg2

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ArtworkCommon


class FinalChainFixtures:
    @classmethod
    def _setup_chain(cls):
        cls.art = cls._artwork(name="Test Final Chain", year=1990)
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
            {"artwork_id": cls.art.id, "event_type": "exhibited", "date": "2001-03-01", "place": "Shanghai"}
        )
        cls.e2.with_user(cls.registrar).action_verify()

    def _sql(self, query, *params):
        self.env.flush_all()
        self.env.cr.execute(query, params)
        self.env.invalidate_all()

    def _rewrite_behind_the_trigger(self, query, *params):
        """What a database superuser can still do: disable the trigger and rewrite a row."""
        self._sql("ALTER TABLE art_provenance_entry DISABLE TRIGGER art_provenance_entry_final")
        self._sql(query, *params)
        self._sql("ALTER TABLE art_provenance_entry ENABLE TRIGGER art_provenance_entry_final")


@tagged("post_install", "-at_install")
class TestProvenanceFinal(ArtworkCommon, FinalChainFixtures):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_chain()

    def test_registrar_cannot_remove_change_or_put_the_mark_by_write(self):
        entry = self.e2.with_user(self.registrar)
        for vals in (
            {"verified": False},
            {"verified_by_id": self.manager.id},
            {"verified_date": "2000-01-01 00:00:00"},
            {"verified_seal": "0" * 64},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                entry.write(vals)
        with self.assertRaises(UserError):
            self.e3.with_user(self.registrar).write({"verified": True, "verified_by_id": self.manager.id})
        self.assertTrue(self.e2.verified)
        self.assertEqual(self.e2.verified_by_id, self.registrar)
        self.assertFalse(self.e3.verified)
        self.assertTrue(self.art.chain_intact)

    def test_registrar_cannot_create_an_entry_already_verified(self):
        with self.assertRaises(UserError):
            self.env["art.provenance.entry"].with_user(self.registrar).create(
                {
                    "artwork_id": self.art.id,
                    "event_type": "sold",
                    "date": "2010-01-01",
                    "verified": True,
                    "verified_by_id": self.manager.id,
                }
            )

    def test_entries_before_a_verified_entry_are_final_too(self):
        """Entry 3 verified: editing entry 2 would re-hash entry 3; refused."""
        self.e3.with_user(self.registrar).action_verify()
        first = self.art.provenance_ids.sorted("sequence")[0]
        with self.assertRaises(UserError):
            first.with_user(self.registrar).description = "Painted in Paris"
        with self.assertRaises(UserError):
            self.e3.with_user(self.registrar).unlink()
        self.assertTrue(self.art.chain_intact)

    def test_verifying_twice_keeps_the_first_verifier_and_date(self):
        date = self.e2.verified_date
        self.e2.with_user(self.manager).action_verify()
        self.assertEqual(self.e2.verified_by_id, self.registrar)
        self.assertEqual(self.e2.verified_date, date)

    def test_database_refuses_to_change_or_delete_a_verified_row(self):
        for query in (
            "UPDATE art_provenance_entry SET verified = FALSE WHERE id = %s",
            "UPDATE art_provenance_entry SET place = 'Macau' WHERE id = %s",
            "UPDATE art_provenance_entry SET verified_by_id = NULL, verified_date = NULL WHERE id = %s",
            "DELETE FROM art_provenance_entry WHERE id = %s",
        ):
            with (
                self.subTest(query=query),
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.InsufficientPrivilege),
                self.env.cr.savepoint(),
            ):
                self._sql(query, self.e2.id)
        # the superuser's ORM is refused in words, before the database
        with self.assertRaises(UserError):
            self.e2.sudo().place = "Macau"
        # what is not part of the record may still change (the entry's links, who last wrote it)
        self._sql("UPDATE art_provenance_entry SET write_date = now() WHERE id = %s", self.e2.id)
        self.assertEqual(self.e2.place, "Hong Kong")
        self.assertTrue(self.art.chain_intact)

    def test_a_rewrite_behind_the_trigger_is_detected(self):
        """A superuser who disables the trigger, removes the mark, edits and re-hashes the chain (what the
        ORM did before) leaves the seal of the mark behind: the chain reports entry 2."""
        Entry = self.env["art.provenance.entry"]
        self._rewrite_behind_the_trigger(
            "UPDATE art_provenance_entry SET verified = FALSE, verified_by_id = NULL, verified_date = NULL,"
            " place = 'Macau' WHERE id = %s",
            self.e2.id,
        )
        self._sql("ALTER TABLE art_provenance_entry DISABLE TRIGGER art_provenance_entry_final")
        self.e2._rehash_from()
        self._sql("ALTER TABLE art_provenance_entry ENABLE TRIGGER art_provenance_entry_final")
        self.assertEqual(Entry._verify_chains(self.art.ids), {self.art.id: self.e2.sequence})
        self.assertFalse(self.art.chain_intact)

    def test_a_mark_moved_behind_the_trigger_is_detected(self):
        self._rewrite_behind_the_trigger(
            "UPDATE art_provenance_entry SET verified_by_id = %s WHERE id = %s", self.manager.id, self.e2.id
        )
        self.assertEqual(self.env["art.provenance.entry"]._verify_chains(self.art.ids), {self.art.id: self.e2.sequence})
        # the reference verification (re-hashing every row) agrees
        self.env.cr.execute(self.env["art.provenance.entry"]._rehash_sql(self.art.ids))
        self.assertEqual(dict(self.env.cr.fetchall()), {self.art.id: self.e2.sequence})

    def test_a_correction_is_a_new_entry_hashed_into_the_chain(self):
        correction = (
            self.env["art.provenance.entry"]
            .with_user(self.registrar)
            .create(
                {
                    "artwork_id": self.art.id,
                    "event_type": "correction",
                    "corrected_entry_id": self.e2.id,
                    "date": "2024-01-01",
                    "place": "Macau",
                    "description": "Sold in Macau, not Hong Kong",
                }
            )
        )
        self.assertEqual(self.e2.correction_ids, correction)
        self.assertEqual(self.e2.place, "Hong Kong")
        self.assertTrue(self.art.chain_intact)
        # the reference is hashed: changing it in SQL breaks the chain at the correction
        self._sql("UPDATE art_provenance_entry SET corrected_entry_id = %s WHERE id = %s", self.e3.id, correction.id)
        self.assertEqual(
            self.env["art.provenance.entry"]._verify_chains(self.art.ids), {self.art.id: correction.sequence}
        )

    def test_a_correction_corrects_an_earlier_entry_of_the_same_artwork(self):
        other = self._artwork(name="Test Other Final", year=1980)
        with self.assertRaises(ValidationError):
            self.env["art.provenance.entry"].with_user(self.registrar).create(
                {"artwork_id": other.id, "event_type": "correction", "corrected_entry_id": self.e2.id}
            )


@tagged("post_install", "-at_install")
class TestProvenanceFinalRpc(ArtworkCommon, FinalChainFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_chain()

    def _rpc(self, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, "art_registrar", "art_registrar", {})
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, "art_registrar", "art.provenance.entry", method, list(args), kwargs
        )

    def _page(self):
        return self.url_open("/art/verify/" + self.art.sudo().public_token).text

    @mute_logger("odoo.http")
    def test_registrar_cannot_unverify_edit_and_reverify_by_rpc(self):
        with self.assertRaises(Fault):
            self._rpc("write", [self.e2.id], {"verified": False})
        with self.assertRaises(Fault):
            self._rpc("write", [self.e2.id], {"place": "Macau"})
        with self.assertRaises(Fault):
            self._rpc("unlink", [self.e2.id])
        with self.assertRaises(Fault):
            self._rpc("create", [{"artwork_id": self.art.id, "event_type": "sold", "verified": True}])
        self.env.invalidate_all()
        self.assertTrue(self.e2.verified)
        self.assertEqual(self.e2.place, "Hong Kong")
        # the daily work goes on: verify, then correct with a new entry
        self._rpc("action_verify", [self.e3.id])
        [correction_id] = self._rpc(
            "create",
            [
                {
                    "artwork_id": self.art.id,
                    "event_type": "correction",
                    "corrected_entry_id": self.e2.id,
                    "place": "Macau",
                }
            ],
        )
        self.env.invalidate_all()
        self.assertTrue(self.e3.verified)
        page = self._page()
        self.assertIn('class="ok"', page)
        self.assertIn("Corrects entry #%s" % self.e2.sequence, page)
        self.assertIn("Corrected by entry #%s" % self.env["art.provenance.entry"].browse(correction_id).sequence, page)

    def test_public_page_reports_a_rewrite_behind_the_trigger(self):
        self._rewrite_behind_the_trigger("UPDATE art_provenance_entry SET verified = FALSE WHERE id = %s", self.e2.id)
        self.assertIn('class="ko"', self._page())
