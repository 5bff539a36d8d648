import random
from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import api, fields, models

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = [
    "芳",
    "娜",
    "静",
    "敏",
    "婷",
    "丽",
    "雪",
    "琳",
    "晨",
    "悦",
    "欣怡",
    "子涵",
    "梓萱",
    "思雨",
    "雨桐",
    "浩然",
    "宇轩",
    "俊杰",
    "子豪",
    "明轩",
    "佳怡",
    "可馨",
    "嘉豪",
]


class StudioBookingDemo(models.Model):
    _inherit = "studio.booking"

    @api.model
    def _studio_demo_generate(self):
        """Demo data: two stores, their team, rooms, costumes, packages and 50
        orders spread over the next two months (dates relative to today)."""
        # what the demo writes in the chatter (tracked states and stages) reads Chinese where the
        # database has the language; a database without it (Odoo's runner on one addon) keeps English
        zh = bool(self.env["res.lang"]._get_code("zh_CN"))
        if zh:
            return self.with_context(lang="zh_CN")._studio_demo_generate_in(zh)
        return self._studio_demo_generate_in(zh)

    @api.model
    def _studio_demo_generate_in(self, zh):
        env = self.env
        rng = random.Random(20260101)
        ref = env.ref
        stores = ref("studio_booking.store_jingan") | ref("studio_booking.store_pudong")
        consultants = {
            ref("studio_booking.store_jingan").id: ref("studio_booking.demo_user_studio_consultant_jingan"),
            ref("studio_booking.store_pudong").id: ref("studio_booking.demo_user_studio_consultant_pudong"),
        }
        # the group's VAT on services (增值税 6%, prices tax-included) when customer_core's demo made it
        vat_services = ref("customer_core.demo_tax_sale_6", raise_if_not_found=False)
        taxes = {"taxes_id": [fields.Command.set(vat_services.ids)]} if vat_services else {}

        def name_in(record, zh_name, en_name):
            """Translatable names: English for English users, Chinese for Chinese ones."""
            record.with_context(lang="en_US").name = en_name
            if zh:
                record.with_context(lang="zh_CN").name = zh_name
            return record

        tz = "Asia/Shanghai"
        calendars = {}
        for store in stores:
            calendars[store.id] = env["resource.calendar"].create(
                {
                    "name": env._("%(store)s opening hours", store=store.name),
                    "company_id": store.id,
                    "tz": tz,
                    "attendance_ids": [
                        fields.Command.clear(),
                        *[
                            fields.Command.create(
                                {
                                    "name": f"day {day}",
                                    "dayofweek": str(day),
                                    "hour_from": 9.0,
                                    "hour_to": 20.0,
                                    "day_period": "full_day",
                                }
                            )
                            for day in range(7)
                        ],
                    ],
                }
            )
        Resource = env["resource.resource"]

        def make(name, store, role, **extra):
            vals = {
                "name": name,
                "company_id": store.id if store else False,
                "resource_type": "material",
                "studio_role": role,
                "tz": tz,
                "calendar_id": calendars[(store or stores[0]).id].id,
            }
            vals.update(extra)
            return Resource.create(vals)

        levels = ["4", "3", "2"]
        photographers = [
            ("阿杰 (首席)", "4"),
            ("小北", "3"),
            ("Leo 林", "2"),
            ("大卫 陈", "4"),
            ("米粒", "3"),
            ("阿晨", "2"),
        ]
        for index, (name, level) in enumerate(photographers):
            make(name, stores[index // 3], "photographer", studio_level=level)
        for index, name in enumerate(["小美 (化妆)", "婷婷 (化妆)", "Coco (化妆)", "安妮 (化妆)"]):
            make(name, stores[index // 2], "makeup", studio_level=levels[index % 3])
        make("欧式棚 A1", stores[0], "room", studio_room_type_id=ref("studio_booking.room_type_studio_a").id)
        make("韩式棚 B1", stores[0], "room", studio_room_type_id=ref("studio_booking.room_type_studio_b").id)
        make("欧式棚 A2", stores[1], "room", studio_room_type_id=ref("studio_booking.room_type_studio_a").id)
        make("韩式棚 B2", stores[1], "room", studio_room_type_id=ref("studio_booking.room_type_studio_b").id)
        make("儿童棚 K1", stores[1], "room", studio_room_type_id=ref("studio_booking.room_type_kids").id)
        make(
            "滨江花园外景",
            False,
            "outdoor",
            studio_room_type_id=ref("studio_booking.room_type_garden").id,
        )
        sizes = ["xs", "s", "m", "l", "xl", "child"]
        styles = ["法式婚纱", "鱼尾婚纱", "秀禾服", "中式旗袍", "西装礼服", "汉服"]
        for index in range(30):
            make(
                f"{styles[index % 6]} #{index + 1:02d}",
                stores[index % 2] if index < 24 else False,
                "costume",
                calendar_id=False,
                studio_costume_size=sizes[index % 6],
                studio_costume_style=styles[index % 6],
            )

        # packages and their parts
        Product = env["product.product"]

        def part(zh_name, en_name, price, cost):
            product = Product.create(
                {"name": en_name, "type": "service", "list_price": price, "standard_price": cost, **taxes}
            )
            return name_in(product.product_tmpl_id, zh_name, en_name) and product

        p_photo = part("摄影师工时", "Photographer hour", 500, 200)
        p_makeup = part("化妆造型", "Make-up session", 600, 220)
        p_retouch = part("精修照片", "Retouched photo", 50, 15)
        p_album = part("水晶相册 30P", "Crystal album 30 pages", 1800, 560)
        p_frame = part("实木相框", "Wooden frame", 480, 140)
        p_look = part("服装造型", "Costume look", 300, 60)
        part("加选精修", "Extra retouched photo", 80, 15)
        part("升级首席摄影师", "Chief photographer upgrade", 1200, 450)
        packages = []
        specs = [
            (
                ("经典婚纱套系", "Classic Wedding"),
                "wedding",
                5,
                4.0,
                30,
                3,
                "crystal",
                [(p_photo, 4), (p_makeup, 2), (p_retouch, 30), (p_album, 1), (p_frame, 2), (p_look, 3)],
                [
                    ("photographer", 1, "3", False),
                    ("makeup", 1, False, False),
                    ("room", 1, False, "room_type_studio_a"),
                    ("costume", 3, False, False),
                ],
            ),
            (
                ("韩式轻婚纱", "Korean Light Wedding"),
                "wedding",
                3,
                3.0,
                20,
                2,
                "leather",
                [(p_photo, 3), (p_makeup, 1), (p_retouch, 20), (p_album, 1), (p_look, 2)],
                [
                    ("photographer", 1, "2", False),
                    ("makeup", 1, False, False),
                    ("room", 1, False, "room_type_studio_b"),
                ],
            ),
            (
                ("宝宝百天照", "Baby 100 Days"),
                "baby",
                2,
                2.0,
                12,
                1,
                "paper",
                [(p_photo, 2), (p_retouch, 12), (p_frame, 1)],
                [("photographer", 1, "2", False), ("room", 1, False, False)],
            ),
            (
                ("温馨全家福", "Family Portrait"),
                "family",
                2,
                2.0,
                15,
                1,
                "wood",
                [(p_photo, 2), (p_makeup, 1), (p_retouch, 15), (p_frame, 1)],
                [("photographer", 1, "3", False), ("makeup", 1, False, False), ("room", 1, False, False)],
            ),
        ]
        for (zh_name, en_name), shoot_type, looks, hours, retouched, frames, material, comps, reqs in specs:
            template = env["product.template"].create(
                {
                    "name": en_name,
                    **taxes,
                    "type": "service",
                    "is_studio_package": True,
                    "studio_online_booking": True,
                    "studio_shoot_type": shoot_type,
                    "studio_looks": looks,
                    "studio_hours": hours,
                    "studio_photos_delivered": retouched * 4,
                    "studio_retouched_photos": retouched,
                    "studio_album_pages": 30 if material != "paper" else 0,
                    "studio_album_material": material,
                    "studio_frames": frames,
                    "studio_makeup_sessions": 1 if shoot_type == "wedding" else 0,
                    "studio_component_ids": [
                        fields.Command.create({"product_id": prod.id, "quantity": qty}) for prod, qty in comps
                    ],
                    "studio_requirement_ids": [
                        fields.Command.create(
                            {
                                "role": role,
                                "quantity": qty,
                                "min_level": level,
                                "room_type_id": ref(f"studio_booking.{rtype}").id if rtype else False,
                            }
                        )
                        for role, qty, level, rtype in reqs
                    ],
                }
            )
            name_in(template, zh_name, en_name)
            template.action_studio_apply_parts_price()
            packages.append(template.product_variant_id)

        # leads from the channels
        sources = [
            ref("studio_booking.utm_source_douyin"),
            ref("studio_booking.utm_source_xiaohongshu"),
            ref("studio_booking.utm_source_meituan"),
            ref("studio_booking.utm_source_website"),
            ref("studio_booking.utm_source_walkin"),
            ref("utm.utm_source_referral"),
        ]

        def person():
            return rng.choice(SURNAMES) + rng.choice(GIVEN)

        def phone():
            return "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _i in range(9))

        for index in range(24):
            package = rng.choice(packages)
            env["crm.lead"].create(
                {
                    "name": f"{sources[index % 6].name}: {person()}",
                    "contact_name": person(),
                    "phone": phone(),
                    "type": "lead",
                    "source_id": sources[index % 6].id,
                    "company_id": stores[index % 2].id,
                    "studio_shoot_type": package.studio_shoot_type,
                    "studio_package_id": package.id,
                    "studio_budget": rng.choice([3000, 5000, 8000, 12000, 20000]),
                    "studio_event_date": fields.Date.today() + timedelta(days=rng.randint(30, 200)),
                }
            )

        # 50 orders with their shoots over the next two months
        local = timezone(tz)
        today = fields.Date.today()
        orders = env["sale.order"]
        # the customers speak Chinese when the database has the language (a test database may not)
        lang = {"lang": "zh_CN"} if env["res.lang"]._get_code("zh_CN") else {}
        for index in range(50):
            store = stores[index % 2]
            package = packages[index % len(packages)]
            partner = env["res.partner"].create(
                {
                    "name": person(),
                    "phone": phone(),
                    "company_id": store.id,
                    "city": "上海",
                    "tz": tz,
                    **lang,
                }
            )
            day = today + timedelta(days=1 + (index * 61) // 50)
            hour = rng.choice([9, 10, 13, 14, 16])
            start = local.localize(datetime.combine(day, time(hour))).astimezone(utc)
            start = start.replace(tzinfo=None)
            order = (
                env["sale.order"]
                .with_company(store)
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": store.id,
                        "source_id": sources[index % 6].id,
                        "order_line": [fields.Command.create({"product_id": package.id, "product_uom_qty": 1})],
                    }
                )
            )
            orders |= order
            slots = Resource._studio_find_slots(
                package.product_tmpl_id._studio_requirements(),
                store,
                start,
                start + timedelta(days=3),
                package.studio_hours,
                setup=package.studio_setup_minutes,
                cleanup=package.studio_cleanup_minutes,
                limit=1,
                step=60,
            )
            if not slots:
                continue
            booking = self.with_company(store).create(
                {
                    "company_id": store.id,
                    "partner_id": partner.id,
                    "sale_order_id": order.id,
                    "user_id": consultants[store.id].id,
                    "package_id": package.id,
                    "start": slots[0]["start"],
                    "stop": slots[0]["stop"],
                    "line_ids": [fields.Command.create({"resource_id": rid}) for rid in slots[0]["resource_ids"]],
                }
            )
            if index % 3 == 0:
                order.action_confirm()
                booking.action_confirm()
        self._studio_demo_after_shoot(orders, sources, rng)
        return orders

    @api.model
    def _studio_demo_after_shoot(self, orders, sources, rng):
        """Selections and post-production in every stage, channel spend, scores."""
        import io

        from PIL import Image

        env = self.env
        confirmed = orders.filtered(lambda o: o.state == "sale")
        stages = [
            "first_retouch",
            "customer_review",
            "fine_retouch",
            "album_design",
            "production",
            "framing",
            "delivery",
            "done",
        ]
        for index, order in enumerate(confirmed[:11]):
            album = env["studio.photo.album"].create(
                {"sale_order_id": order.id, "name": env._("Photos of %(order)s", order=order.name)}
            )
            attachments = env["ir.attachment"]
            for number in range(6):
                buffer = io.BytesIO()
                color = (120 + 20 * number, 90 + 10 * index, 140)
                Image.new("RGB", (480, 320), color).save(buffer, "JPEG", quality=70)
                attachments |= env["ir.attachment"].create(
                    {"name": f"DSC_{index:02d}{number:02d}.jpg", "raw": buffer.getvalue(), "mimetype": "image/jpeg"}
                )
            album.write({"upload_attachment_ids": [fields.Command.set(attachments.ids)], "quota": 4})
            album.action_process_uploads()
            if index == 0:
                continue  # still being prepared
            album.action_open_to_customer()
            if index == 1:
                continue  # the customer is choosing
            for photo in album.photo_ids[: 4 + index % 2]:
                album._toggle(photo, selected=True)
            album._submit()
            work = album.production_ids
            for _step in range(min(index - 2, len(stages) - 1)):
                work.action_next_stage()
        # scores of delivered orders
        for order in confirmed[11:20]:
            people = order.studio_booking_ids.line_ids.resource_id.filtered(
                lambda r: r.studio_role in ("photographer", "makeup")
            )
            overall = rng.choice([4, 5, 5, 3, 5])
            values = [
                {
                    "sale_order_id": order.id,
                    "target": "overall",
                    "score": overall,
                    "comment": rng.choice(["拍得很好，化妆师很耐心", "选片有点慢", "非常满意，还会再来", False]),
                }
            ]
            values += [
                {
                    "sale_order_id": order.id,
                    "target": resource.studio_role,
                    "resource_id": resource.id,
                    "score": rng.choice([4, 5, 5, 3]),
                }
                for resource in people
            ]
            env["studio.rating"].create(values)
        # channel spend for this month and the last one
        today = fields.Date.today().replace(day=1)
        for store in orders.company_id:
            for source in sources[:4]:
                for month in (today, (today - timedelta(days=1)).replace(day=1)):
                    env["studio.channel.cost"].create(
                        {
                            "source_id": source.id,
                            "company_id": store.id,
                            "date": month,
                            "amount": rng.choice([2000, 3500, 5000, 8000]),
                        }
                    )
