import json
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .test_gallery import jpeg


@tagged("post_install", "-at_install")
class TestRetouchReview(HttpCase):
    """The customer reviews the first retouch through a signed, expiring link."""

    browser_size = "390x844"  # a phone
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        main = cls.env.ref("base.main_company")
        cls.store = cls.env["res.company"].create({"name": "Review Test Store", "parent_id": main.id})
        cls.env.user.company_ids |= cls.store
        cls.retoucher = new_test_user(
            cls.env,
            login="review_retoucher",
            groups="studio_booking.group_studio_retoucher",
            company_id=cls.store.id,
            company_ids=[Command.set(cls.store.ids)],
        )
        cls.package = cls.env["product.product"].create(
            {
                "name": "Review Package",
                "type": "service",
                "list_price": 3000,
                "is_studio_package": True,
                "studio_retouched_photos": 2,
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Review Customer", "email": "r@example.com"})
        cls.work = cls._work_in_review(3)
        cls.other_work = cls._work_in_review(1)

    @classmethod
    def _work_in_review(cls, count):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.store.id,
                "order_line": [Command.create({"product_id": cls.package.id})],
            }
        )
        album = cls.env["studio.photo.album"].create({"sale_order_id": order.id})
        attachments = cls.env["ir.attachment"].create(
            [
                {"name": f"R_{i:03d}.jpg", "raw": jpeg(color=(i * 50, 90, 90)), "mimetype": "image/jpeg"}
                for i in range(count + 1)
            ]
        )
        album.upload_attachment_ids = [Command.set(attachments.ids)]
        album.action_process_uploads()
        album.action_open_to_customer()
        for photo in album.photo_ids[:count]:
            album._toggle(photo, selected=True)
        album._submit()
        work = album.production_ids
        work.retoucher_id = cls.retoucher
        work.action_next_stage()  # first retouch done: the customer is asked
        return work

    def answer(self, work, token=None, **params):
        response = self.url_open(
            f"/studio/review/{work.id}/{token or work._review_signature()}/answer",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response.json().get("result")

    def test_entering_review_sends_the_link_once(self):
        work = self.work
        self.assertEqual(work.stage, "customer_review")
        self.assertEqual(work.review_round, 1)
        self.assertTrue(work.review_deadline > fields.Datetime.now())
        reminder = self.env["studio.reminder"].search(
            [("kind", "=", "review_link"), ("res_model", "=", work._name), ("res_id", "=", work.id)]
        )
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.channel, "email")
        self.assertIn(work._review_path(), work.message_ids[0].body)
        self.assertIn(self.customer, work.message_ids[0].partner_ids)
        self.assertEqual(len(work.review_photo_ids), 3, "the photos the customer chose")

    def test_link_opens_only_this_review(self):
        token = self.work._review_signature()
        response = self.url_open(f"/studio/review/{self.work.id}/{token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("R_000.jpg", response.text)
        self.assertNotIn("R_003.jpg", response.text, "a photo not chosen is not shown")
        other_photo = self.other_work.review_photo_ids[0]
        with mute_logger("odoo.http", "werkzeug"):
            for url in (
                f"/studio/review/{self.work.id}/{'0' * len(token)}",
                f"/studio/review/{self.work.id}/{self.other_work._review_signature()}",
                f"/studio/review/{self.work.id + 1000}/{token}",
                f"/studio/review/{self.other_work.id}/{token}",
                f"/studio/review/{self.work.id}/{token}/photo/{other_photo.id}/thumb",
                f"/studio/review/{self.work.id}/{token}/photo/{self.work.review_photo_ids[0].id}/original",
                # the gallery token does not open the review, nor the reverse
                f"/studio/review/{self.work.id}/{self.work.album_id._portal_signature()}",
                f"/studio/gallery/{self.work.album_id.id}/{token}",
            ):
                self.assertEqual(self.url_open(url).status_code, 404, url)
        photo = self.work.review_photo_ids[0]
        response = self.url_open(f"/studio/review/{self.work.id}/{token}/photo/{photo.id}/thumb")
        self.assertEqual(response.headers["Content-Type"], "image/jpeg")
        # a guessed token cannot answer
        self.assertFalse(self.answer(self.work, token="x" * len(token), decision="confirm")["ok"])
        self.assertEqual(self.work.stage, "customer_review")
        events = self.work.album_id.log_ids.mapped("event")
        self.assertIn("review_open", events)
        self.assertIn("denied", events)

    def test_expired_link(self):
        token = self.work._review_signature()
        self.work.review_deadline = fields.Datetime.now() - timedelta(minutes=1)
        with mute_logger("odoo.http", "werkzeug"):
            self.assertEqual(self.url_open(f"/studio/review/{self.work.id}/{token}").status_code, 404)
        self.assertFalse(self.answer(self.work, token=token, decision="confirm")["ok"])
        self.assertEqual(self.work.stage, "customer_review")

    def test_confirm_moves_to_fine_retouch_and_tells_the_retoucher(self):
        photo = self.work.review_photo_ids[0]
        result = self.answer(self.work, decision="confirm", comments={str(photo.id): "很好"})
        self.assertTrue(result["ok"], result)
        self.assertEqual(self.work.stage, "fine_retouch")
        self.assertEqual(self.work.review_result, "confirmed")
        self.assertEqual(photo.review_comment, "很好")
        self.assertEqual(self.work.user_id, self.retoucher)
        self.assertEqual(self.work.activity_ids.user_id, self.retoucher, "the retoucher is told")
        self.assertIn("review_confirm", self.work.album_id.log_ids.mapped("event"))
        # answered: the link shows the stage, a second answer is refused
        self.assertEqual(self.url_open(self.work._review_path()).status_code, 200)
        self.assertFalse(self.answer(self.work, decision="changes", comment="again")["ok"])
        self.assertEqual(self.work.stage, "fine_retouch")

    def test_changes_go_back_to_the_retoucher(self):
        photos = self.work.review_photo_ids
        # nothing said: refused; a photo of another order: refused; nothing written either time
        self.assertFalse(self.answer(self.work, decision="changes", comments={str(photos[0].id): " "})["ok"])
        foreign = self.other_work.review_photo_ids[0]
        result = self.answer(
            self.work, decision="changes", comments={str(photos[0].id): "亮一点", str(foreign.id): "hack"}
        )
        self.assertFalse(result["ok"])
        self.assertFalse(photos[0].review_comment)
        self.assertFalse(foreign.review_comment)
        self.assertEqual(self.work.stage, "customer_review")
        result = self.answer(
            self.work, decision="changes", comments={str(photos[0].id): "亮一点"}, comment="背景再虚化"
        )
        self.assertTrue(result["ok"], result)
        self.assertEqual(self.work.stage, "first_retouch")
        self.assertEqual(self.work.review_result, "changes")
        self.assertEqual(photos[0].review_comment, "亮一点")
        self.assertEqual(self.work.review_comment, "背景再虚化")
        activity = self.work.activity_ids
        self.assertEqual(activity.user_id, self.retoucher)
        self.assertIn("亮一点", activity.note)
        # the retoucher sees the comments on their own work
        mine = self.work.with_user(self.retoucher)
        self.assertEqual(mine.review_photo_ids[0].review_comment, "亮一点")
        # the retouch is done again: a new link, the old one is dead
        old = self.work._review_signature()
        self.work.action_next_stage()
        self.assertEqual(self.work.review_round, 2)
        with mute_logger("odoo.http", "werkzeug"):
            self.assertEqual(self.url_open(f"/studio/review/{self.work.id}/{old}").status_code, 404)
        self.assertEqual(self.url_open(self.work._review_path()).status_code, 200)

    def test_browser_phone_review_asks_changes(self):
        """Headless Chromium at a phone's size: write a comment under a photo, ask for changes."""
        code = """
            const realFetch = window.fetch;
            window.fetch = (...args) => realFetch(...args).then((response) => {
                if (String(args[0]).endsWith("/answer")) {
                    response.clone().json().then((body) => {
                        if (body.result && body.result.ok) { console.log("test successful"); }
                        else { console.error("answer refused: " + JSON.stringify(body)); }
                    });
                }
                return response;
            });
            if (document.documentElement.clientWidth > 400) { console.error("not a phone viewport"); }
            document.querySelector(".ph textarea").value = "眼睛再亮一点";
            document.getElementById("changes").click();
        """
        self.browser_js(self.other_work._review_path(), code, timeout=60)
        self.other_work.invalidate_recordset()
        self.assertEqual(self.other_work.stage, "first_retouch")
        self.assertEqual(self.other_work.review_photo_ids[0].review_comment, "眼睛再亮一点")
