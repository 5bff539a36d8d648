import base64
import json
import re
import threading
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tests.common import ChromeBrowser
from odoo.tools import mute_logger

from .common import StudioCommon

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
START = re.compile(r'name="start"[^>]*? value="([^"]+)"')
SHOT_PREFIX = "booking_shot:"


def screenshots_folder():
    # addons/studio_booking/tests/ -> the checkout's .run/artefacts/screenshots/public_booking
    return Path(__file__).resolve().parents[3] / ".run" / "artefacts" / "screenshots" / "public_booking"


@tagged("post_install", "-at_install")
class TestPublicBooking(StudioCommon, HttpCase):
    """The public booking page of a store and a package, as a customer without an account sees it
    (no login: the public user), in English and Chinese; the hold it makes and its release."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lang = cls.env["res.lang"].with_context(active_test=False)
        if not Lang.search([("code", "=", "zh_CN"), ("active", "=", True)]):
            Lang._activate_lang("zh_CN")
            cls.env["ir.module.module"]._load_module_terms(["studio_booking"], ["zh_CN"])
        cls.package.write({"studio_online_booking": True, "description_sale": "Two looks, 30 retouched photos."})
        cls.store_a.write({"studio_hold_minutes": 15, "studio_hold_limit": 2, "studio_deposit_percent": 30})
        cls.url = f"/studio/book/{cls.store_a.id}/{cls.package.id}"
        cls.Booking = cls.env["studio.booking"]

    # helpers ------------------------------------------------------------
    def get(self, url=None, lang="en-US"):
        return self.url_open(url or self.url, headers={"Accept-Language": lang}, allow_redirects=False, timeout=60)

    def offered(self, html):
        return START.findall(html)

    def post(self, start, name="Li Xue", phone="138 0013 8000", page=None, lang="en-US"):
        page = page or self.get(lang=lang)
        token = CSRF.search(page.text).group(1)
        return self.url_open(
            self.url,
            data={"csrf_token": token, "start": start, "name": name, "phone": phone},
            headers={"Accept-Language": lang},
            allow_redirects=False,
            timeout=60,
        )

    def holds(self):
        return self.Booking.search([("company_id", "=", self.store_a.id), ("state", "=", "hold")])

    # the page -------------------------------------------------------------
    def test_page_shows_the_package_and_the_free_times_of_two_weeks(self):
        response = self.get()
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn("Test Wedding Package", html)
        self.assertIn("Two looks, 30 retouched photos.", html)
        # the price the quotation asks, taxes included, and its 30 % deposit
        taxes = self.package.taxes_id._filter_taxes_by_company(self.store_a)
        total = taxes.compute_all(6000.0)["total_included"] if taxes else 6000.0
        self.assertIn(f"{total:,.2f}", html)  # price
        self.assertIn(f"{total * 0.3:,.2f}", html)  # deposit: 30 %
        starts = self.offered(html)
        expected = self.Booking._studio_online_starts(self.store_a, self.package)
        expected = {start.strftime("%Y-%m-%d %H:%M:%S") for start in expected}
        # the same free-slot finder (an hour may have turned between the two: one time at each end)
        self.assertLessEqual(len(expected ^ set(starts)), 2)
        self.assertGreater(len(starts), 50)
        self.assertTrue(starts, "the studio works every day: there are free times")
        last = fields.Datetime.from_string(starts[-1])
        self.assertLessEqual(last, fields.Datetime.now() + timedelta(days=14))
        # every start leaves room for set-up, the shoot and clean-up in the working hours (09-18 UTC)
        for start in map(fields.Datetime.from_string, starts):
            self.assertGreaterEqual(start - timedelta(minutes=30), start.replace(hour=9, minute=0))
            self.assertLessEqual(start + timedelta(hours=2, minutes=30), start.replace(hour=18, minute=0))

    def test_page_leaves_out_times_someone_or_something_is_taken(self):
        day = (fields.Datetime.now() + timedelta(days=3)).replace(hour=0, minute=0, second=0, microsecond=0)
        before = set(self.offered(self.get().text))
        self.assertIn((day + timedelta(hours=12)).strftime("%Y-%m-%d %H:%M:%S"), before)
        # the only make-up artist is busy 11:00-13:00 (plus the package's 30 min buffers either side)
        self.book(day + timedelta(hours=11), day + timedelta(hours=13), self.makeup)
        after = set(self.offered(self.get().text))
        for hour in (10, 11, 12, 13):
            self.assertNotIn((day + timedelta(hours=hour)).strftime("%Y-%m-%d %H:%M:%S"), after, hour)
        self.assertIn((day + timedelta(hours=14)).strftime("%Y-%m-%d %H:%M:%S"), after)

    def test_page_speaks_the_visitors_language(self):
        chinese = self.get(lang="zh-CN,zh;q=0.9").text
        self.assertIn("定金", chinese)
        self.assertIn('lang="zh-CN"', chinese)
        english = self.get(lang="en-GB,en;q=0.8").text
        self.assertIn("Deposit", english)
        self.assertNotIn("定金", english)
        # the link can name the language (the page's own switch)
        self.assertIn("定金", self.get(f"{self.url}?lang=zh_CN").text)

    def test_page_of_a_package_not_bookable_here_is_not_found(self):
        other = self.package.product_tmpl_id.copy({"name": "Not Online", "studio_online_booking": False})
        for url in (
            f"/studio/book/{self.store_a.id}/{other.product_variant_id.id}",
            f"/studio/book/{self.store_a.id}/999999999",
            f"/studio/book/999999999/{self.package.id}",
        ):
            response = self.get(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn('name="start"', response.text)
        # a package of store B is not booked in store A
        self.package.product_tmpl_id.company_id = self.store_b
        self.assertEqual(self.get().status_code, 404)

    # the hold ---------------------------------------------------------------
    def test_choosing_a_time_holds_it_for_the_studios_time(self):
        start = self.offered(self.get().text)[0]
        response = self.post(start, name="  Li   Xue ", phone="+86 138-0013-8000")
        self.assertEqual(response.status_code, 303, response.text[:500])
        booking = self.holds()
        self.assertEqual(len(booking), 1)
        self.assertEqual(fields.Datetime.to_string(booking.start), start)
        self.assertEqual(booking.package_id, self.package)
        # a known phone: the customer already known (the suite's test customer has this one)
        self.assertEqual(booking.partner_id, self.customer)
        self.assertEqual(booking.hold_phone, "13800138000")
        self.assertEqual(booking.hold_address, "127.0.0.1")
        self.assertFalse(booking.user_id)
        self.assertEqual(set(booking.line_ids.resource_id.mapped("studio_role")), {"photographer", "makeup", "room"})
        self.assertTrue(all(booking.line_ids.mapped("blocking")))
        expected = fields.Datetime.now() + timedelta(minutes=15)
        self.assertLess(abs((booking.hold_expires - expected).total_seconds()), 120)
        # the hold's own page, by its link only
        page = self.url_open(response.headers["Location"])
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"{booking.sale_order_id.studio_deposit_amount:,.2f}", page.text)
        self.assertIn("held", page.text)
        self.assertEqual(self.url_open(f"/studio/book/hold/{booking.id}/wrong-token").status_code, 404)
        # the time is no longer offered
        self.assertNotIn(start, self.offered(self.get().text))

    def test_bad_input_is_refused_clearly_and_writes_nothing(self):
        start = self.offered(self.get().text)[0]
        partners = self.env["res.partner"].search_count([])
        for name, phone, when, message in (
            ("Li Xue", "12345", start, "valid mobile number"),
            ("Li Xue", "+86 123 4567 8901", start, "valid mobile number"),
            ("Li Xue", "", start, "valid mobile number"),
            ("   ", "13800138000", start, "Please enter your name"),
            ("x" * 61, "13800138000", start, "at most 60 characters"),
            ("<script>", "13800138000", start, "without special characters"),
            ("Li Xue", "13800138000", "tomorrow at ten", "choose one of the times shown"),
            ("Li Xue", "13800138000", "2001-01-01 10:00:00", "choose one of the times shown"),
        ):
            response = self.post(when, name=name, phone=phone)
            self.assertEqual(response.status_code, 400, (name, phone, when))
            self.assertIn(message, response.text, (name, phone, when))
            self.assertIn('name="start"', response.text, "the page is shown again with its times")
        chinese = self.post(start, phone="12345", lang="zh-CN")
        self.assertIn("请输入有效的手机号", chinese.text)
        self.assertFalse(self.holds())
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_a_time_not_offered_is_refused(self):
        # 03:00 UTC: outside the working hours
        day = (fields.Datetime.now() + timedelta(days=2)).replace(hour=3, minute=0, second=0, microsecond=0)
        response = self.post(day.strftime("%Y-%m-%d %H:%M:%S"))
        self.assertEqual(response.status_code, 409)
        self.assertIn("just been taken", response.text)
        self.assertFalse(self.holds())

    def test_a_post_without_the_pages_token_is_refused(self):
        start = self.offered(self.get().text)[0]
        with mute_logger("odoo.http"):
            response = self.url_open(
                self.url, data={"start": start, "name": "Li Xue", "phone": "13800138000"}, allow_redirects=False
            )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.holds())

    def test_holds_per_phone_and_per_address_are_limited(self):
        self.store_a.studio_hold_limit = 1
        first, second = self.offered(self.get().text)[:2]
        self.assertEqual(self.post(first).status_code, 303)
        again = self.post(second)
        self.assertEqual(again.status_code, 400)
        self.assertIn("You already hold 1 times", again.text)
        self.assertEqual(len(self.holds()), 1)
        # another phone from the same address: refused as well
        self.assertEqual(self.post(second, phone="13900139000").status_code, 400)
        # the same phone from another address: refused (model level, as the controller calls it)
        with self.assertRaises(UserError):
            self.Booking.sudo()._studio_online_hold(
                self.store_a,
                self.package,
                fields.Datetime.from_string(second),
                "Li Xue",
                "13800138000",
                "10.0.0.9",
            )
        # once the first hold is released, the customer may hold again
        self.holds().hold_expires = fields.Datetime.now() - timedelta(minutes=1)
        self.Booking._cron_studio_release_holds()
        self.assertEqual(self.post(second).status_code, 303)

    def test_unpaid_holds_are_released_by_the_cron(self):
        start = self.offered(self.get().text)[0]
        self.assertEqual(self.post(start).status_code, 303)
        booking = self.holds()
        self.Booking._cron_studio_release_holds()
        self.assertEqual(booking.state, "hold", "still within its 15 minutes")
        booking.hold_expires = fields.Datetime.now() - timedelta(seconds=1)
        self.Booking._cron_studio_release_holds()
        self.assertEqual(booking.state, "cancelled")
        self.assertFalse(any(booking.line_ids.mapped("blocking")))
        self.assertIn(start, self.offered(self.get().text), "the time is offered again")
        self.assertIn("released", self.url_open(f"/studio/book/hold/{booking.id}/{booking.sudo().hold_token}").text)

    def test_staff_see_the_hold_but_only_managers_its_address(self):
        start = self.offered(self.get().text)[0]
        self.assertEqual(self.post(start).status_code, 303)
        booking = self.holds()
        as_consultant = booking.with_user(self.consultant_a)
        self.assertEqual(as_consultant.state, "hold")
        self.assertEqual(as_consultant.hold_phone, "13800138000")
        with self.assertRaises(AccessError):
            as_consultant.read(["hold_address"])
        with self.assertRaises(AccessError):
            booking.with_user(self.consultant_b).read(["start"])
        as_consultant.action_confirm()
        self.assertEqual(booking.state, "confirmed", "the consultant confirms a hold the customer paid at the desk")

    def test_requests_per_address_are_limited(self):
        self.env["ir.config_parameter"].sudo().set_param("studio_booking.online_page_rate_limit", 3)
        codes = [self.get().status_code for _i in range(5)]
        self.assertEqual(codes[:3], [200, 200, 200])
        self.assertEqual(codes[-1], 429)

    # a phone's browser -----------------------------------------------------------
    def test_page_on_a_phone(self):
        """The page at 390×844 with touch, in Chinese: nothing wider than the screen, a time chosen
        with a thumb; screenshots in .run/artefacts/screenshots/public_booking/."""
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

        check = """
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
                const chip = document.querySelector("input[name=start] + span");
                if (!chip || chip.getBoundingClientRect().height < 36) {
                    console.error("the times are too small to touch");
                    return;
                }
                await wait("01-booking-page");
                chip.click();
                document.querySelector("input[name=name]").value = "李雪";
                document.querySelector("input[name=phone]").value = "138 0013 8000";
                document.querySelector("button[type=submit]").scrollIntoView();
                await wait("02-time-chosen");
                console.log("test successful");
            })();
        """ % {"prefix": SHOT_PREFIX}
        self.browser_size, self.touch_enabled = "390x844", True
        with patch.object(ChromeBrowser, "_handle_console", handle_console):
            self.browser_js(f"{self.url}?lang=zh_CN", check, ready="document.readyState === 'complete'")
            start = self.Booking._studio_online_starts(self.store_a, self.package)[0]
            booking = (
                self.Booking.with_context(lang="zh_CN")
                .sudo()
                ._studio_online_hold(self.store_a, self.package, start, "李雪", "13800138000", "10.1.1.1")
            )
            held = """
                const width = document.documentElement.scrollWidth;
                if (width > window.innerWidth) {
                    console.error(`the page is ${width}px wide on a ${window.innerWidth}px screen`);
                } else {
                    console.log("%(prefix)s03-time-held");
                    const poll = () => window.bookingShot ? console.log("test successful") : setTimeout(poll, 50);
                    poll();
                }
            """ % {"prefix": SHOT_PREFIX}
            self.browser_js(
                f"/studio/book/hold/{booking.id}/{booking.hold_token}?lang=zh_CN",
                held,
                ready="document.readyState === 'complete'",
            )
        self.assertEqual(saved, ["01-booking-page", "02-time-chosen", "03-time-held"])


@tagged("post_install", "-at_install")
class TestPublicBookingRace(TransactionCase):
    """Two customers choose the same time at the same moment, each in a transaction of their own
    (committed data, removed afterwards): one holds it, the other is refused and shown the times
    that are still free."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            self.resource_id = (
                env["resource.resource"]
                .create(
                    {
                        "name": "Online Race Photographer",
                        "resource_type": "material",
                        "company_id": company.id,
                        "calendar_id": False,
                        "studio_role": "photographer",
                        "studio_level": "5",
                    }
                )
                .id
            )
            template = env["product.template"].create(
                {
                    "name": "Online Race Package",
                    "type": "service",
                    "list_price": 1000.0,
                    "company_id": company.id,
                    "is_studio_package": True,
                    "studio_online_booking": True,
                    "studio_hours": 1.0,
                    "studio_setup_minutes": 0,
                    "studio_cleanup_minutes": 0,
                    "studio_requirement_ids": [Command.create({"role": "photographer", "min_level": "5"})],
                }
            )
            self.template_id = template.id
            self.package_id = template.product_variant_id.id
            self.company_id = company.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT DISTINCT partner_id FROM studio_booking WHERE package_id = %s", [self.package_id])
            partners = [row[0] for row in cr.fetchall()]
            cr.execute("DELETE FROM studio_booking WHERE package_id = %s", [self.package_id])
            # the hold's quotation, its deposit invoice and its lead (crm.lead names the package)
            cr.execute(
                """SELECT DISTINCT l.order_id, rel.invoice_line_id
                     FROM sale_order_line l
                LEFT JOIN sale_order_line_invoice_rel rel ON rel.order_line_id IN
                          (SELECT id FROM sale_order_line WHERE order_id = l.order_id)
                    WHERE l.product_id = %s""",
                [self.package_id],
            )
            rows = cr.fetchall()
            orders = list({row[0] for row in rows})
            cr.execute(
                "DELETE FROM account_move WHERE id IN (SELECT move_id FROM account_move_line WHERE id = ANY(%s))",
                [[row[1] for row in rows if row[1]]],
            )
            cr.execute("DELETE FROM sale_order WHERE id = ANY(%s)", [orders])
            cr.execute("DELETE FROM crm_lead WHERE studio_package_id = %s", [self.package_id])
            cr.execute("DELETE FROM res_partner WHERE id = ANY(%s) OR name LIKE 'Online Racer %%'", [partners])
            cr.execute("DELETE FROM product_template WHERE id = %s", [self.template_id])
            cr.execute("DELETE FROM resource_resource WHERE id = %s", [self.resource_id])

    def _hold(self, env, name, phone, address, start):
        return env["studio.booking"]._studio_online_hold(
            env["res.company"].browse(self.company_id),
            env["product.product"].browse(self.package_id),
            start,
            name,
            phone,
            address,
        )

    @mute_logger("odoo.sql_db")  # the refused INSERT is logged by the losing cursor
    def test_two_customers_same_time_one_wins_the_other_is_told(self):
        start = (fields.Datetime.now() + timedelta(days=5)).replace(hour=10, minute=0, second=0, microsecond=0)
        outcome = {}
        with self.registry.cursor() as cr_b:
            # B's environment made here: under Odoo's runner this thread holds the registry lock
            env_b = api.Environment(cr_b, SUPERUSER_ID, {"lang": "en_US"})
            self.assertIn(
                start,
                env_b["studio.booking"]._studio_online_starts(
                    env_b["res.company"].browse(self.company_id), env_b["product.product"].browse(self.package_id)
                ),
                "B saw the time free",
            )

            def hold_b():
                try:
                    self._hold(env_b, "Online Racer B", "13900000002", "10.0.0.2", start)
                    cr_b.commit()
                    outcome["result"] = "held"
                except ValidationError as error:
                    cr_b.rollback()
                    outcome["result"] = str(error)

            with self.registry.cursor() as cr_a:
                env_a = api.Environment(cr_a, SUPERUSER_ID, {"lang": "en_US"})
                self._hold(env_a, "Online Racer A", "13900000001", "10.0.0.1", start)
                env_a.flush_all()
                thread = threading.Thread(target=hold_b)
                thread.start()
                thread.join(timeout=2)
                self.assertTrue(thread.is_alive(), "B must wait for A's transaction")
                cr_a.commit()
            thread.join(timeout=30)
            self.assertFalse(thread.is_alive())
            self.assertIn("Online Race Photographer", outcome["result"])
            # what the page shows the loser: the times as they are now, the winner's taken
            following = env_b["studio.booking"]._studio_online_starts_fresh(
                env_b["res.company"].browse(self.company_id), env_b["product.product"].browse(self.package_id)
            )
        self.assertNotIn(start, following, "the loser is shown the times still free")
        self.assertIn(start + timedelta(hours=1), following)
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT p.name FROM studio_booking b JOIN res_partner p ON p.id = b.partner_id WHERE b.package_id = %s",
                [self.package_id],
            )
            self.assertEqual([row[0] for row in cr.fetchall()], ["Online Racer A"])
            cr.execute("SELECT count(*) FROM res_partner WHERE name = 'Online Racer B'")
            self.assertEqual(cr.fetchone()[0], 0, "the loser's contact is not kept either")
