import base64
import json
import re
from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import ChromeBrowser
from odoo.tools import mute_logger

from .common import StudioCommon
from .test_public_booking import SHOT_PREFIX, screenshots_folder

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
START = re.compile(r'name="start"[^>]*? value="([^"]+)"')
PAY = re.compile(r'href="(/my/invoices/\d+\?access_token=[^"]+)"')


@tagged("post_install", "-at_install")
class TestSelfBooking(StudioCommon, HttpCase):
    """A customer books, pays, moves and cancels a shoot from the public pages (no login), through
    Odoo's payment framework; the records are those the consultant's own flow makes, and the
    people of each shoot find it in their Odoo calendar."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the customer's pages in Chinese: a studio alone has only English until it adds it
        Lang = cls.env["res.lang"].with_context(active_test=False)
        if not Lang.search([("code", "=", "zh_CN"), ("active", "=", True)]):
            Lang._activate_lang("zh_CN")
            cls.env["ir.module.module"]._load_module_terms(["studio_booking"], ["zh_CN"])
        cls.package.write({"studio_online_booking": True})
        cls.store_a.write(
            {
                "studio_hold_minutes": 15,
                "studio_hold_limit": 3,
                "studio_deposit_percent": 30,
                "studio_change_hours": 48,
                "studio_free_changes": 1,
            }
        )
        cls.url = f"/studio/book/{cls.store_a.id}/{cls.package.id}"
        cls.Booking = cls.env["studio.booking"]
        # the people of the studio are users: their shoots land in their calendars
        cls.photographer_user = new_test_user(
            cls.env,
            login="studio_photographer_a",
            name="Test Photographer User",
            groups="studio_booking.group_studio_user",
            company_id=cls.store_a.id,
            company_ids=[Command.set(cls.store_a.ids)],
        )
        cls.makeup_user = new_test_user(
            cls.env,
            login="studio_makeup_a",
            name="Test Make-up User",
            groups="base.group_user",
            company_id=cls.store_a.id,
            company_ids=[Command.set(cls.store_a.ids)],
        )
        cls.photographer.user_id = cls.photographer_user
        cls.makeup.user_id = cls.makeup_user
        # a returning customer, known with her phone written another way
        cls.returning = cls.env["res.partner"].create(
            {"name": "Test Returning Zhao", "phone": "+86 139-7001-2345", "country_id": cls.env.ref("base.cn").id}
        )
        cls.douyin = cls.env["utm.source"].create({"name": "Test Douyin Self"})
        cls.spring = cls.env["utm.campaign"].create({"name": "Test Spring Self"})
        # the studio's payment provider, its payments booked in the bank journal
        journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "parent_of", cls.store_a.id)], limit=1
        )
        method = cls.env.ref("payment.payment_method_unknown")
        cls.provider = cls.env["payment.provider"].create(
            {
                "name": "Test Studio Provider",
                "code": "none",
                "state": "test",
                "is_published": True,
                "company_id": cls.store_a.id,
                "journal_id": journal.id,
                "payment_method_ids": [Command.set(method.ids)],
            }
        )
        method.active = True
        cls.payment_method = method
        cls.env["account.payment.method.line"].create(
            {
                "name": "Test Studio Online",
                "payment_method_id": cls.env.ref("account.account_payment_method_manual_in").id,
                "journal_id": journal.id,
                "payment_provider_id": cls.provider.id,
            }
        )

    # helpers ----------------------------------------------------------------
    def get(self, url=None, lang="en-US"):
        return self.url_open(url or self.url, headers={"Accept-Language": lang}, allow_redirects=False, timeout=60)

    def hold(self, start=None, name="Zhao Min", phone="139 7001 2345", query=""):
        page = self.get(self.url + query)
        # three days ahead: outside the store's 48 hours, the customer may change it later
        later = fields.Datetime.to_string(fields.Datetime.now() + timedelta(days=3))
        start = start or next(value for value in START.findall(page.text) if value > later)
        data = {"csrf_token": CSRF.search(page.text).group(1), "start": start, "name": name, "phone": phone}
        data.update(dict(re.findall(r'name="(utm_\w+)" value="([^"]*)"', page.text)))
        response = self.url_open(self.url, data=data, allow_redirects=False, timeout=60)
        self.assertEqual(response.status_code, 303, response.text[:800])
        booking = self.Booking.search([("company_id", "=", self.store_a.id), ("state", "=", "hold")], limit=1)
        return booking, response.headers["Location"]

    def pay(self, booking):
        """The provider's callback: the transaction of the deposit invoice is done."""
        invoice = booking._studio_online_deposit_invoice()
        self.assertTrue(invoice)
        Transaction = self.env["payment.transaction"].sudo()
        tx = Transaction.create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.payment_method.id,
                "reference": Transaction._compute_reference(self.provider.code, prefix=invoice.name),
                "amount": invoice.amount_residual,
                "currency_id": invoice.currency_id.id,
                "partner_id": invoice.partner_id.id,
                "operation": "online_redirect",
                "invoice_ids": [Command.set(invoice.ids)],
            }
        )
        tx._set_done()
        tx._post_process()
        return invoice

    def change(self, link, change, start=None, lang="en-US"):
        page = self.get(link, lang=lang)
        token = CSRF.search(page.text) or CSRF.search(self.get().text)
        data = {"csrf_token": token.group(1)}
        if start:
            data["start"] = start
        return self.url_open(
            f"{link.split('?')[0]}/{change}",
            data=data,
            headers={"Accept-Language": lang},
            allow_redirects=False,
            timeout=60,
        )

    def events(self, user):
        return self.env["calendar.event"].search(
            [("partner_ids", "in", user.partner_id.ids), ("res_model", "=", "studio.booking")]
        )

    def confirmations(self, booking):
        return self.env["mail.mail"].search(
            [("model", "=", "studio.booking"), ("res_id", "=", booking.id), ("subject", "like", "your shoot is booked")]
        )

    def channel_counts(self):
        self.env.flush_all()
        Report = self.env["studio.channel.report"]
        rows = Report._read_group(
            [("source_id", "=", self.douyin.id), ("company_id", "=", self.store_a.id)], [], ["leads:sum", "orders:sum"]
        )
        return tuple(value or 0 for value in rows[0])

    # the hold makes the backend's records -------------------------------------
    def test_hold_makes_the_lead_quotation_and_deposit_invoice_of_the_backend(self):
        partners = self.env["res.partner"].search_count([])
        booking, location = self.hold(query=f"?utm_source={self.douyin.name}&utm_campaign={self.spring.id}")
        self.assertEqual(booking.partner_id, self.returning, "the customer is found by her phone, not duplicated")
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        order = booking.sale_order_id
        self.assertEqual(order.partner_id, self.returning)
        self.assertEqual(order.company_id, self.store_a)
        self.assertIn(order.state, ("draft", "sent"))
        self.assertEqual(order.studio_package_id, self.package)
        self.assertEqual(order.source_id, self.douyin)
        self.assertEqual(order.campaign_id, self.spring)
        lead = order.opportunity_id
        self.assertEqual((lead.source_id, lead.campaign_id), (self.douyin, self.spring))
        self.assertEqual(lead.studio_package_id, self.package)
        self.assertEqual(lead.partner_id, self.returning)
        invoice = booking._studio_online_deposit_invoice()
        self.assertEqual(invoice.state, "posted")
        self.assertTrue(invoice._is_downpayment())
        self.assertEqual(invoice.amount_total, order.studio_deposit_amount)
        self.assertAlmostEqual(invoice.amount_total, order.amount_total * 0.3, places=2)
        # the hold's page leads to Odoo's payment page of that invoice
        page = self.url_open(location)
        self.assertEqual(PAY.search(page.text).group(1).replace("&amp;", "&"), invoice.get_portal_url())
        # an unknown phone makes a new contact
        other, _location = self.hold(name="Test New Qian", phone="13970019999")
        self.assertNotEqual(other.partner_id, self.returning)
        self.assertEqual(other.partner_id.name, "Test New Qian")
        self.assertFalse(other.sale_order_id.source_id, "a link without a channel names none")

    def test_a_link_never_makes_a_channel(self):
        sources = self.env["utm.source"].search_count([])
        booking, _location = self.hold(query="?utm_source=Invented%20Channel")
        self.assertFalse(booking.sale_order_id.source_id)
        self.assertEqual(self.env["utm.source"].search_count([]), sources)

    # pay → confirm -----------------------------------------------------------------
    def test_paying_the_deposit_confirms_the_booking_and_sends_the_confirmation(self):
        before = self.channel_counts()
        booking, location = self.hold(query=f"?utm_source={self.douyin.id}")
        self.assertEqual(booking.state, "hold")
        self.assertFalse(self.events(self.photographer_user), "a mere hold is in nobody's calendar")
        invoice = self.pay(booking)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(booking.state, "confirmed")
        self.assertFalse(booking.hold_expires, "a paid booking is no longer released")
        self.assertEqual(booking.sale_order_id.state, "sale")
        self.assertTrue(booking.sale_order_id.studio_deposit_paid)
        # the cron does not release it any more
        self.Booking._cron_studio_release_holds()
        self.assertEqual(booking.state, "confirmed")
        # an SMS with the link of the booking (the e-mail: below)
        self.assertFalse(self.confirmations(booking), "no e-mail address when it was paid: no e-mail")
        sms = self.env["sms.sms"].search([("partner_id", "=", self.returning.id)])
        self.assertEqual(len(sms), 1)
        self.assertIn(f"/studio/book/hold/{booking.id}/", sms.body)
        # channel ROI: one more lead and one more order for the channel
        leads, orders = self.channel_counts()
        self.assertEqual((leads - before[0], orders - before[1]), (1, 1))
        # the people of the shoot have it in their calendars; the room does not
        for user in (self.photographer_user, self.makeup_user):
            event = self.events(user)
            self.assertEqual(len(event), 1, user.name)
            self.assertEqual((event.start, event.stop), (booking.start, booking.stop))
            self.assertIn("Test Returning Zhao", event.name)
            self.assertIn("Test Wedding Package", event.name)
            self.assertEqual(event.user_id, user)
        self.assertEqual(len(booking.line_ids.filtered("calendar_event_id")), 2)
        self.assertFalse(booking.line_ids.filtered(lambda line: line.role == "room").calendar_event_id)
        self.assertIn("Your shoot is booked", self.url_open(location).text)

    def test_the_confirmation_email_carries_the_shoot_as_ics(self):
        self.returning.email = "zhao.min@example.com"
        booking, _location = self.hold()
        self.pay(booking)
        mail = self.confirmations(booking)
        self.assertEqual(len(mail), 1)
        self.assertIn("booked", mail.subject)
        ics = mail.attachment_ids
        self.assertEqual(ics.mimetype, "text/calendar")
        content = ics.raw.decode()
        self.assertIn("BEGIN:VEVENT", content)
        self.assertIn(f"DTSTART:{booking.start.strftime('%Y%m%dT%H%M%SZ')}", content)
        self.assertIn(f"DTEND:{booking.stop.strftime('%Y%m%dT%H%M%SZ')}", content)
        self.assertIn("Test Wedding Package", content)
        # paid twice (a second transaction, the provider's retry): one confirmation only
        booking._studio_send_confirmation()
        self.assertEqual(self.confirmations(booking), mail)

    def test_an_unpaid_hold_expires_with_its_quotation_and_invoice(self):
        booking, _location = self.hold()
        order = booking.sale_order_id
        invoice = booking._studio_online_deposit_invoice()
        booking.hold_expires = fields.Datetime.now() - timedelta(seconds=1)
        self.Booking._cron_studio_release_holds()
        self.assertEqual(booking.state, "cancelled")
        self.assertEqual(invoice.state, "cancel")
        self.assertEqual(order.state, "cancel")
        self.assertIn(fields.Datetime.to_string(booking.start), START.findall(self.get().text))

    # the customer's own changes ---------------------------------------------------------
    def paid_booking(self):
        booking, location = self.hold()
        self.pay(booking)
        self.assertEqual(booking.state, "confirmed")
        return booking, location

    def test_customer_moves_the_shoot_once_and_the_old_time_reopens(self):
        booking, link = self.paid_booking()
        old = fields.Datetime.to_string(booking.start)
        page = self.get(link)
        self.assertIn("Change the time", page.text)
        offered = START.findall(page.text)
        self.assertNotIn(old, offered)
        new = [value for value in offered if value > fields.Datetime.to_string(booking.start)][5]
        response = self.change(link, "move", new)
        self.assertEqual(response.status_code, 303, response.text[:800])
        self.assertIn("moved", self.url_open(response.headers["Location"]).text)
        self.assertEqual(fields.Datetime.to_string(booking.start), new)
        self.assertEqual(booking.stop - booking.start, timedelta(hours=2))
        self.assertEqual(booking.online_changes, 1)
        self.assertEqual(booking.state, "confirmed")
        self.assertIn(old, START.findall(self.get().text), "the old time is offered again at once")
        self.assertNotIn(new, START.findall(self.get().text))
        # the staff's events moved with it
        for user in (self.photographer_user, self.makeup_user):
            self.assertEqual(fields.Datetime.to_string(self.events(user).start), new)
        # the store allows one free change: a second is refused by the server, whatever the page shows
        again = self.change(link, "move", old)
        self.assertEqual(again.status_code, 400)
        self.assertIn("already changed the time 1 times", again.text)
        self.assertEqual(fields.Datetime.to_string(booking.start), new)
        self.assertEqual(booking.online_changes, 1)

    def test_changes_are_refused_close_to_the_shoot(self):
        booking, link = self.paid_booking()
        # the shoot is within the store's window: 20 days before is the rule now
        self.store_a.studio_change_hours = 20 * 24
        page = self.get(link)
        self.assertIn("until 480 hours before the shoot", page.text)
        self.assertNotIn('name="start"', page.text, "no times offered")
        start = fields.Datetime.to_string(booking.start)
        other = fields.Datetime.to_string(booking.start + timedelta(days=1))
        for change, when in (("move", other), ("cancel", None)):
            response = self.change(link, change, when)
            self.assertEqual(response.status_code, 400, change)
            self.assertIn("until 480 hours before the shoot", response.text)
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(fields.Datetime.to_string(booking.start), start)
        # in Chinese too
        chinese = self.change(link, "cancel", lang="zh-CN")
        self.assertIn("480", chinese.text)
        self.assertIn("小时", chinese.text)

    def test_a_wrong_link_changes_nothing(self):
        booking, _link = self.paid_booking()
        wrong = f"/studio/book/hold/{booking.id}/not-the-token"
        self.assertEqual(self.get(wrong).status_code, 404)
        page = self.get(self.url)
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"{wrong}/cancel", data={"csrf_token": CSRF.search(page.text).group(1)}, allow_redirects=False
            )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(booking.state, "confirmed")
        # a hold not paid yet cannot be moved from its link either
        hold, hold_link = self.hold(name="Test Holder Sun", phone="13970018888")
        self.assertEqual(self.change(hold_link, "cancel").status_code, 400)
        self.assertEqual(hold.state, "hold")

    def test_customer_cancels_and_the_time_reopens_at_once(self):
        booking, link = self.paid_booking()
        booking.sale_order_id.user_id = self.consultant_a
        start = fields.Datetime.to_string(booking.start)
        self.assertNotIn(start, START.findall(self.get().text))
        response = self.change(link, "cancel")
        self.assertEqual(response.status_code, 303, response.text[:800])
        self.assertIn("cancelled", self.url_open(response.headers["Location"]).text)
        self.assertEqual(booking.state, "cancelled")
        self.assertIn(start, START.findall(self.get().text))
        self.assertFalse(self.events(self.photographer_user) | self.events(self.makeup_user))
        activity = booking.sale_order_id.activity_ids
        self.assertEqual(activity.user_id, self.consultant_a, "the consultant settles the deposit")

    # the staff's calendars, both ways ---------------------------------------------------------
    def test_calendar_follows_the_booking_and_the_booking_follows_the_calendar(self):
        Booking = self.Booking.with_user(self.consultant_a)
        booking = Booking.create(
            {
                "partner_id": self.customer.id,
                "company_id": self.store_a.id,
                "package_id": self.package.id,
                "start": fields.Datetime.to_datetime("2031-03-03 10:00:00"),
                "line_ids": [
                    Command.create({"resource_id": r.id}) for r in (self.photographer, self.makeup, self.room)
                ],
            }
        )
        event = self.events(self.photographer_user)
        self.assertEqual(len(event), 1)
        self.assertEqual(event.name, "Test Bride Wang · Test Wedding Package")
        self.assertEqual(event.partner_ids, self.photographer_user.partner_id)
        self.assertEqual(len(self.events(self.makeup_user)), 1)
        # the consultant moves the shoot: both events move
        booking.write({"start": fields.Datetime.to_datetime("2031-03-03 13:00:00")})
        self.assertEqual(event.start, fields.Datetime.to_datetime("2031-03-03 13:00:00"))
        self.assertEqual(event.stop, fields.Datetime.to_datetime("2031-03-03 15:00:00"))
        self.assertEqual(self.events(self.makeup_user).start, event.start)
        # the photographer drags his event in his calendar: the shoot (and the make-up artist's event) move
        event.with_user(self.photographer_user).write(
            {
                "start": fields.Datetime.to_datetime("2031-03-04 10:00:00"),
                "stop": fields.Datetime.to_datetime("2031-03-04 12:00:00"),
            }
        )
        self.assertEqual(booking.start, fields.Datetime.to_datetime("2031-03-04 10:00:00"))
        self.assertEqual(booking.line_ids.mapped("buffer_start")[0], fields.Datetime.to_datetime("2031-03-04 09:30:00"))
        self.assertEqual(self.events(self.makeup_user).start, booking.start)
        # a move the database refuses (the room is taken then) leaves both as they were
        self.book(
            fields.Datetime.to_datetime("2031-03-05 10:00:00"),
            fields.Datetime.to_datetime("2031-03-05 12:00:00"),
            self.room,
        )
        with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            event.with_user(self.photographer_user).write(
                {
                    "start": fields.Datetime.to_datetime("2031-03-05 10:00:00"),
                    "stop": fields.Datetime.to_datetime("2031-03-05 12:00:00"),
                }
            )
        event.invalidate_recordset()
        booking.invalidate_recordset()
        self.assertEqual(booking.start, fields.Datetime.to_datetime("2031-03-04 10:00:00"))
        self.assertEqual(event.start, booking.start)
        # the make-up artist, without studio rights, cannot move the shoot through her calendar
        makeup_event = self.events(self.makeup_user)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            makeup_event.with_user(self.makeup_user).write(
                {
                    "start": fields.Datetime.to_datetime("2031-03-06 10:00:00"),
                    "stop": fields.Datetime.to_datetime("2031-03-06 12:00:00"),
                }
            )
        # another photographer takes the shoot: the event goes to him
        other_user = new_test_user(self.env, login="studio_photographer_b2", name="Test Chief User")
        self.photographer_2.user_id = other_user
        line = booking.line_ids.filtered(lambda l: l.resource_id == self.photographer)
        line.with_user(self.consultant_a).write({"resource_id": self.photographer_2.id})
        self.assertFalse(self.events(self.photographer_user))
        self.assertEqual(len(self.events(other_user)), 1)
        # cancelled: the events are removed; booked again: back in the calendars
        booking.action_cancel()
        self.assertFalse(self.events(other_user) | self.events(self.makeup_user))
        booking.action_reset()
        self.assertEqual(len(self.events(other_user)), 1)
        booking.sudo().unlink()
        self.assertFalse(self.events(other_user) | self.events(self.makeup_user))

    # a phone's browser --------------------------------------------------------------------
    def test_own_booking_pages_on_a_phone(self):
        """The customer's own pages at 390×844 with touch, in Chinese: the held time with its payment
        button, then the booked shoot with its change and cancel forms, a new time chosen and moved
        to; nothing wider than the screen. Screenshots in .run/artefacts/screenshots/public_booking/."""
        folder = screenshots_folder()
        folder.mkdir(parents=True, exist_ok=True)
        saved = []
        original = ChromeBrowser._handle_console

        def handle_console(browser, type, args=None, **kw):  # pylint: disable=redefined-builtin
            value = args and args[0].get("value")
            if type == "log" and isinstance(value, str) and value.startswith(SHOT_PREFIX):
                name = value[len(SHOT_PREFIX) :]

                def save(future):
                    (folder / f"{name}-phone.png").write_bytes(base64.b64decode(future.result(timeout=0)["data"]))
                    saved.append(name)
                    browser._websocket_send(
                        "Runtime.evaluate", params={"expression": f"window.bookingShot = {json.dumps(name)}"}
                    )

                future = browser._websocket_send("Page.captureScreenshot", with_future=True)
                if future:
                    future.add_done_callback(save)
            return original(browser, type, args=args, **kw)

        def walk(url, steps):
            code = """
                (async () => {
                    const wait = (name) => new Promise((resolve) => {
                        const poll = () => window.bookingShot === name ? resolve() : setTimeout(poll, 50);
                        console.log("%(prefix)s" + name);
                        poll();
                    });
                    const width = document.documentElement.scrollWidth;
                    if (width > window.innerWidth) {
                        console.error(`the page is ${width}px wide on a ${window.innerWidth}px screen`);
                        return;
                    }
                    %(steps)s
                    console.log("test successful");
                })();
            """ % {"prefix": SHOT_PREFIX, "steps": steps}
            self.browser_js(url, code, ready="document.readyState === 'complete'")

        self.browser_size, self.touch_enabled = "390x844", True
        booking, link = self.hold(name="李雪", phone="139 7001 2345")
        link = link.split("?")[0]
        self.assertIn("支付定金", self.get(f"{link}?lang=zh_CN").text, "the held time's page in Chinese")
        with patch.object(ChromeBrowser, "_handle_console", handle_console):
            walk(
                f"{link}?lang=zh_CN",
                """
                if (!document.querySelector("a.button[href^='/my/invoices/']")) {
                    console.error("no payment button on the held time");
                    return;
                }
                await wait("04-deposit-to-pay");
                """,
            )
            self.pay(booking)
            # a time three days later than now: still outside the store's 48 hours once moved
            later = fields.Datetime.to_string(fields.Datetime.now() + timedelta(days=3))
            new = next(value for value in START.findall(self.get(link).text) if value > later)
            walk(
                f"{link}?lang=zh_CN",
                """
                const input = document.querySelector('input[name=start][value="%(new)s"]');
                const chip = input && input.nextElementSibling;
                if (!chip) {
                    console.error("the new time is not offered");
                    return;
                }
                await wait("05-booked-change-or-cancel");
                input.closest("details").open = true;
                chip.click();
                if (chip.getBoundingClientRect().height < 36) {
                    console.error("the new times are too small to touch");
                    return;
                }
                chip.scrollIntoView({block: "center"});
                await wait("06-new-time-chosen");
                """
                % {"new": new},
            )
            response = self.change(link, "move", new, lang="zh-CN")
            self.assertEqual(response.status_code, 303, response.text[:800])
            walk(response.headers["Location"], 'await wait("07-moved");')
        self.assertEqual(saved, ["04-deposit-to-pay", "05-booked-change-or-cancel", "06-new-time-chosen", "07-moved"])
        self.assertEqual(fields.Datetime.to_string(booking.start), new)
