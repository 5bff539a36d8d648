"""A Chinese customer's pages (#17): the photo selection page and its refusal speak Chinese.

The page's title named the album as the studio typed it ("Photos of S00012", in the studio user's
language), and a wrong or expired link answered in the browser's language. Runs in `./scripts/test`
on suite_test (pytest-odoo; an Odoo HttpCase outside an addon).
"""

import io
import re

from PIL import Image

from odoo import Command
from odoo.tests import HttpCase


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), (200, 120, 90)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


class TestZhCnPortal(HttpCase):
    # outside an addon: Odoo's test classes take their tags from odoo.addons.<module>, set here
    test_tags = {"standard", "post_install"}
    test_module = "roles"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "studio.photo.album" not in cls.env:
            return
        lang = cls.env["res.lang"].with_context(active_test=False).search([("code", "=", "zh_CN")])
        if not lang.active:
            cls.env["res.lang"]._activate_lang("zh_CN")
            cls.env["ir.module.module"].search([("name", "=", "studio_booking")])._update_translations("zh_CN")
        package = cls.env["product.product"].create(
            {"name": "ZH Portal Package", "type": "service", "is_studio_package": True, "studio_retouched_photos": 1}
        )
        customer = cls.env["res.partner"].create({"name": "王女士", "lang": "zh_CN"})
        order = cls.env["sale.order"].create(
            {"partner_id": customer.id, "order_line": [Command.create({"product_id": package.id})]}
        )
        # the studio names the album in English (its user's language)
        cls.album = cls.env["studio.photo.album"].create({"sale_order_id": order.id, "name": "Photos of the shoot"})
        attachment = cls.env["ir.attachment"].create({"name": "IMG_0001.jpg", "raw": jpeg(), "mimetype": "image/jpeg"})
        cls.album.upload_attachment_ids = [Command.set(attachment.ids)]
        cls.album.action_process_uploads()
        cls.album.action_open_to_customer()

    def setUp(self):
        super().setUp()
        if "studio.photo.album" not in self.env:
            self.skipTest("studio_booking is not installed")

    def test_photo_selection_page_title_is_chinese(self):
        url = f"/studio/gallery/{self.album.id}/{self.album._portal_signature()}"
        page = self.url_open(url, headers={"Accept-Language": "en-US"}).text
        title = re.search(r"<title>(.*?)</title>", page, re.DOTALL).group(1)
        self.assertIn("选片", title)
        self.assertNotIn("Photo", title)

    def test_wrong_link_answers_in_the_customers_language(self):
        url = f"/studio/gallery/{self.album.id}/not-the-token"
        response = self.url_open(url, headers={"Accept-Language": "en-US"})
        self.assertEqual(response.status_code, 404)
        self.assertIn("链接无效", response.text)
