from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ArtworkCommon


@tagged("post_install", "-at_install")
class TestDocuments(ArtworkCommon):
    def test_expiring_document_raises_one_activity(self):
        art = self._artwork()
        today = fields.Date.today()
        Document = self.env["art.document"].with_user(self.registrar)
        policy = Document.create(
            {
                "name": "Test insurance policy",
                "artwork_id": art.id,
                "document_type": "insurance",
                "date": today - timedelta(days=300),
                "expiry_date": today + timedelta(days=10),
            }
        )
        certificate = Document.create(
            {
                "name": "Test certificate",
                "artwork_id": art.id,
                "document_type": "certificate",
                "date": today,
                "expiry_date": today + timedelta(days=400),
            }
        )
        self.assertEqual(policy.expiry_state, "expiring")
        self.assertEqual(certificate.expiry_state, "valid")
        self.assertIn(policy, Document.search([("expiry_state", "in", ["expiring"])]))
        warned = self.env["art.document"]._cron_warn_expiring()
        self.assertIn(policy, warned)
        self.assertNotIn(certificate, warned)
        self.assertEqual(len(policy.activity_ids), 1)
        self.env["art.document"]._cron_warn_expiring()
        self.assertEqual(len(policy.activity_ids), 1)
        self.assertEqual(art.document_count, 2)

    def test_valuation_cannot_be_negative(self):
        art = self._artwork()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["art.valuation"].create({"artwork_id": art.id, "amount": -5})
        with self.assertRaises(ValidationError):
            self._artwork(edition_type="numbered", edition_number=-1, edition_size=5)
