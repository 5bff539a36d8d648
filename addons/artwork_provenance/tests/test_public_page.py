from odoo.tests import HttpCase, tagged

from .common import ArtworkCommon


@tagged("post_install", "-at_install")
class TestPublicPage(ArtworkCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.private_owner = cls.env["res.partner"].create({"name": "Test Secret Collector Qian"})
        cls.public_owner = cls.env["res.partner"].create({"name": "Test Open Foundation", "art_public_name": True})
        cls.art = cls._artwork(name="Test Public Scroll", list_price=543210)
        Entry = cls.env["art.provenance.entry"]
        cls.private_entry = Entry.create(
            {"artwork_id": cls.art.id, "event_type": "acquired", "date": "2001-01-01", "owner_id": cls.private_owner.id}
        )
        Entry.create(
            {"artwork_id": cls.art.id, "event_type": "inherited", "date": "2010-01-01", "owner_id": cls.public_owner.id}
        )

    def _path(self):
        return "/art/verify/" + self.art.sudo().public_token

    def test_public_page_shows_chain_without_private_data(self):
        response = self.url_open(self._path())
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("Test Public Scroll", page)
        self.assertIn("Test Open Foundation", page)
        self.assertNotIn("Test Secret Collector Qian", page)
        self.assertNotIn("543210", page)
        self.assertNotIn("543,210", page)
        self.assertIn('class="ok"', page)

    def test_public_page_reports_tampering(self):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE art_provenance_entry SET date = '1999-01-01' WHERE id = %s", (self.private_entry.id,)
        )
        page = self.url_open(self._path()).text
        self.assertIn('class="ko"', page)

    def test_unknown_token_is_not_found(self):
        self.assertEqual(self.url_open("/art/verify/" + "0" * 32).status_code, 404)

    def test_rate_limit(self):
        self.env["ir.config_parameter"].sudo().set_param("artwork_provenance.verify_rate_limit", 3)
        codes = [self.url_open(self._path()).status_code for _i in range(4)]
        self.assertEqual(codes, [200, 200, 200, 429])

    def test_rate_limit_is_shared_across_workers(self):
        """The counts live in the database: hits served by another worker count too."""
        self.env["ir.config_parameter"].sudo().set_param("artwork_provenance.verify_rate_limit", 3)
        Rate = self.env["art.verify.rate"]
        # three requests of this address served elsewhere (another worker, another server)
        self.assertEqual([Rate._hit("127.0.0.1", 3) for _i in range(3)], [False, False, False])
        self.assertEqual(self.url_open(self._path()).status_code, 429)
        self.assertFalse(Rate._hit("192.0.2.10", 3), "another address has its own count")
        # (the four hits may straddle the turn of a minute: two rows then)
        self.env.cr.execute(
            "SELECT SUM(hits) FROM art_verify_rate WHERE client = '127.0.0.1' "
            "AND minute >= date_trunc('minute', clock_timestamp() AT TIME ZONE 'UTC') - interval '1 minute'"
        )
        self.assertEqual(self.env.cr.fetchone()[0], 4)

    def test_rate_limit_window_spans_the_turn_of_the_minute(self):
        Rate = self.env["art.verify.rate"]
        self.env.cr.execute(
            """INSERT INTO art_verify_rate (client, minute, hits)
               VALUES ('198.51.100.7', date_trunc('minute', clock_timestamp() AT TIME ZONE 'UTC') - interval '1 minute',
                       100000),
                      ('198.51.100.8', date_trunc('minute', clock_timestamp() AT TIME ZONE 'UTC') - interval '1 hour',
                       100000)"""
        )
        self.assertTrue(Rate._hit("198.51.100.7", 30), "the previous minute still weighs on the window")
        self.assertFalse(Rate._hit("198.51.100.8", 30), "an hour ago does not count")
        Rate._gc()
        self.env.cr.execute(
            "SELECT client, hits FROM art_verify_rate WHERE client LIKE %s ORDER BY client, minute", ["198.51.100.%"]
        )
        # the hour-old row is gone, the previous and the current minutes stay
        self.assertEqual(self.env.cr.fetchall(), [("198.51.100.7", 100000), ("198.51.100.7", 1), ("198.51.100.8", 1)])
