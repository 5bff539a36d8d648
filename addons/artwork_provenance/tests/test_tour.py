from odoo.tests import HttpCase, tagged

from .common import ArtworkCommon


@tagged("post_install", "-at_install")
class TestArtworkTour(ArtworkCommon, HttpCase):
    def test_create_artwork_and_print_label(self):
        self.start_tour(
            "/odoo/action-artwork_provenance.art_artwork_action",
            "artwork_provenance_create_and_label",
            login="art_registrar",
            # an upper bound for a loaded machine: every step waits on its own condition, not on time
            timeout=240,
        )
        art = self.env["art.artwork"].search([("name", "=", "Tour Autumn Pines")])
        self.assertEqual(len(art), 1)
        self.assertEqual(art.product_id.tracking, "serial")
        sheet = self.env["art.label.sheet"].search([("artwork_ids", "in", art.ids)])
        self.assertEqual(len(sheet), 1)
        self.assertEqual(sheet.create_uid, self.registrar)
        self.assertEqual(art.label_count, 1)
        pdf, fmt = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("artwork_provenance.action_report_art_labels", sheet.ids)
        )
        self.assertEqual(fmt, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
