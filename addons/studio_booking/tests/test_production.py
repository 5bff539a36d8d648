import io
from datetime import timedelta

from PIL import Image

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.base.tests.common import BaseCommon


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestProductionAndReminders(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        main = cls.env.ref("base.main_company")
        cls.store = cls.env["res.company"].create({"name": "Production Test Store", "parent_id": main.id})
        cls.env.user.company_ids |= cls.store
        common = {
            "company_id": cls.store.id,
            "company_ids": [Command.set(cls.store.ids)],
            "groups": "studio_booking.group_studio_retoucher",
        }
        cls.retoucher_busy = new_test_user(cls.env, login="retoucher_busy", **common)
        cls.retoucher_free = new_test_user(cls.env, login="retoucher_free", **common)
        cls.package = cls.env["product.product"].create(
            {
                "name": "Production Package",
                "type": "service",
                "list_price": 5000,
                "is_studio_package": True,
                "studio_retouched_photos": 1,
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Production Customer", "email": "p@example.com"})

    def _order(self):
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.store.id,
                "order_line": [Command.create({"product_id": self.package.id})],
            }
        )

    def _submitted_album(self, order):
        album = self.env["studio.photo.album"].create({"sale_order_id": order.id})
        attachment = self.env["ir.attachment"].create({"name": "P.jpg", "raw": jpeg(), "mimetype": "image/jpeg"})
        album.upload_attachment_ids = [Command.set(attachment.ids)]
        album.action_process_uploads()
        album.action_open_to_customer()
        album._toggle(album.photo_ids[0], selected=True)
        album._submit()
        return album

    def test_submission_creates_work_for_least_loaded_retoucher(self):
        other = self._order()
        self.env["studio.production"].create(
            {"name": "Old work", "sale_order_id": other.id, "retoucher_id": self.retoucher_busy.id}
        )
        order = self._order()
        album = self._submitted_album(order)
        work = album.production_ids
        self.assertEqual(len(work), 1)
        self.assertEqual(work.retoucher_id, self.retoucher_free)
        self.assertEqual(work.stage, "first_retouch")
        self.assertEqual(work.activity_ids.user_id, self.retoucher_free)
        self.assertEqual(album.production_stage, "first_retouch")
        # the stage ends: the next person gets the work
        work.action_next_stage()
        self.assertEqual(work.stage, "customer_review")
        self.assertEqual(work.activity_ids.user_id, work.user_id)
        self.assertFalse(work.is_overdue)
        work.stage_deadline = fields.Date.today() - timedelta(days=1)
        self.assertTrue(work.is_overdue)
        self.assertIn(work, self.env["studio.production"].search([("is_overdue", "=", True)]))

    def test_retoucher_sees_own_work_not_amounts(self):
        order = self._order()
        album = self._submitted_album(order)
        work = album.production_ids
        mine = work.with_user(work.retoucher_id)
        self.assertEqual(mine.read(["name", "photo_count"])[0]["photo_count"], 1)
        with self.assertRaises(AccessError):
            order.with_user(work.retoucher_id).read(["amount_total"])
        other = (self.retoucher_busy | self.retoucher_free) - work.retoucher_id
        self.assertFalse(self.env["studio.production"].with_user(other).search([("id", "=", work.id)]))

    def _mails(self, record):
        return self.env["mail.mail"].search_count([("model", "=", record._name), ("res_id", "=", record.id)])

    def test_reminders_are_sent_once(self):
        resource = self.env["resource.resource"].create(
            {"name": "Reminder Room", "company_id": self.store.id, "studio_role": "room", "calendar_id": False}
        )
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(hours=20)
        booking = self.env["studio.booking"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.store.id,
                "start": start,
                "stop": start + timedelta(hours=2),
                "line_ids": [Command.create({"resource_id": resource.id})],
            }
        )
        far = self.env["studio.booking"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.store.id,
                "start": start + timedelta(days=5),
                "stop": start + timedelta(days=5, hours=2),
                "line_ids": [Command.create({"resource_id": resource.id})],
            }
        )
        album = self.env["studio.photo.album"].create({"sale_order_id": self._order().id})
        attachment = self.env["ir.attachment"].create({"name": "R.jpg", "raw": jpeg(), "mimetype": "image/jpeg"})
        album.upload_attachment_ids = [Command.set(attachment.ids)]
        album.action_process_uploads()
        album.action_open_to_customer()
        album.opened_on = fields.Datetime.now() - timedelta(days=4)
        work = self.env["studio.production"].create(
            {"name": "Ready", "sale_order_id": album.sale_order_id.id, "stage": "delivery"}
        )
        before = [self._mails(r) for r in (booking, far, album, work)]
        self.env["studio.booking"]._cron_studio_reminders()
        after = [self._mails(r) for r in (booking, far, album, work)]
        self.assertEqual([a - b for a, b in zip(after, before, strict=True)], [1, 0, 1, 1])
        self.env["studio.booking"]._cron_studio_reminders()
        self.assertEqual([self._mails(r) for r in (booking, far, album, work)], after, "never twice")
