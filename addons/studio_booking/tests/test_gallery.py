import base64
import io
import json
from datetime import timedelta

from PIL import Image

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger


def jpeg(width=900, height=600, color=(200, 120, 90)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestGallery(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        main = cls.env.ref("base.main_company")
        cls.store = cls.env["res.company"].create({"name": "Gallery Test Store", "parent_id": main.id})
        cls.package = cls.env["product.product"].create(
            {
                "name": "Gallery Test Package",
                "type": "service",
                "list_price": 3000.0,
                "is_studio_package": True,
                "studio_retouched_photos": 2,
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Gallery Customer", "email": "g@example.com"})
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.store.id,
                "order_line": [Command.create({"product_id": cls.package.id})],
            }
        )
        cls.album = cls._album(cls.order, 4)
        cls.album.action_open_to_customer()
        cls.other_order = cls.order.copy()
        cls.other_album = cls._album(cls.other_order, 1)
        cls.other_album.action_open_to_customer()

    @classmethod
    def _album(cls, order, count):
        album = cls.env["studio.photo.album"].create({"sale_order_id": order.id, "extra_price": 40.0})
        attachments = cls.env["ir.attachment"].create(
            [
                {"name": f"IMG_{i:04d}.jpg", "raw": jpeg(color=(i * 40, 100, 100)), "mimetype": "image/jpeg"}
                for i in range(count)
            ]
        )
        album.upload_attachment_ids = [Command.set(attachments.ids)]
        album.action_process_uploads()
        return album

    def rpc(self, album, path, token=None, **params):
        url = f"/studio/gallery/{album.id}/{token or album._portal_signature()}/{path}"
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response.json().get("result")

    def test_upload_makes_watermarked_thumbnails_and_keeps_originals(self):
        photos = self.album.photo_ids
        self.assertEqual(len(photos), 4)
        first = photos[0]
        self.assertEqual((first.width, first.height), (900, 600))
        thumb = Image.open(io.BytesIO(base64.b64decode(first.image_thumb)))
        self.assertLessEqual(max(thumb.size), 360)
        self.assertTrue(first.original_id.store_fname, "the original stays in the filestore")
        self.assertEqual(first.original_id.raw[:2], b"\xff\xd8")
        self.assertEqual(self.album.quota, 2)

    def test_bad_uploads_are_refused_without_half_writing(self):
        album = self.env["studio.photo.album"].create({"sale_order_id": self.other_order.id})
        text = self.env["ir.attachment"].create({"name": "notes.txt", "raw": b"hello", "mimetype": "text/plain"})
        album.upload_attachment_ids = [Command.set(text.ids)]
        with self.assertRaises(UserError):
            album.action_process_uploads()
        good = self.env["ir.attachment"].create({"name": "A.jpg", "raw": jpeg(), "mimetype": "image/jpeg"})
        corrupt = self.env["ir.attachment"].create(
            {"name": "B.jpg", "raw": b"\xff\xd8\xff\xe0broken", "mimetype": "image/jpeg"}
        )
        album.upload_attachment_ids = [Command.set((good | corrupt).ids)]
        with self.assertRaises(UserError) as caught:
            album.action_process_uploads()
        self.assertIn("B.jpg", str(caught.exception))
        self.assertFalse(album.photo_ids)

    def test_quota_zero_cannot_open(self):
        album = self._album(self.other_order, 1)
        album.quota = 0
        with self.assertRaises(UserError):
            album.action_open_to_customer()

    def test_token_opens_only_its_gallery(self):
        token = self.album._portal_signature()
        response = self.url_open(f"/studio/gallery/{self.album.id}/{token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("IMG_0001.jpg", response.text)
        self.assertTrue(response.text.startswith("<!DOCTYPE html>"))
        self.assertNotIn("/web/content", response.text, "no link to an original")
        with mute_logger("odoo.http", "werkzeug"):
            # a guessed token, another album's token, a guessed id
            for url in (
                f"/studio/gallery/{self.album.id}/{'0' * len(token)}",
                f"/studio/gallery/{self.album.id}/{self.other_album._portal_signature()}",
                f"/studio/gallery/{self.album.id + 1000}/{token}",
                f"/studio/gallery/{self.other_album.id}/{token}",
            ):
                self.assertEqual(self.url_open(url).status_code, 404, url)
            # a photo of another gallery through a valid link
            other_photo = self.other_album.photo_ids[0]
            url = f"/studio/gallery/{self.album.id}/{token}/photo/{other_photo.id}/thumb"
            self.assertEqual(self.url_open(url).status_code, 404)
        events = self.album.log_ids.mapped("event")
        self.assertIn("open", events)
        self.assertIn("denied", events)

    def test_expired_link(self):
        token = self.album._portal_signature()
        self.album.deadline = fields.Datetime.now() - timedelta(minutes=1)
        with mute_logger("odoo.http", "werkzeug"):
            self.assertEqual(self.url_open(f"/studio/gallery/{self.album.id}/{token}").status_code, 404)
            # moving the deadline does not revive an old link: the signature covers it
            self.album.deadline = fields.Datetime.now() + timedelta(days=3)
            self.assertEqual(self.url_open(f"/studio/gallery/{self.album.id}/{token}").status_code, 404)
        fresh = self.album._portal_signature()
        self.assertEqual(self.url_open(f"/studio/gallery/{self.album.id}/{fresh}").status_code, 200)

    def test_thumbnail_route_sends_small_images_only(self):
        token = self.album._portal_signature()
        photo = self.album.photo_ids[0]
        response = self.url_open(f"/studio/gallery/{self.album.id}/{token}/photo/{photo.id}/thumb")
        self.assertEqual(response.headers["Content-Type"], "image/jpeg")
        self.assertLess(len(response.content), len(photo.original_id.raw))
        with mute_logger("odoo.http", "werkzeug"):
            response = self.url_open(f"/studio/gallery/{self.album.id}/{token}/photo/{photo.id}/original")
        self.assertEqual(response.status_code, 404)

    def test_select_past_quota_submit_and_lock(self):
        photos = self.album.photo_ids
        for photo in photos[:3]:
            result = self.rpc(self.album, "toggle", photo_id=photo.id, selected=True)
            self.assertTrue(result["ok"])
        self.assertEqual(result["selected"], 3)
        self.assertEqual(result["extra"], 1)
        # the running total of the extras, in the order's currency
        self.assertEqual(result["extra_amount"], 40.0)
        self.assertIn("40.00", result["extra_amount_text"])
        result = self.rpc(self.album, "toggle", photo_id=photos[0].id, favourite=True, comment="瘦脸一点")
        self.assertEqual(photos[0].comment, "瘦脸一点")
        self.assertTrue(photos[0].favourite)
        result = self.rpc(self.album, "submit")
        self.assertTrue(result["ok"])
        self.assertEqual(self.album.state, "submitted")
        extra_line = self.order.order_line.filtered(lambda l: l.product_id == self.album.extra_product_id)
        self.assertEqual(extra_line.product_uom_qty, 1)
        self.assertEqual(extra_line.price_unit, 40.0)
        # locked: no change, no second extra line
        result = self.rpc(self.album, "toggle", photo_id=photos[3].id, selected=True)
        self.assertFalse(result["ok"])
        self.assertFalse(photos[3].selected)
        self.assertFalse(self.rpc(self.album, "submit")["ok"])
        self.assertIn("submit", self.album.log_ids.mapped("event"))
        # the originals are not given before the order is paid
        with mute_logger("odoo.http", "werkzeug"):
            token = self.album._portal_signature()
            response = self.url_open(f"/studio/gallery/{self.album.id}/{token}/originals.zip")
        self.assertEqual(response.status_code, 404)
        # the studio reopens it as a new version; the customer is told
        self.album.action_reopen()
        self.assertEqual((self.album.state, self.album.version), ("open", 2))
        self.assertIn(self.customer, self.album.message_ids[0].partner_ids)
        self.assertTrue(self.rpc(self.album, "toggle", photo_id=photos[3].id, selected=True)["ok"])

    def test_minimum_and_maximum(self):
        self.other_album.write({"min_select": 1, "max_select": 1})
        photo = self.other_album.photo_ids[0]
        self.assertFalse(self.rpc(self.other_album, "submit")["ok"], "below the minimum")
        self.assertTrue(self.rpc(self.other_album, "toggle", photo_id=photo.id, selected=True)["ok"])
        self.assertTrue(self.rpc(self.other_album, "submit")["ok"])

    def test_browser_select_past_quota_and_submit(self):
        """Headless Chromium on the customer's phone page: choose two photos with their round
        button, tap the third to see it large (tapping does not choose it) and choose it there
        (the package includes two), see the counter and the running total of extras, submit."""
        album = self._album(self.other_order, 4)
        album.action_open_to_customer()
        code = """
            window.confirm = () => true;
            const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
            const realFetch = window.fetch;
            window.fetch = (...args) => realFetch(...args).then((response) => {
                if (String(args[0]).endsWith("/submit")) {
                    response.clone().json().then((body) => {
                        if (body.result && body.result.ok) { console.log("test successful"); }
                        else { console.error("submit refused: " + JSON.stringify(body)); }
                    });
                }
                return response;
            });
            (async () => {
                const cells = document.querySelectorAll(".ph");
                for (const index of [0, 1]) { cells[index].querySelector(".pick").click(); await wait(800); }
                cells[2].querySelector("img").click();
                await wait(300);
                const viewer = document.getElementById("viewer");
                const big = document.getElementById("viewer_img").getAttribute("src") || "";
                if (viewer.hidden || !big.endsWith("/preview")) {
                    console.error("no enlarged view: " + big);
                    return;
                }
                if (document.querySelectorAll(".ph.sel").length !== 2) {
                    console.error("tapping a photo chose it");
                    return;
                }
                document.getElementById("viewer_pick").click();
                await wait(800);
                const counter = document.getElementById("counter").textContent.trim();
                const extra = document.getElementById("extra_count").textContent.trim();
                const total = document.getElementById("extra_total").textContent;
                if (counter !== "3" || extra !== "1" || !total.includes("40")) {
                    console.error("counter " + counter + ", extra " + extra + ", total " + total);
                    return;
                }
                document.getElementById("viewer_close").click();
                document.getElementById("submit").click();
            })();
        """
        self.browser_js(album._portal_path(), code, timeout=60)
        album.invalidate_recordset()
        self.assertEqual(album.state, "submitted")
        self.assertEqual(album.selected_count, 3)
        self.assertEqual(album.extra_count, 1)
