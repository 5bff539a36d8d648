import psycopg2

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import StudioCommon, at


@tagged("post_install", "-at_install")
class TestBooking(StudioCommon):
    def test_overlap_refused_names_resource_and_booking(self):
        first = self.book(at(10), at(12), self.photographer | self.room)
        other = self.env["res.partner"].create({"name": "Test Late Customer"})
        with mute_logger("odoo.sql_db"), self.assertRaises(ValidationError) as caught:
            self.env["studio.booking"].create(
                {
                    "partner_id": other.id,
                    "company_id": self.store_a.id,
                    "start": at(11),
                    "stop": at(13),
                    "setup_minutes": 0,
                    "cleanup_minutes": 0,
                    "line_ids": [
                        Command.create({"resource_id": self.makeup.id}),
                        Command.create({"resource_id": self.photographer.id}),
                    ],
                }
            )
        message = str(caught.exception)
        self.assertIn(self.photographer.name, message)
        self.assertIn(first.name, message)
        # nothing half-written: neither the booking nor its make-up line
        self.assertFalse(self.env["studio.booking"].search([("partner_id", "=", other.id)]))
        self.assertFalse(
            self.env["studio.booking.line"].search([("resource_id", "=", self.makeup.id), ("start", "=", at(11))])
        )

    def test_buffers_respected(self):
        self.book(at(10), at(12), self.room, cleanup=30)
        # the room is being cleaned until 12:30
        with mute_logger("odoo.sql_db"), self.assertRaises(ValidationError):
            self.book(at(12, 15), at(13), self.room)
        # a set-up of 15 minutes from 12:30 overlaps the clean-up as well
        with mute_logger("odoo.sql_db"), self.assertRaises(ValidationError):
            self.book(at(12, 40), at(14), self.room, setup=15)
        later = self.book(at(12, 30), at(14), self.room)
        self.assertEqual(later.line_ids.buffer_start, at(12, 30))

    def test_cancel_frees_and_rebooking_is_checked(self):
        first = self.book(at(10), at(12), self.photographer)
        first.action_cancel()
        second = self.book(at(10), at(12), self.photographer)
        self.assertEqual(second.state, "reserved")
        # the cancelled one cannot come back while the slot is taken
        with mute_logger("odoo.sql_db"), self.assertRaises(ValidationError):
            first.action_reset()
        self.assertEqual(first.state, "cancelled")

    def test_move_refused_when_taken(self):
        self.book(at(10), at(12), self.photographer)
        second = self.book(at(14), at(16), self.photographer)
        with mute_logger("odoo.sql_db"), self.assertRaises(ValidationError):
            second.write({"start": at(11), "stop": at(13)})
        second.invalidate_recordset()
        self.assertEqual(second.start, at(14))
        # dragging the line in the resource calendar writes the same fields
        with mute_logger("odoo.sql_db"), self.assertRaises(ValidationError):
            second.line_ids.write({"start": at(9), "stop": at(11)})
        # a move to a free time works and moves the lines with it
        second.write({"start": at(15), "stop": at(17)})
        self.assertEqual(second.line_ids.start, at(15))

    def test_line_dragged_past_its_old_end(self):
        """The resource calendar sends start and stop of a line together: a move to a later time
        than the booking's old end (e.g. to the next day) moves the booking and all its lines."""
        booking = self.book(at(10), at(12), self.photographer | self.room)
        line = booking.line_ids.filtered(lambda rec: rec.resource_id == self.photographer)
        line.write({"start": at(14), "stop": at(16)})
        self.assertEqual((booking.start, booking.stop), (at(14), at(16)))
        self.assertEqual(set(booking.line_ids.mapped("start")), {at(14)})
        # a move whose end is before its start is still refused, and nothing moves
        with mute_logger("odoo.sql_db"), self.assertRaises(ValidationError):
            line.write({"start": at(17), "stop": at(16, 30)})
        booking.invalidate_recordset()
        self.assertEqual((booking.start, booking.stop), (at(14), at(16)))

    def test_raw_sql_insert_refused_by_database(self):
        booking = self.book(at(10), at(12), self.photographer)
        other = self.book(at(13), at(14), self.makeup)
        self.env.flush_all()
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ExclusionViolation),
        ):
            self.env.cr.execute(
                """INSERT INTO studio_booking_line
                       (booking_id, resource_id, company_id, start, stop,
                        buffer_start, buffer_stop, blocking)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, true)""",
                [
                    other.id,
                    self.photographer.id,
                    self.store_a.id,
                    at(11),
                    at(12),
                    at(11),
                    at(12),
                ],
            )
        self.assertEqual(len(booking.line_ids), 1)

    def test_end_before_start(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(ValidationError):
            self.book(at(12), at(10), self.photographer)
        self.assertFalse(
            self.env["studio.booking.line"].search([("resource_id", "=", self.photographer.id), ("start", "=", at(12))])
        )

    def test_resource_from_other_store_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(ValidationError) as caught:
            self.book(at(10), at(12), self.photographer_b, store=self.store_a)
        self.assertIn(self.store_b.name, str(caught.exception))

    def test_costume_booked_twice_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(ValidationError):
            self.book(at(10), at(12), self.costume | self.photographer)
            self.env["studio.booking"].create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.store_a.id,
                    "start": at(14),
                    "stop": at(15),
                    "line_ids": [
                        Command.create({"resource_id": self.costume.id}),
                        Command.create({"resource_id": self.costume.id}),
                    ],
                }
            )

    def test_shared_resource_blocks_every_store(self):
        self.book(at(10), at(12), self.garden, store=self.store_a)
        with mute_logger("odoo.sql_db"), self.assertRaises(ValidationError):
            self.book(at(11), at(12), self.garden, store=self.store_b)

    def test_package_without_resources(self):
        empty = self.env["product.product"].create(
            {"name": "Test Empty Package", "type": "service", "is_studio_package": True}
        )
        booking = self.book(at(10), at(12), self.env["resource.resource"], package_id=empty.id)
        with self.assertRaises(UserError):
            booking.action_assign_resources()
        wizard = self.env["studio.slot.wizard"].create(
            {"package_id": empty.id, "company_id": self.store_a.id, "date_from": at(0), "date_to": at(0, days=2)}
        )
        with self.assertRaises(UserError):
            wizard.action_search()

    def test_assign_resources_from_package(self):
        booking = self.book(at(10), at(12), self.env["resource.resource"], package_id=self.package.id)
        self.photographer_2.invalidate_recordset()
        booking.action_assign_resources()
        roles = sorted(booking.line_ids.mapped("role"))
        self.assertEqual(roles, ["makeup", "photographer", "room"])
        # the least senior photographer that qualifies (level >= senior)
        self.assertEqual(
            booking.line_ids.filtered(lambda l: l.role == "photographer").resource_id,
            self.photographer,
        )

    def test_package_price_from_parts(self):
        part_a = self.env["product.product"].create(
            {"name": "Test Part Retouch", "list_price": 30.0, "standard_price": 8.0}
        )
        part_b = self.env["product.product"].create(
            {"name": "Test Part Album", "list_price": 1200.0, "standard_price": 380.0}
        )
        template = self.package.product_tmpl_id
        template.studio_component_ids = [
            Command.create({"product_id": part_a.id, "quantity": 30}),
            Command.create({"product_id": part_b.id, "quantity": 1}),
        ]
        self.assertEqual(template.studio_parts_price, 2100.0)
        self.assertEqual(template.studio_parts_cost, 620.0)
        template.action_studio_apply_parts_price()
        self.assertEqual(template.list_price, 2100.0)
        self.assertEqual(template.standard_price, 620.0)
