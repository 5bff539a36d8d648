"""#17: a gallery's company and its chatter.

- Every gallery company gets the artworks' FIFO costing and a restoration studio, on first need
  (the data set them for the main company only).
- A tracked selection of a gallery document reads in the reader's language, whoever wrote it.
- The approval steps base_tier_validation writes in the chatter (English only) read in the language
  of whoever made the step.
"""

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import GROUP, ArtworkCommon


@tagged("post_install", "-at_install")
class TestGalleryCompany(ArtworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category_artwork = cls.env.ref("artwork_provenance.product_category_artwork")
        cls.new_gallery = cls.env["res.company"].create({"name": "Test Gallery Opened Later"})
        cls.new_registrar = new_test_user(
            cls.env,
            login="art_new_gallery_registrar",
            groups=GROUP + "registrar",
            company_id=cls.new_gallery.id,
            company_ids=[Command.set(cls.new_gallery.ids)],
        )

    def _first_artwork(self, company, registrar):
        return (
            self.env["art.artwork"]
            .with_user(registrar)
            .with_company(company)
            .create(
                {
                    "name": "Test First Work",
                    "artist_id": self.artist.id,
                    "category_id": self.category.id,
                    "height": 50,
                    "width": 40,
                }
            )
        )

    def test_a_gallery_opened_later_gets_fifo_and_a_restoration_studio(self):
        company = self.new_gallery
        art = self._first_artwork(company, self.new_registrar)
        self.assertEqual(art.company_id, company)
        self.assertEqual(self.category_artwork.with_company(company).property_cost_method, "fifo")
        self.assertEqual(art.product_id.with_company(company).cost_method, "fifo")
        # the main company's costing is untouched
        self.assertEqual(
            self.category_artwork.with_company(self.env.ref("base.main_company")).property_cost_method, "fifo"
        )
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)])
        self.assertEqual(len(warehouse), 1)
        studio = company._art_restoration_location()
        self.assertEqual(studio.company_id, company)
        self.assertEqual(studio.location_id, warehouse.lot_stock_id)
        self.assertEqual((studio.usage, studio.art_location_kind), ("internal", "restoration"))
        # made once: the next artwork finds it
        self._first_artwork(company, self.new_registrar)
        self.assertEqual(
            self.env["stock.location"].search_count(
                [("company_id", "=", company.id), ("art_location_kind", "=", "restoration")]
            ),
            1,
        )
        # a work sent there is in restoration
        self.env["stock.quant"]._update_available_quantity(art.product_id, warehouse.lot_stock_id, 1, lot_id=art.lot_id)
        self.env["stock.picking"]._art_transfer(art, studio, warehouse.int_type_id)
        self.assertEqual(art.status, "in_restoration")

    def test_a_company_that_chose_its_costing_keeps_it(self):
        company = self.env["res.company"].create({"name": "Test Gallery In Average Cost"})
        self.category_artwork.with_company(company).property_cost_method = "average"
        registrar = new_test_user(
            self.env,
            login="art_avco_registrar",
            groups=GROUP + "registrar",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        self._first_artwork(company, registrar)
        self.assertEqual(self.category_artwork.with_company(company).property_cost_method, "average")

    def test_the_galleries_that_hold_artworks_are_set_up_at_install(self):
        company = self.new_gallery
        art = self._first_artwork(company, self.new_registrar)
        # as a database installed before: no costing of its own, no studio
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE product_category SET property_cost_method = property_cost_method - %s WHERE id = %s",
            (str(company.id), self.category_artwork.id),
        )
        company._art_restoration_location().unlink()
        self.env.invalidate_all()
        self.assertNotEqual(self.category_artwork.with_company(company).property_cost_method, "fifo")
        self.assertIn(company, self.env["res.company"]._art_setup_galleries())
        self.assertEqual(self.category_artwork.with_company(company).property_cost_method, "fifo")
        self.assertTrue(company._art_restoration_location())
        self.assertEqual(art.company_id, company)


@tagged("post_install", "-at_install")
class TestChatterInTheReadersLanguage(ArtworkCommon):
    @classmethod
    def default_env_context(cls):
        # the chatter at work (BaseCommon leaves tracking and logging off)
        return {"no_reset_password": True}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["artwork_provenance"], ["zh_CN"], overwrite=True)

    def _trackings(self, art):
        self.env.flush_all()
        self.env.cr.precommit.run()
        return self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "art.artwork"),
                ("mail_message_id.res_id", "=", art.id),
                ("field_id.name", "=", "condition"),
            ],
            order="id",
        )

    def _formatted(self, tracking, lang):
        values = tracking.with_context(lang=lang)._tracking_value_format()
        return values[0]["oldValue"], values[0]["newValue"]

    def test_a_tracked_selection_reads_in_the_readers_language(self):
        art = self._artwork(name="Test Tracked Study", condition="good")
        # as a record made before: mail does not track a record in the transaction that made it
        self.assertFalse(self._trackings(art))
        # written by an English-speaking colleague (or by the demo before the Chinese was loaded)
        art.with_context(lang="en_US").condition = "fair"
        tracking = self._trackings(art)
        self.assertEqual((tracking.old_value_char, tracking.new_value_char), ("Good", "Fair"))
        self.assertEqual(self._formatted(tracking, "zh_CN"), ("良好", "一般"))
        self.assertEqual(self._formatted(tracking, "en_US"), ("Good", "Fair"))
        # and the other way round: written in Chinese, read in English
        art.with_context(lang="zh_CN").condition = "poor"
        tracking = self._trackings(art)[-1:]
        self.assertEqual(tracking.new_value_char, "较差")
        self.assertEqual(self._formatted(tracking, "en_US"), ("Fair", "Poor"))
        # a label no language knows stays as written
        tracking.new_value_char = "Beyond repair"
        self.assertEqual(self._formatted(tracking, "zh_CN")[1], "Beyond repair")

    def test_the_approval_steps_read_in_the_language_of_who_made_them(self):
        registrar = self.registrar.with_context(lang="zh_CN")
        registrar.lang = "zh_CN"
        art = self._artwork(name="Test Reviewed Study")
        art.with_user(registrar).with_context(lang="zh_CN").action_submit_intake()
        bodies = " ".join(art.message_ids.mapped("body"))
        self.assertNotIn("A record to be reviewed", bodies)
        self.assertNotIn("Review pending for", bodies)
        self.assertIn("提交", bodies)
        self.director.lang = "zh_CN"
        art.with_user(self.director).with_context(lang="zh_CN").reject_tier()
        bodies = " ".join(art.message_ids.mapped("body"))
        self.assertNotIn("was rejected by", bodies)
        self.assertIn("驳回", bodies)
