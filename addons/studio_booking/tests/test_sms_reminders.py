from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import BaseCommon

from .test_production import jpeg


@tagged("post_install", "-at_install")
class TestSmsReminders(BaseCommon):
    """Reminders go out by SMS (Odoo's sms queue: sms.sms rows, no gateway call) or by
    e-mail as the customer prefers, each exactly once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        main = cls.env.ref("base.main_company")
        cls.store = cls.env["res.company"].create(
            {"name": "SMS Test Store", "parent_id": main.id, "country_id": cls.env.ref("base.cn").id}
        )
        cls.env.user.company_ids |= cls.store
        cn = cls.env.ref("base.cn").id
        cls.sms_customer = cls.env["res.partner"].create(
            {"name": "SMS Bride", "phone": "+86 138 0013 8000", "country_id": cn, "email": "sms@example.com"}
        )
        cls.mail_customer = cls.env["res.partner"].create(
            {
                "name": "Mail Bride",
                "phone": "+86 139 0013 9000",
                "country_id": cn,
                "email": "mail@example.com",
                "studio_reminder_channel": "email",
            }
        )
        cls.no_phone_customer = cls.env["res.partner"].create({"name": "No Phone", "email": "np@example.com"})
        cls.room = cls.env["resource.resource"].create(
            {"name": "SMS Room", "company_id": cls.store.id, "studio_role": "room", "calendar_id": False}
        )
        cls.package = cls.env["product.product"].create(
            {
                "name": "SMS Package",
                "type": "service",
                "list_price": 3000,
                "is_studio_package": True,
                "studio_retouched_photos": 1,
            }
        )

    def _booking(self, partner, hours=20):
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(hours=hours)
        return self.env["studio.booking"].create(
            {
                "partner_id": partner.id,
                "company_id": self.store.id,
                "start": start,
                "stop": start + timedelta(hours=2),
                "line_ids": [Command.create({"resource_id": self.room.id})],
            }
        )

    def _sms(self, record):
        messages = self.env["mail.message"].search([("model", "=", record._name), ("res_id", "=", record.id)])
        return self.env["sms.sms"].search([("mail_message_id", "in", messages.ids)])

    def _mails(self, record):
        return self.env["mail.mail"].search([("model", "=", record._name), ("res_id", "=", record.id)])

    def test_channel_follows_preference_and_availability(self):
        self.assertEqual(self.sms_customer._studio_reminder_channel(), "sms")
        self.assertEqual(self.mail_customer._studio_reminder_channel(), "email")
        self.assertEqual(self.no_phone_customer._studio_reminder_channel(), "email")
        self.no_phone_customer.studio_reminder_channel = "sms"
        self.assertEqual(self.no_phone_customer._studio_reminder_channel(), "email", "no number: e-mail")

    def test_shoot_reminder_sms_queued_once(self):
        by_sms = self._booking(self.sms_customer)
        by_mail = self._booking(self.mail_customer, hours=23)
        mails_before = len(self._mails(by_sms))
        self.env["studio.booking"]._cron_studio_reminders()
        sms = self._sms(by_sms)
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.state, "outgoing", "queued for Odoo's SMS cron, not sent by the test")
        self.assertEqual(sms.number.replace(" ", ""), "+8613800138000")
        self.assertIn("SMS Test Store", sms.body)
        self.assertEqual(len(self._mails(by_sms)), mails_before, "no e-mail when the SMS goes out")
        self.assertFalse(self._sms(by_mail))
        self.assertEqual(len(self._mails(by_mail)), 1)
        reminders = self.env["studio.reminder"].search([("res_model", "=", "studio.booking")])
        self.assertEqual(
            {(r.res_id, r.channel) for r in reminders if r.res_id in (by_sms | by_mail).ids},
            {(by_sms.id, "sms"), (by_mail.id, "email")},
        )
        # the job again, and even with the booking's flag cleared: nothing goes out twice
        by_sms.reminder_sent = False
        self.env["studio.booking"]._cron_studio_reminders()
        self.assertEqual(len(self._sms(by_sms)), 1)
        self.assertEqual(len(self._mails(by_mail)), 1)

    def test_balance_reminder_by_sms(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.sms_customer.id,
                "company_id": self.store.id,
                "order_line": [Command.create({"product_id": self.package.id})],
            }
        )
        order.action_confirm()
        # the balance falls due on the shoot day: tomorrow, inside the reminder's two days
        shoot = fields.Datetime.now().replace(microsecond=0) + timedelta(days=1)
        self.env["studio.booking"].create(
            {
                "partner_id": self.sms_customer.id,
                "company_id": self.store.id,
                "sale_order_id": order.id,
                "start": shoot,
                "stop": shoot + timedelta(hours=2),
                "line_ids": [Command.create({"resource_id": self.room.id})],
            }
        )
        self.env["sale.order"]._cron_studio_balance_reminder()
        self.env["sale.order"]._cron_studio_balance_reminder()
        sms = self._sms(order)
        self.assertEqual(len(sms), 1)
        self.assertIn(order.name, sms.body)
        self.assertTrue(order.studio_balance_reminder_sent)

    def test_selection_link_and_reminder_by_sms(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.sms_customer.id,
                "company_id": self.store.id,
                "order_line": [Command.create({"product_id": self.package.id})],
            }
        )
        album = self.env["studio.photo.album"].create({"sale_order_id": order.id})
        attachment = self.env["ir.attachment"].create({"name": "S.jpg", "raw": jpeg(), "mimetype": "image/jpeg"})
        album.upload_attachment_ids = [Command.set(attachment.ids)]
        album.action_process_uploads()
        album.action_open_to_customer()
        sms = self._sms(album)
        self.assertEqual(len(sms), 1)
        self.assertIn(album._portal_path(), sms.body, "the signed link goes by SMS")
        album._send_link()
        self.assertEqual(len(self._sms(album)), 1, "the link of a version goes out once")
        # a week later, still nothing chosen: one reminder
        album.opened_on = fields.Datetime.now() - timedelta(days=8)
        self.env["studio.booking"]._cron_studio_reminders()
        self.env["studio.booking"]._cron_studio_reminders()
        self.assertEqual(len(self._sms(album)), 2)
        # reopened as version 2: a new link
        album._toggle(album.photo_ids[0], selected=True)
        album._submit()
        album.action_reopen()
        sms = self._sms(album)
        self.assertEqual(len(sms), 3)
        self.assertIn(album._portal_path(), sms.sorted("id")[-1].body)

    def test_pickup_notice_by_sms(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.sms_customer.id,
                "company_id": self.store.id,
                "order_line": [Command.create({"product_id": self.package.id})],
            }
        )
        work = self.env["studio.production"].create({"name": "Pickup", "sale_order_id": order.id, "stage": "delivery"})
        self.env["studio.booking"]._cron_studio_reminders()
        self.env["studio.booking"]._cron_studio_reminders()
        self.assertEqual(len(self._sms(work)), 1)
        self.assertTrue(work.ready_notice_sent)

    def test_database_refuses_a_second_reminder(self):
        booking = self._booking(self.sms_customer)
        Reminder = self.env["studio.reminder"]
        self.assertTrue(Reminder._claim("shoot", booking))
        self.assertFalse(Reminder._claim("shoot", booking), "claimed once only")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            Reminder.create({"kind": "shoot", "res_model": "studio.booking", "res_id": booking.id})
