from odoo.tests import HttpCase, tagged

from odoo.addons.artwork_provenance.controllers import main as verify_controller

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

    def setUp(self):
        super().setUp()
        verify_controller._hits.clear()
        self.addCleanup(verify_controller._hits.clear)

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
