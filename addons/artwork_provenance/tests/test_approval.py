import importlib.util

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import file_path

from .common import ArtworkCommon


@tagged("post_install", "-at_install")
class TestIntakeApproval(ArtworkCommon):
    def test_intake_needs_the_art_director(self):
        art = self._artwork()
        art.with_user(self.registrar).action_submit_intake()
        self.assertEqual(art.intake_state, "to_approve")
        self.assertFalse(art.with_user(self.sales).can_review)
        self.assertTrue(art.with_user(self.director).can_review)
        # cannot be offered before approval
        with self.assertRaises(UserError):
            self._sell(art, deliver=False)
        art.with_user(self.director).validate_tier()
        self.assertEqual(art.intake_state, "approved")
        # the sales team is told
        message = art.message_ids.filtered(lambda m: self.sales.partner_id in m.partner_ids)
        self.assertTrue(message)

    def test_rejected_intake_can_be_resubmitted(self):
        art = self._artwork()
        art.action_submit_intake()
        art.with_user(self.director).reject_tier()
        self.assertEqual(art.intake_state, "rejected")
        art.action_submit_intake()
        self.assertEqual(art.intake_state, "to_approve")
        art.with_user(self.director).validate_tier()
        self.assertEqual(art.intake_state, "approved")


@tagged("post_install", "-at_install")
class TestApprovedArtworkStaysLiving(ArtworkCommon):
    """An approved artwork is kept up to date by the gallery managers; the changes the company names
    (Settings: changes needing re-approval) send it back to intake approval; nobody else changes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.price_field = cls.env["ir.model.fields"]._get("art.artwork", "list_price")
        cls.company.art_reapproval_field_ids = cls.price_field
        cls.art = cls._approve(cls._artwork())

    def test_manager_updates_condition_and_images_and_it_stays_approved(self):
        with Form(self.art.with_user(self.manager)) as form:
            form.condition = "fair"
            form.condition_note = "Light foxing in the lower margin"
            with form.image_ids.new() as image:
                image.name = "Detail, lower margin"
        self.assertEqual(self.art.condition, "fair")
        self.assertEqual(self.art.image_ids.mapped("name"), ["Detail, lower margin"])
        self.assertEqual(self.art.intake_state, "approved")
        self.assertEqual(self.art.validation_status, "validated")
        # the same price again is no change
        self.art.with_user(self.manager).write({"list_price": self.art.list_price})
        self.assertEqual(self.art.intake_state, "approved")

    def test_a_price_change_goes_back_to_approval(self):
        with Form(self.art.with_user(self.manager)) as form:
            form.list_price = 135000
        self.assertEqual(self.art.intake_state, "to_approve")
        self.assertEqual(self.art.product_id.list_price, 135000)
        self.assertTrue(self.art.with_user(self.director).can_review)
        self.assertFalse(self.art.available_for_sale)
        with self.assertRaises(UserError):
            self._sell(self.art, deliver=False)
        self.art.with_user(self.director).validate_tier()
        self.assertEqual(self.art.intake_state, "approved")
        self.assertEqual(self.art.validation_status, "validated")

    def test_the_company_chooses_the_changes_that_need_approval(self):
        self.company.art_reapproval_field_ids = False
        self.art.with_user(self.manager).write({"list_price": 135000})
        self.assertEqual(self.art.intake_state, "approved")
        self.company.art_reapproval_field_ids = self.env["ir.model.fields"]._get("art.artwork", "condition")
        self.art.with_user(self.manager).write({"condition": "poor"})
        self.assertEqual(self.art.intake_state, "to_approve")

    def test_a_new_company_asks_approval_for_price_and_artist(self):
        company = self.env["res.company"].create({"name": "Test Gallery Branch"})
        self.assertEqual(set(company.art_reapproval_field_ids.mapped("name")), {"list_price", "artist_id"})

    def test_an_updated_database_gets_the_default_changes(self):
        """A database from before the setting: the update's migration gives every company without any
        the default (price and artist); a company's own choice stays."""
        path = file_path("artwork_provenance/migrations/19.0.1.1.0/post-migrate.py")
        spec = importlib.util.spec_from_file_location("artwork_provenance_post_migrate_19_0_1_1_0", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        other = self.env["res.company"].create({"name": "Test Gallery Branch"})
        condition = self.env["ir.model.fields"]._get("art.artwork", "condition")
        self.company.art_reapproval_field_ids = False
        other.art_reapproval_field_ids = condition
        self.env.flush_all()
        migration.migrate(self.env.cr, "19.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(set(self.company.art_reapproval_field_ids.mapped("name")), {"list_price", "artist_id"})
        self.assertEqual(other.art_reapproval_field_ids, condition)
        self.art.with_user(self.manager).write({"list_price": 135000})
        self.assertEqual(self.art.intake_state, "to_approve")

    def test_others_cannot_change_an_approved_artwork(self):
        for user in (self.registrar, self.director):
            with self.assertRaisesRegex(UserError, "only a gallery manager"):
                self.art.with_user(user).write({"condition": "poor"})
        with self.assertRaises(UserError):
            self.env["art.artwork.image"].with_user(self.registrar).create({"artwork_id": self.art.id, "name": "X"})
        with Form(self.art.with_user(self.registrar)) as form, self.assertRaises(AssertionError):
            form.condition = "poor"
        self.assertEqual(self.art.condition, "good")
        self.assertEqual(self.art.intake_state, "approved")
        # a draft is the registrar's to complete
        draft = self._artwork(name="Test Draft Study")
        draft.with_user(self.registrar).write({"condition": "fair"})
        self.env["art.artwork.image"].with_user(self.registrar).create({"artwork_id": draft.id, "name": "Front"})

    def test_waiting_artwork_says_why_matching_and_sales_wait(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        # overwrite: a database updated from an older version keeps the English of the old text
        self.env["ir.module.module"]._load_module_terms(["artwork_provenance"], ["zh_CN"], overwrite=True)
        Artwork = self.env["art.artwork"].with_user(self.registrar)
        for lang, words in (("en_US", "open once it is approved"), ("zh_CN", "入库审批通过后")):
            arch = etree.fromstring(Artwork.with_context(lang=lang).get_view(view_type="form")["arch"])
            [alert] = arch.xpath("//div[@name='intake_pending_alert']")
            self.assertEqual(alert.get("invisible"), "intake_state != 'to_approve'")
            self.assertIn(words, " ".join("".join(alert.itertext()).split()))

    def test_the_review_banner_speaks_the_readers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["artwork_provenance"], ["zh_CN"], overwrite=True)
        art = self._artwork(name="Test Waiting Study")
        art.with_user(self.registrar).action_submit_intake()
        for lang, words, next_words in (
            ("en_US", "Waiting for the approval of Art Director.", "Next: "),
            ("zh_CN", "等待艺术总监审批。", "下一步："),
        ):
            art.invalidate_recordset(["to_validate_message", "next_review"])
            seen = art.with_user(self.registrar).with_context(lang=lang)
            self.assertIn(words, seen.to_validate_message)
            self.assertTrue(seen.next_review.startswith(next_words), seen.next_review)
