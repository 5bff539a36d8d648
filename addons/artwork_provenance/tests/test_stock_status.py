from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ArtworkCommon


@tagged("post_install", "-at_install")
class TestStockStatus(ArtworkCommon):
    def test_status_follows_purchase_sale_and_delivery(self):
        art = self._artwork()
        self._approve(art)
        self.assertFalse(art.status)
        self.assertFalse(art.available_for_sale)
        self._purchase(art, location=self.rack)
        self.assertEqual(art.status, "in_stock")
        self.assertEqual(art.location_id, self.rack)
        self.assertEqual(art.warehouse_id, self.warehouse)
        self.assertTrue(art.available_for_sale)
        order = self._sell(art, deliver=False)
        self.assertEqual(art.status, "reserved")
        self.assertFalse(art.available_for_sale)
        picking = order.picking_ids
        picking.move_ids.move_line_ids.lot_id = art.lot_id
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(art.status, "sold")
        self.assertEqual(art.location_id.usage, "customer")

    def test_restoration_location_means_in_restoration(self):
        art = self._stocked_artwork()
        restoration = self.env.ref("artwork_provenance.stock_location_restoration")
        picking = self.env["stock.picking"]._art_transfer(art, restoration, self.warehouse.int_type_id)
        self.assertEqual(picking.state, "done")
        self.assertEqual(art.status, "in_restoration")
        with self.assertRaises(UserError):
            self._sell(art, deliver=False)

    def test_artwork_received_with_an_owner_is_consigned_in(self):
        art = self._artwork()
        consignor = self.env["res.partner"].create({"name": "Test Consignor"})
        self.env["stock.picking"]._art_transfer(
            art,
            self.stock,
            self.warehouse.in_type_id,
            owner=consignor,
            source=self.env.ref("stock.stock_location_suppliers"),
        )
        self.assertEqual(art.status, "consigned_in")
        self.assertEqual(art.holder_id, consignor)

    def test_move_history_lists_who_moved_it_where(self):
        art = self._stocked_artwork(location=self.rack)
        self.env["stock.picking"].with_user(self.registrar)._art_transfer(
            art, self.other_room, self.warehouse.int_type_id
        )
        self.assertEqual(art.location_id, self.other_room)
        action = art.action_view_moves()
        lines = self.env["stock.move.line"].search(action["domain"]).filtered(lambda ml: ml.state == "done")
        self.assertEqual(len(lines), 2)
        internal = lines.filtered(lambda ml: ml.location_dest_id == self.other_room)
        self.assertEqual(internal.location_id, self.rack)
        self.assertEqual(internal.picking_id.user_id, self.registrar)

    def test_whole_inventory_refresh_writes_only_what_changed(self):
        """The daily job stores status, place, warehouse and availability with one UPDATE ... FROM."""
        kept = self._stocked_artwork(location=self.rack)
        drifted = self._stocked_artwork(location=self.other_room)
        self.env.flush_all()
        # a stored value gone stale behind the ORM's back (e.g. a stock import in SQL)
        self.env.cr.execute(
            "UPDATE art_artwork SET status = 'sold', location_id = NULL, warehouse_id = NULL, "
            "available_for_sale = FALSE WHERE id = %s",
            (drifted.id,),
        )
        self.env.invalidate_all()
        changed = self.env["art.artwork"]._refresh_stock_status(everything=True)
        self.assertIn(drifted, changed)
        self.assertNotIn(kept, changed)
        self.assertEqual(drifted.status, "in_stock")
        self.assertEqual(drifted.location_id, self.other_room)
        self.assertEqual(drifted.warehouse_id, self.warehouse)
        self.assertTrue(drifted.available_for_sale)
        self.assertFalse(self.env["art.artwork"]._refresh_stock_status(everything=True) & (kept | drifted))
        # the cron runs the same pass
        self.env.ref("artwork_provenance.ir_cron_art_refresh_status").method_direct_trigger()
        self.assertEqual(drifted.status, "in_stock")

    def test_a_serial_with_two_quants_gets_one_status(self):
        """An internal quant wins over a customer one (a transient double quant of a serial)."""
        art = self._stocked_artwork(location=self.rack)
        customer = self.env.ref("stock.stock_location_customers")
        self.env["stock.quant"].sudo().create(
            {"product_id": art.product_id.id, "lot_id": art.lot_id.id, "location_id": customer.id, "quantity": 1}
        )
        self.env.flush_all()
        rows = art._fetch_stock_status()
        self.assertEqual(rows[art.id][:2], ("in_stock", self.rack.id))
        self.assertEqual(
            len(self.env["art.artwork"]._fetch_stock_status(everything=True)),
            self.env["art.artwork"].with_context(active_test=False).search_count([]),
            "one row per artwork",
        )

    def test_read_and_stored_status_agree_for_every_case(self):
        """The whole-inventory read, the stored refresh and the compute give one and the same answer:
        two quants of one serial (newest internal wins), a delivered serial whose quants are gone."""
        doubled = self._stocked_artwork(location=self.rack)
        newest = (
            self.env["stock.quant"]
            .sudo()
            .create(
                {"product_id": doubled.product_id.id, "lot_id": doubled.lot_id.id, "location_id": self.other_room.id}
            )
        )
        newest.quantity = 1
        delivered = self._stocked_artwork(location=self.rack)
        self._sell(delivered)
        self.env.flush_all()
        self.env.cr.execute("DELETE FROM stock_quant WHERE lot_id = %s", (delivered.lot_id.id,))
        self.env.invalidate_all()
        arts = doubled | delivered
        read = self.env["art.artwork"]._fetch_stock_status(everything=True)
        self.assertEqual(read[doubled.id], ("in_stock", self.other_room.id, None))
        self.assertEqual(read[delivered.id][:2], ("sold", None))
        self.assertEqual(arts._fetch_stock_status(), {art.id: read[art.id] for art in arts})
        self.env["art.artwork"]._refresh_stock_status(everything=True)
        self.assertEqual(doubled.location_id, self.other_room)
        self.assertEqual((delivered.status, delivered.location_id), ("sold", self.env["stock.location"]))
        # the compute (a form, a batch of records) reads the same query
        arts.invalidate_recordset(["status", "location_id"])
        self.env.add_to_compute(self.env["art.artwork"]._fields["status"], arts)
        self.assertEqual(arts.mapped("status"), ["in_stock", "sold"])
