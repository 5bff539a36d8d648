from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ArtworkCommon


@tagged("post_install", "-at_install")
class TestInventoryCount(ArtworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.on_rack = cls._stocked_artwork(location=cls.rack, name="Test On Rack")
        cls.missing = cls._stocked_artwork(location=cls.room, name="Test Missing")
        cls.elsewhere = cls._stocked_artwork(location=cls.other_room, name="Test Elsewhere")

    def test_count_finds_missing_and_misplaced(self):
        count_form = Form(self.env["art.inventory.count"].with_user(self.registrar))
        count_form.location_id = self.room
        count_form.scan_input = self.on_rack.public_url  # the QR label holds the public URL
        count_form.scan_input = self.elsewhere.inventory_number
        count = count_form.save()
        self.assertEqual(count.found_count, 1)
        self.assertEqual(count.misplaced_count, 1)
        count.action_scan("NO-SUCH-LABEL")
        self.assertIn("NO-SUCH-LABEL", count.unknown_codes)
        count.action_finish()
        self.assertEqual(count.missing_count, 1)
        self.assertEqual(count.line_ids.filtered(lambda ln: ln.result == "missing").artwork_id, self.missing)
        with self.assertRaises(UserError):
            count.action_scan(self.missing.inventory_number)
        count.action_record()
        self.assertEqual(count.state, "done")
        # misplaced work moved to the counted place, missing one counted 0 in physical inventory
        self.assertEqual(self.elsewhere.location_id, self.room)
        missing_quant = count.quant_ids.filtered(lambda q: q.lot_id == self.missing.lot_id)
        self.assertTrue(missing_quant.inventory_quantity_set)
        self.assertEqual(missing_quant.inventory_quantity, 0)
        found_quant = count.quant_ids.filtered(lambda q: q.lot_id == self.on_rack.lot_id)
        self.assertEqual(found_quant.inventory_quantity, 1)
        # the missing artwork stays where Odoo thinks it is until a manager applies the count
        self.assertEqual(self.missing.location_id, self.room)
