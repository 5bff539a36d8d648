import io

from PIL import Image

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.customer_core.tests.first_day_tour import FirstDayTourMixin

from .common import StudioCommon


def jpeg(color):
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), color).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@tagged("post_install", "-at_install", "-standard", "first_day")
class TestFirstDayTours(FirstDayTourMixin, StudioCommon, HttpCase):
    """The first day of a studio consultant and a retoucher (readme/USAGE.md), walked in Chinese at
    a desktop's and a phone's size; screenshots in .run/artefacts/screenshots/<role>/
    (customer_core/tests/first_day_tour.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._first_day_zh_cn(["base", "web", "mail", "sale", "crm", "calendar", "customer_core", "studio_booking"])
        cls.store_a.name, cls.store_b.name = "徐汇影楼", "静安影楼"
        cls.room_type.name = "内景棚"
        for resource, name in (
            (cls.photographer, "摄影师 王磊"),
            (cls.photographer_2, "首席摄影师 陈晨"),
            (cls.photographer_junior, "助理摄影师 小吴"),
            (cls.makeup, "化妆师 林娜"),
            (cls.room, "一号棚"),
            (cls.costume, "白纱礼服 M 码"),
        ):
            resource.name = name
        cls.package.write({"name": "经典婚纱套系", "studio_retouched_photos": 30})
        cls.consultant = new_test_user(
            cls.env,
            login="sb_first_day_consultant",
            name="顾问 小周",
            lang="zh_CN",
            tz="Asia/Shanghai",
            groups="studio_booking.group_studio_user",
            company_id=cls.store_a.id,
            company_ids=[Command.set(cls.store_a.ids)],
        )
        cls.retoucher = new_test_user(
            cls.env,
            login="sb_first_day_retoucher",
            name="修图师 阿杰",
            lang="zh_CN",
            tz="Asia/Shanghai",
            groups="studio_booking.group_studio_retoucher",
            company_id=cls.store_a.id,
            company_ids=[Command.set(cls.store_a.ids)],
        )
        sources = {
            code: cls.env.ref(f"studio_booking.utm_source_{code}") for code in ("douyin", "xiaohongshu", "meituan")
        }
        cls.env["crm.lead"].create(
            [
                {
                    "name": name,
                    "type": "lead",
                    "contact_name": contact,
                    "phone": phone,
                    "source_id": sources[source].id,
                    "studio_shoot_type": "wedding",
                    "studio_package_id": cls.package.id,
                    "company_id": cls.store_a.id,
                    "user_id": cls.consultant.id,
                }
                for name, contact, phone, source in (
                    ("抖音咨询：婚纱照", "张婷", "13600001111", "douyin"),
                    ("小红书私信：外景婚纱", "刘洋", "13600002222", "xiaohongshu"),
                    ("美团团购：婚纱套系到店", "陈雨", "13600003333", "meituan"),
                )
            ]
        )
        cls.store_a.partner_id.tz = "Asia/Shanghai"
        bride = cls.env["res.partner"].create(
            {"name": "李雪", "phone": "13500005555", "email": "lixue@example.cn", "lang": "zh_CN"}
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": bride.id,
                "company_id": cls.store_a.id,
                "user_id": cls.consultant.id,
                "order_line": [Command.create({"product_id": cls.package.id})],
            }
        )
        album = cls.env["studio.photo.album"].create({"sale_order_id": order.id, "extra_price": 50.0})
        album.upload_attachment_ids = [
            Command.set(
                cls.env["ir.attachment"]
                .create(
                    [
                        {"name": f"IMG_{i:04d}.jpg", "raw": jpeg((60 + i * 30, 120, 160)), "mimetype": "image/jpeg"}
                        for i in range(6)
                    ]
                )
                .ids
            )
        ]
        album.action_process_uploads()
        album.action_open_to_customer()
        cls.env["studio.production"].create(
            {
                "name": "李雪 婚纱照精修",
                "sale_order_id": order.id,
                "album_id": album.id,
                "retoucher_id": cls.retoucher.id,
                "user_id": cls.retoucher.id,
                "photo_count": 30,
            }
        )

    def test_studio_consultant_desktop(self):
        self.run_first_day_tour(
            "studio_consultant", "studio_booking_first_day_studio_consultant", self.consultant.login, "desktop"
        )

    def test_studio_consultant_phone(self):
        self.run_first_day_tour(
            "studio_consultant", "studio_booking_first_day_studio_consultant", self.consultant.login, "phone"
        )

    def test_retoucher_desktop(self):
        self.run_first_day_tour("retoucher", "studio_booking_first_day_retoucher", self.retoucher.login, "desktop")

    def test_retoucher_phone(self):
        self.run_first_day_tour("retoucher", "studio_booking_first_day_retoucher", self.retoucher.login, "phone")
