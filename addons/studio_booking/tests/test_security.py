from xmlrpc.client import Fault

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged, users
from odoo.tools import mute_logger

from .common import StudioCommon, at


@tagged("post_install", "-at_install")
class TestStoreIsolation(StudioCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.booking_a = cls.book(at(10), at(12), cls.photographer)
        cls.booking_b = cls.book(at(10), at(12), cls.photographer_b, store=cls.store_b)

    @users("studio_consultant_a")
    def test_store_user_cannot_read_other_store(self):
        Booking = self.env["studio.booking"]
        visible = Booking.search([("id", "in", (self.booking_a | self.booking_b).ids)])
        self.assertEqual(visible, self.booking_a.with_env(self.env))
        with self.assertRaises(AccessError):
            Booking.browse(self.booking_b.id).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.env["studio.booking.line"].browse(self.booking_b.line_ids.id).read(["start"])
        self.assertFalse(self.env["studio.booking.line"].search([("company_id", "=", self.store_b.id)]))

    @users("studio_consultant_a")
    def test_store_user_cannot_write_or_book_in_other_store(self):
        with self.assertRaises(AccessError):
            self.env["studio.booking"].browse(self.booking_b.id).write({"note": "hacked"})
        with self.assertRaises(AccessError):
            self.env["studio.booking"].create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.store_b.id,
                    "start": at(14),
                    "stop": at(15),
                }
            )

    @users("studio_consultant_a")
    def test_store_user_books_in_own_store(self):
        booking = self.env["studio.booking"].create(
            {
                "partner_id": self.customer.id,
                "start": at(14),
                "stop": at(15),
                "line_ids": [Command.create({"resource_id": self.photographer.id})],
            }
        )
        self.assertEqual(booking.company_id, self.store_a)


@tagged("post_install", "-at_install")
class TestStoreIsolationRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        main = cls.env.ref("base.main_company")
        cls.store_a = cls.env["res.company"].create({"name": "RPC Store A", "parent_id": main.id})
        cls.store_b = cls.env["res.company"].create({"name": "RPC Store B", "parent_id": main.id})
        cls.user_a = new_test_user(
            cls.env,
            login="studio_rpc_a",
            password="studio_rpc_a_pw",
            groups="studio_booking.group_studio_user",
            company_id=cls.store_a.id,
            company_ids=[Command.set(cls.store_a.ids)],
        )
        customer = cls.env["res.partner"].create({"name": "RPC Customer"})
        Resource = cls.env["resource.resource"]
        res_a = Resource.create(
            {"name": "RPC Room A", "company_id": cls.store_a.id, "studio_role": "room", "calendar_id": False}
        )
        res_b = Resource.create(
            {"name": "RPC Room B", "company_id": cls.store_b.id, "studio_role": "room", "calendar_id": False}
        )
        Booking = cls.env["studio.booking"]
        cls.booking_a = Booking.create(
            {
                "partner_id": customer.id,
                "company_id": cls.store_a.id,
                "start": at(10),
                "stop": at(11),
                "line_ids": [Command.create({"resource_id": res_a.id})],
            }
        )
        cls.booking_b = Booking.create(
            {
                "partner_id": customer.id,
                "company_id": cls.store_b.id,
                "start": at(10),
                "stop": at(11),
                "line_ids": [Command.create({"resource_id": res_b.id})],
            }
        )

    def test_rpc_store_isolation(self):
        models = self.xmlrpc_object
        db = self.env.cr.dbname
        uid = self.user_a.id
        ids = (self.booking_a | self.booking_b).ids
        found = models.execute_kw(
            db,
            uid,
            "studio_rpc_a_pw",
            "studio.booking",
            "search_read",
            [[("id", "in", ids)]],
            {"fields": ["name", "company_id"]},
        )
        self.assertEqual([row["id"] for row in found], self.booking_a.ids)
        with mute_logger("odoo.http"), self.assertRaises(Fault) as caught:
            models.execute_kw(
                db,
                uid,
                "studio_rpc_a_pw",
                "studio.booking",
                "read",
                [self.booking_b.ids],
                {"fields": ["partner_id"]},
            )
        self.assertIn("studio.booking", caught.exception.faultString)
        self.assertNotIn("RPC Customer", caught.exception.faultString)
        lines = models.execute_kw(
            db,
            uid,
            "studio_rpc_a_pw",
            "studio.booking.line",
            "search_read",
            [[("booking_id", "in", ids)]],
            {"fields": ["resource_id"]},
        )
        self.assertEqual([row["id"] for row in lines], self.booking_a.line_ids.ids)
