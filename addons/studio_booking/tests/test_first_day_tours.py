import io

from PIL import Image

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.customer_core.tests.first_day_tour import FirstDayTourMixin


def jpeg(color):
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), color).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@tagged("post_install", "-at_install", "-standard", "first_day")
class TestFirstDayTours(FirstDayTourMixin, HttpCase):
    """The first day of a studio consultant, a retoucher and a studio manager (readme/USAGE.md),
    walked in Chinese at a desktop's and a phone's size, as users of the demo group's studio
    (花样年华影楼 · 静安店, in yuan); screenshots in .run/artefacts/screenshots/<role>/
    (customer_core/tests/first_day_tour.py). The team, rooms and package the tours use are made
    here, in that studio, working 09:00-21:00 Shanghai time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store = cls.env.ref("studio_booking.store_jingan", raise_if_not_found=False)
        if not cls.store:
            cls.skipTest(cls, "the tours walk the demo group's studio: studio_booking's demo data is not loaded")
        cls._first_day_zh_cn(["base", "web", "mail", "sale", "crm", "calendar", "customer_core", "studio_booking"])
        store = cls.store
        calendar = cls.env["resource.calendar"].create(
            {
                "name": "静安店营业时间（首日）",
                "tz": "Asia/Shanghai",
                "company_id": store.id,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"d{day}",
                            "dayofweek": str(day),
                            "hour_from": 9.0,
                            "hour_to": 21.0,
                            "day_period": "full_day",
                        }
                    )
                    for day in range(7)
                ],
            }
        )
        room_type = cls.env["studio.room.type"].create({"name": "婚纱内景棚"})

        def make(name, role, **extra):
            return cls.env["resource.resource"].create(
                {
                    "name": name,
                    "company_id": store.id,
                    "resource_type": "material",
                    "calendar_id": calendar.id,
                    "tz": "Asia/Shanghai",
                    "studio_role": role,
                    **extra,
                }
            )

        make("摄影师 王磊", "photographer", studio_level="5")
        make("化妆师 林娜", "makeup", studio_level="5")
        make("一号棚", "room", studio_room_type_id=room_type.id)
        make("白纱礼服 M 码", "costume", calendar_id=False, studio_costume_size="m")
        cls.package = cls.env["product.product"].create(
            {
                "name": "经典婚纱套系",
                "type": "service",
                "list_price": 6999.0,
                "company_id": store.id,
                "is_studio_package": True,
                "studio_online_booking": True,
                "studio_shoot_type": "wedding",
                "studio_hours": 2.0,
                "studio_setup_minutes": 30,
                "studio_cleanup_minutes": 30,
                "studio_retouched_photos": 30,
                "taxes_id": [Command.clear()],
                "studio_requirement_ids": [
                    Command.create({"role": "photographer", "quantity": 1, "min_level": "5"}),
                    Command.create({"role": "makeup", "quantity": 1, "min_level": "5"}),
                    Command.create({"role": "room", "quantity": 1, "room_type_id": room_type.id}),
                ],
            }
        )
        store_only = {"company_id": store.id, "company_ids": [Command.set(store.ids)]}
        cls.consultant = new_test_user(
            cls.env,
            login="sb_first_day_consultant",
            name="顾问 小周",
            lang="zh_CN",
            tz="Asia/Shanghai",
            groups="studio_booking.group_studio_user",
            **store_only,
        )
        cls.retoucher = new_test_user(
            cls.env,
            login="sb_first_day_retoucher",
            name="修图师 阿杰",
            lang="zh_CN",
            tz="Asia/Shanghai",
            groups="studio_booking.group_studio_retoucher",
            **store_only,
        )
        cls.manager = new_test_user(
            cls.env,
            login="sb_first_day_manager",
            name="店长 方琳",
            lang="zh_CN",
            tz="Asia/Shanghai",
            groups="studio_booking.group_studio_manager",
            **store_only,
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
                    "company_id": store.id,
                    "user_id": cls.consultant.id,
                }
                for name, contact, phone, source in (
                    ("抖音咨询：婚纱照", "张婷", "13600001111", "douyin"),
                    ("小红书私信：外景婚纱", "刘洋", "13600002222", "xiaohongshu"),
                    ("美团团购：婚纱套系到店", "陈雨", "13600003333", "meituan"),
                )
            ]
        )
        bride = cls.env["res.partner"].create(
            {"name": "李雪", "phone": "13500005555", "email": "lixue@example.cn", "lang": "zh_CN"}
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": bride.id,
                "company_id": store.id,
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

    def test_fixture_is_the_demo_studio_in_yuan(self):
        """The tours' users work in the demo group's studio: yuan, Shanghai time, Chinese."""
        self.assertEqual(self.consultant.company_id, self.store)
        self.assertEqual(self.store.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(self.manager.lang, "zh_CN")

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

    def test_studio_manager_desktop(self):
        self.run_first_day_tour(
            "studio_manager", "studio_booking_first_day_studio_manager", self.manager.login, "desktop"
        )

    def test_studio_manager_phone(self):
        self.run_first_day_tour(
            "studio_manager", "studio_booking_first_day_studio_manager", self.manager.login, "phone"
        )
