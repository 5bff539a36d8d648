import base64
import io
import math
import random
from datetime import date, timedelta

from odoo import Command, api, fields, models
from odoo.tools.translate import code_translations

# (xml id, Chinese name, pinyin, birth, death, category, medium, palette)
DEMO_ARTISTS = [
    (
        "lin_moyan",
        "林墨言",
        "Lin Moyan",
        1962,
        0,
        "category_ink",
        "medium_ink_paper",
        [(32, 32, 32), (120, 120, 110), (235, 230, 215)],
    ),
    (
        "zhou_yunchuan",
        "周云川",
        "Zhou Yunchuan",
        1938,
        2015,
        "category_painting",
        "medium_oil",
        [(46, 82, 120), (196, 150, 82), (230, 214, 180)],
    ),
    (
        "su_xiaotang",
        "苏晓棠",
        "Su Xiaotang",
        1985,
        0,
        "category_photography",
        "medium_pigment_print",
        [(20, 30, 48), (90, 120, 150), (220, 225, 230)],
    ),
    (
        "shen_qinghe",
        "沈青禾",
        "Shen Qinghe",
        1971,
        0,
        "category_sculpture",
        "medium_bronze",
        [(70, 50, 30), (150, 110, 60), (210, 190, 150)],
    ),
    (
        "gu_nansheng",
        "顾南笙",
        "Gu Nansheng",
        1920,
        1998,
        "category_calligraphy",
        "medium_ink_paper",
        [(15, 15, 15), (150, 40, 35), (240, 228, 200)],
    ),
    (
        "han_jingqiu",
        "韩静秋",
        "Han Jingqiu",
        1979,
        0,
        "category_print",
        "medium_woodcut",
        [(140, 36, 44), (30, 30, 30), (238, 226, 205)],
    ),
    (
        "lu_zhiyuan",
        "陆知远",
        "Lu Zhiyuan",
        1990,
        0,
        "category_mixed",
        "medium_acrylic",
        [(230, 120, 40), (40, 90, 160), (245, 240, 230)],
    ),
    (
        "ye_cheng",
        "叶澄",
        "Ye Cheng",
        1955,
        0,
        "category_painting",
        "medium_watercolour",
        [(80, 140, 120), (200, 170, 120), (245, 242, 235)],
    ),
]

# (artist index, English title, Chinese title, year, height, width, asking price CNY)
DEMO_WORKS = [
    (0, "Misty Peaks at Dawn", "晨雾群峰", 2008, 136, 68, 380000),
    (0, "Pines Listening to the Wind", "松风听涛", 2012, 180, 97, 520000),
    (0, "Empty Mountain after Rain", "空山新雨", 2016, 68, 68, 160000),
    (0, "Boat on the Cold River", "寒江独钓", 2019, 45, 70, 98000),
    (1, "Harbour at Dusk", "暮色港湾", 1986, 80, 100, 1200000),
    (1, "Wheat Fields of Henan", "中原麦田", 1979, 60, 90, 860000),
    (1, "Old Street in Suzhou", "苏州老街", 1995, 73, 60, 640000),
    (1, "Winter Birches", "冬日白桦", 2003, 100, 80, 720000),
    (2, "Neon Rain, Chongqing", "山城霓虹雨", 2017, 90, 120, 68000),
    (2, "Tide Line No. 3", "潮汐线之三", 2019, 60, 90, 45000),
    (2, "The Last Hutong Light", "胡同最后的灯", 2021, 80, 80, 52000),
    (2, "Salt Flats, Qinghai", "青海盐湖", 2023, 100, 150, 88000),
    (3, "Standing Crane", "鹤立", 2010, 120, 40, 430000),
    (3, "Seed", "种子", 2014, 35, 30, 150000),
    (3, "Listening Stone", "听石", 2018, 60, 55, 280000),
    (4, "Thousand-Character Essay (excerpt)", "千字文（节选）", 1982, 130, 34, 900000),
    (4, "Couplet: Mountains and Rivers", "山河对联", 1975, 138, 33, 560000),
    (4, "The Orchid Pavilion, after Wang Xizhi", "临兰亭序", 1990, 28, 240, 1500000),
    (5, "Red Lanterns", "红灯笼", 2009, 50, 40, 26000),
    (5, "Fishing Village Morning", "渔村清晨", 2013, 45, 60, 32000),
    (5, "Paper-cut Garden", "剪纸花园", 2020, 60, 60, 38000),
    (5, "Cranes over Water Town", "水乡鹤影", 2022, 40, 50, 29000),
    (6, "Signal / Noise", "信号与噪声", 2018, 150, 150, 120000),
    (6, "Circuit Garden", "电路花园", 2020, 120, 100, 96000),
    (6, "Blue Hour in Shenzhen", "深圳蓝调时刻", 2022, 100, 140, 110000),
    (6, "Fragments of a Map", "地图碎片", 2024, 80, 80, 75000),
    (7, "Lotus Pond in Summer", "夏日荷塘", 1998, 55, 75, 210000),
    (7, "West Lake in Spring Rain", "西湖春雨", 2004, 50, 70, 260000),
    (7, "Tea Hills of Wuyi", "武夷茶山", 2011, 56, 76, 185000),
    (7, "Osmanthus Moon", "桂月", 2015, 45, 60, 150000),
]


class ArtArtwork(models.Model):
    _inherit = "art.artwork"

    @api.model
    def _demo_image(self, palette, seed, sculpture=False):
        """A small generated picture in the artist's palette (mountains, sun and mist)."""
        from PIL import Image, ImageDraw, ImageFilter

        rnd = random.Random(seed)
        width, height = 320, 240
        dark, mid, light = palette
        img = Image.new("RGB", (width, height), light)
        draw = ImageDraw.Draw(img)
        for y in range(height):
            t = y / height
            color = tuple(int(light[i] * (1 - t * 0.35) + mid[i] * t * 0.35) for i in range(3))
            draw.line([(0, y), (width, y)], fill=color)
        if sculpture:
            draw.rectangle((130, 200, 190, 230), fill=mid)
            draw.ellipse((120, 40, 200, 200), fill=dark)
        else:
            for layer in range(3):
                base = height * (0.45 + layer * 0.17)
                amp = rnd.uniform(25, 60)
                freq = rnd.uniform(1.5, 3.5)
                phase = rnd.uniform(0, math.pi)
                shade = tuple(int(dark[i] + (mid[i] - dark[i]) * (2 - layer) / 2) for i in range(3))
                points = [
                    (x, base - amp * abs(math.sin(freq * x / width * math.pi + phase))) for x in range(0, width + 8, 8)
                ]
                draw.polygon([(0, height), *points, (width, height)], fill=shade)
            sx, sy = rnd.randint(40, width - 40), rnd.randint(25, 70)
            draw.ellipse((sx - 14, sy - 14, sx + 14, sy + 14), fill=(200, 60, 50))
        img = img.filter(ImageFilter.SMOOTH)
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=80)
        return base64.b64encode(buf.getvalue())

    @api.model
    def _demo_populate(self):
        """A gallery with 30 artworks by 8 artists, loans, an exhibition and valuations (demo only).

        The gallery is a company in CNY: a branch of the demo group (customer_core's root company)
        when customer_core's demo made it, else a gallery company of its own (artwork_provenance
        alone). What the demo writes in the chatter reads Chinese where the database has the
        language (a database without it, Odoo's runner on one addon, keeps English)."""
        gallery = self._demo_gallery_company()
        this = self.with_company(gallery)
        if self.env["res.lang"]._get_code("zh_CN"):
            this = this.with_context(lang="zh_CN")
            # the addon's Chinese (its models' names, its selections) before the demo writes its
            # chatter: Odoo loads a module's terms after its demo data, and the chatter keeps what
            # was written ("Artwork Loan 创建")
            self.env["ir.module.module"]._load_module_terms(["artwork_provenance"], ["zh_CN"])
        return this._demo_populate_gallery()

    @api.model
    def _demo_gallery_company(self):
        """The demo gallery's company, with its chart of accounts, CNY and Chinese VAT."""
        env = self.env
        group = env.ref("customer_core.demo_company_group", raise_if_not_found=False)
        china = env.ref("base.cn")
        vals = {
            "name": "锦华画廊 · 上海外滩",
            "country_id": china.id,
            "state_id": env.ref("base.state_cn_SH").id,
            "city": "上海",
            "street": "中山东一路 18 号",
            "zip": "200002",
            "phone": "+86 21 6323 8899",
            "email": "gallery@jinhua-group.example.cn",
        }
        if group:
            # the group's chart and VAT (customer_core's demo), then the gallery as its branch
            env["res.company"]._customer_demo_group_accounting()
            vals["parent_id"] = group.id
        else:
            vals["currency_id"] = env.ref("base.CNY").id
        gallery = env["res.company"].create(vals)
        env["ir.model.data"].create(
            {
                "module": "artwork_provenance",
                "name": "demo_company_gallery",
                "model": "res.company",
                "res_id": gallery.id,
                "noupdate": True,
            }
        )
        if group:
            # a branch gets its accounting (the root's chart) at commit: the demo posts bills before
            env["res.company"]._customer_demo_group_branches()
        else:
            self._demo_gallery_accounting(gallery)
        # the artworks' costing in the gallery's company too (the data sets it for the main company
        # only): landed costs need FIFO
        env.ref("artwork_provenance.product_category_artwork").with_company(gallery).property_cost_method = "fifo"
        # Odoo makes a new company's warehouse only in tests: the gallery's, with its halls and vault
        # (unless the group's demo made it already, member_loyalty's for every branch)
        if not env["stock.warehouse"].search_count([("company_id", "=", gallery.id)]):
            warehouse = env["stock.warehouse"].create(
                {"name": "锦华画廊", "code": "JHGAL", "company_id": gallery.id, "partner_id": gallery.partner_id.id}
            )
            if env["res.lang"]._get_code("zh_CN"):
                self._demo_warehouse_in_chinese(warehouse)
        # the documented exception: the administrator (and the group's head office) see the gallery
        viewers = env.ref("base.user_admin") | (
            env.ref("customer_core.user_head_office", raise_if_not_found=False) or env["res.users"]
        )
        viewers.company_ids = [Command.link(c.id) for c in (group or gallery) | gallery]
        return gallery

    @api.model
    def _demo_log_creation_in_chinese(self, record):
        """The "… created" line of a record the demo made under its English name (with
        ``mail_create_nolog``), in the gallery's language."""
        record = record.with_context(lang="zh_CN")
        record._message_log_batch(bodies={record.id: record._creation_message()})

    @api.model
    def _demo_warehouse_in_chinese(self, warehouse):
        """The gallery's warehouse as a Chinese gallery reads it: Odoo names its locations (not
        translatable: "JHGAL/Stock") and operation types ("锦华画廊: Receipts") in the language of
        whoever makes it, here the installer's; Odoo's own Chinese of these names, from stock's file."""
        stock_zh = code_translations.get_python_translations("stock", "zh_CN")
        locations = (
            self.env["stock.location"].with_context(active_test=False).search([("warehouse_id", "=", warehouse.id)])
        )
        for location in locations:
            if stock_zh.get(location.name):
                location.name = stock_zh[location.name]
        types = self.env["stock.picking.type"].with_context(active_test=False, lang="en_US")
        for picking_type in types.search([("warehouse_id", "=", warehouse.id)]):
            if stock_zh.get(picking_type.name):
                picking_type.with_context(lang="zh_CN").name = stock_zh[picking_type.name]

    @api.model
    def _demo_gallery_accounting(self, company):
        """A gallery alone (no customer_core demo group): Odoo's generic chart kept in CNY and China,
        with the Chinese VAT on goods (增值税 13%, prices tax-included) as its default taxes."""
        env = self.env
        china = env.ref("base.cn")
        env["account.chart.template"]._load("generic_coa", company, install_demo=False)
        company.write(
            {"currency_id": env.ref("base.CNY").id, "account_fiscal_country_id": china.id, "account_storno": False}
        )
        generic = env["account.tax"].with_context(active_test=False).search([("company_id", "=", company.id)])
        tax_group = generic.tax_group_id[:1].copy({"name": "增值税", "company_id": company.id, "country_id": china.id})
        taxes = {}
        for use, zh, en in (("sale", "增值税 13%", "VAT 13%"), ("purchase", "进项增值税 13%", "Input VAT 13%")):
            model = generic.filtered(lambda t, u=use: t.type_tax_use == u and t.amount_type == "percent")[:1]
            tax = model.copy(
                {"name": zh, "amount": 13, "description": "13%", "country_id": china.id, "tax_group_id": tax_group.id}
            )
            tax.with_context(lang="en_US").name = en
            if env["res.lang"]._get_code("zh_CN"):
                tax.with_context(lang="zh_CN").name = zh
            taxes[use] = tax
        generic.active = False
        company.write(
            {
                "account_sale_tax_id": taxes["sale"].id,
                "account_purchase_tax_id": taxes["purchase"].id,
                "account_price_include": "tax_included",
            }
        )

    @api.model
    def _demo_populate_gallery(self):  # noqa: C901 (one demo scenario, step by step)
        env = self.env
        ref = env.ref
        company = env.company
        # Chinese names where the database has the language (a test database may not)
        zh_ok = bool(env["res.lang"]._get_code("zh_CN"))
        admin = ref("base.user_admin")
        Users = env["res.users"].with_context(no_reset_password=True)
        gallery_user = {
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
            "tz": "Asia/Shanghai",
            **({"lang": "zh_CN"} if zh_ok else {}),
        }
        director = Users.create(
            {
                **gallery_user,
                "name": "许文澜",
                "login": "gallery.director",
                "email": "director@example.com",
                "group_ids": [
                    Command.set(
                        [
                            ref("artwork_provenance.group_art_director").id,
                            ref("artwork_provenance.group_art_registrar").id,
                        ]
                    )
                ],
            }
        )
        legal = Users.create(
            {
                **gallery_user,
                "name": "赵律",
                "login": "gallery.legal",
                "email": "legal@example.com",
                "group_ids": [Command.set([ref("artwork_provenance.group_art_legal").id])],
            }
        )
        for user, name in ((director, "demo_user_director"), (legal, "demo_user_legal")):
            env["ir.model.data"].create(
                {
                    "module": "artwork_provenance",
                    "name": name,
                    "model": "res.users",
                    "res_id": user.id,
                    "noupdate": True,
                }
            )
        china = ref("base.cn", raise_if_not_found=False)
        warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        Location = env["stock.location"]
        rooms = {}
        for key, name, parent in (
            ("hall_a", "一号展厅", warehouse.lot_stock_id),
            ("hall_b", "二号展厅", warehouse.lot_stock_id),
            ("vault", "恒温库房", warehouse.lot_stock_id),
        ):
            rooms[key] = Location.create({"name": name, "location_id": parent.id, "usage": "internal"})
        rooms["rack_1"] = Location.create({"name": "A1 架", "location_id": rooms["vault"].id, "usage": "internal"})
        rooms["rack_2"] = Location.create({"name": "A2 架", "location_id": rooms["vault"].id, "usage": "internal"})

        data = env["ir.model.data"]
        artists = []
        for xmlid, zh, pinyin, birth, death, *_rest in DEMO_ARTISTS:
            artist = env["res.partner"].create(
                {
                    "name": zh,
                    "is_artist": True,
                    "artist_birth_year": birth,
                    "artist_death_year": death or False,
                    "artist_nationality_id": china.id if china else False,
                    "art_public_name": True,
                    "comment": pinyin,
                }
            )
            data.create(
                {
                    "module": "artwork_provenance",
                    "name": f"demo_artist_{xmlid}",
                    "model": "res.partner",
                    "res_id": artist.id,
                    "noupdate": True,
                }
            )
            artists.append(artist)

        vendor = env["res.partner"].create({"name": "嘉德艺术品有限公司", "is_company": True, "city": "北京"})
        collectors = env["res.partner"].create(
            [
                {"name": "王雅琴", "city": "上海"},
                {"name": "陈国栋", "city": "杭州"},
                {"name": "李文博", "city": "深圳", "art_public_name": True},
            ]
        )
        museum = env["res.partner"].create({"name": "浙江省博物馆", "is_company": True, "city": "杭州"})
        art_centre = env["res.partner"].create({"name": "深圳当代艺术中心", "is_company": True, "city": "深圳"})
        consignor = env["res.partner"].create({"name": "赵明远（藏家）", "city": "南京"})
        appraiser = env["res.partner"].create({"name": "华夏艺术品评估中心", "is_company": True, "city": "北京"})

        styles = [
            ref("artwork_provenance.style_shanshui"),
            ref("artwork_provenance.style_realism"),
            ref("artwork_provenance.style_minimalism"),
            ref("artwork_provenance.style_abstract"),
            ref("artwork_provenance.style_xieyi"),
            ref("artwork_provenance.style_gongbi"),
            ref("artwork_provenance.style_expressionism"),
            ref("artwork_provenance.style_realism"),
        ]
        periods = [
            (1912, 1949, "period_republic"),
            (1949, 1978, "period_early_prc"),
            (1978, 2000, "period_reform"),
            (2000, 9999, "period_contemporary"),
        ]
        artworks = self.browse()
        for index, (a_idx, title_en, title_zh, year, height, width, price) in enumerate(DEMO_WORKS, start=1):
            xmlid, _zh, _py, _b, _d, categ, medium, palette = DEMO_ARTISTS[a_idx]
            period = next(ref(f"artwork_provenance.{p}") for y0, y1, p in periods if y0 <= year < y1)
            # created under its English title, its creation logged in the gallery's language below
            art = self.with_context(lang="en_US", mail_create_nolog=zh_ok).create(
                {
                    "name": title_en,
                    "artist_id": artists[a_idx].id,
                    "year": year,
                    "category_id": ref(f"artwork_provenance.{categ}").id,
                    "medium_id": ref(f"artwork_provenance.{medium}").id,
                    "style_ids": [Command.set(styles[a_idx].ids)],
                    "period_id": period.id,
                    "height": height,
                    "width": width,
                    "depth": 30 if categ == "category_sculpture" else 0,
                    "framed_height": height + 12 if categ == "category_painting" else 0,
                    "framed_width": width + 12 if categ == "category_painting" else 0,
                    "weight": 18.5 if categ == "category_sculpture" else 0,
                    "edition_type": "numbered" if categ in ("category_photography", "category_print") else "unique",
                    "edition_number": (index % 7) + 1 if categ in ("category_photography", "category_print") else 0,
                    "edition_size": 8 if categ in ("category_photography", "category_print") else 0,
                    "signature": "右下角钤印"
                    if categ in ("category_ink", "category_calligraphy")
                    else "Signed lower right",
                    "condition": "excellent" if year > 2000 else "good",
                    "list_price": price,
                    "image_1920": self._demo_image(palette, index, sculpture=categ == "category_sculpture"),
                    "inventory_number": f"GA-DEMO-{index:03d}",
                }
            )
            if zh_ok:
                art.with_context(lang="zh_CN").name = title_zh
                self._demo_log_creation_in_chinese(art)
            data.create(
                {
                    "module": "artwork_provenance",
                    "name": f"demo_artwork_{index:02d}",
                    "model": "art.artwork",
                    "res_id": art.id,
                    "noupdate": True,
                }
            )
            artworks |= art

        # intake: 26 approved by the art director, 2 waiting, 2 still drafts
        for art in artworks[:26]:
            art.with_user(admin).action_submit_intake()
            if art.intake_state == "to_approve":
                art.with_user(director).validate_tier()
        artworks[26:28].action_submit_intake()

        # purchases: bought from a dealer, received into the vault and halls
        placements = ["hall_a", "hall_b", "rack_1", "rack_2", "hall_a", "rack_1"]
        bought = artworks[:24]
        suppliers = ref("stock.stock_location_suppliers")
        order = env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "partner_ref": "JD-2024-118",
                "order_line": [
                    Command.create(
                        {
                            "product_id": art.product_id.id,
                            "product_qty": 1.0,
                            "price_unit": round(art.list_price * 0.55),
                            "tax_ids": [Command.clear()],
                        }
                    )
                    for art in bought[:6]
                ],
            }
        )
        order.button_confirm()
        picking = order.picking_ids
        for move in picking.move_ids:
            art = bought[:6].filtered(lambda a, m=move: a.product_id == m.product_id)
            move.move_line_ids.unlink()
            env["stock.move.line"].create(
                {
                    "move_id": move.id,
                    "picking_id": picking.id,
                    "product_id": art.product_id.id,
                    "lot_id": art.lot_id.id,
                    "quantity": 1.0,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                }
            )
            move.picked = True
        picking.with_context(skip_backorder=True).button_validate()
        bill = env["account.move"].browse(order.action_create_invoice()["res_id"])
        bill.invoice_date = fields.Date.today() - timedelta(days=200)
        bill.action_post()
        for i, art in enumerate(bought):
            if i >= 6:
                env["stock.picking"]._art_transfer(
                    art, rooms[placements[i % len(placements)]], warehouse.in_type_id, origin="INTAKE", source=suppliers
                )
            elif i % 2:
                env["stock.picking"]._art_transfer(art, rooms[placements[i]], warehouse.int_type_id)
        # two works consigned to us by a collector
        for art in artworks[26:28]:
            env["stock.picking"]._art_transfer(
                art, rooms["hall_b"], warehouse.in_type_id, owner=consignor, origin="CONSIGN", source=suppliers
            )

        # extra costs booked against two artworks
        expense = env["account.account"].search(
            [("account_type", "=", "expense"), ("company_ids", "in", company.id)], limit=1
        )
        restorer = env["res.partner"].create({"name": "故宫修复工作室", "is_company": True})
        if expense:
            extra = env["account.move"].create(
                {
                    "move_type": "in_invoice",
                    "partner_id": restorer.id,
                    "invoice_date": fields.Date.today() - timedelta(days=150),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "揭裱修复",
                                "quantity": 1,
                                "price_unit": 18000,
                                "account_id": expense.id,
                                "tax_ids": [Command.clear()],
                                "art_artwork_id": artworks[0].id,
                                "art_cost_type": "restoration",
                            }
                        ),
                        Command.create(
                            {
                                "name": "定制画框",
                                "quantity": 1,
                                "price_unit": 6500,
                                "account_id": expense.id,
                                "tax_ids": [Command.clear()],
                                "art_artwork_id": artworks[4].id,
                                "art_cost_type": "framing",
                            }
                        ),
                        Command.create(
                            {
                                "name": "运输保险",
                                "quantity": 1,
                                "price_unit": 3200,
                                "account_id": expense.id,
                                "tax_ids": [Command.clear()],
                                "art_artwork_id": artworks[4].id,
                                "art_cost_type": "insurance",
                            }
                        ),
                    ],
                }
            )
            extra.action_post()

        # sales: three works sold to collectors, delivered and invoiced
        for art, collector, factor in (
            (artworks[1], collectors[0], 1.0),
            (artworks[5], collectors[1], 0.95),
            (artworks[3], collectors[2], 1.0),
        ):
            sale = env["sale.order"].create(
                {
                    "partner_id": collector.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": art.product_id.id,
                                "product_uom_qty": 1,
                                "price_unit": round(art.list_price * factor),
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            sale.action_confirm()
            out = sale.picking_ids
            out.move_ids.move_line_ids.lot_id = art.lot_id
            out.move_ids.picked = True
            out.with_context(skip_backorder=True).button_validate()
            sale._create_invoices().action_post()
        # one reserved by a pending delivery
        sale = env["sale.order"].create(
            {
                "partner_id": collectors[2].id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": artworks[22].product_id.id,
                            "product_uom_qty": 1,
                            "price_unit": artworks[22].list_price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        sale.action_confirm()

        # one work at the restorer's: the gallery's own restoration studio (made with its first artwork)
        restoration = company._art_restoration_location()
        if zh_ok:
            restoration.name = "修复工作室"
        env["stock.picking"]._art_transfer(artworks[15], restoration, warehouse.int_type_id, origin="RESTORE")

        # valuations over time
        Valuation = env["art.valuation"]
        for i, art in enumerate(artworks[:16]):
            Valuation.create(
                [
                    {
                        "artwork_id": art.id,
                        "valuation_type": "insurance",
                        "date": date(2022, 6, 30),
                        "amount": round(art.list_price * 0.9),
                        "appraiser_id": appraiser.id,
                    },
                    {
                        "artwork_id": art.id,
                        "valuation_type": "market",
                        "date": date(2025, 6, 30),
                        "amount": round(art.list_price * (1.05 + (i % 4) * 0.08)),
                        "appraiser_id": appraiser.id,
                    },
                ]
            )
        Valuation.create(
            {
                "artwork_id": artworks[17].id,
                "valuation_type": "auction_estimate",
                "date": date(2025, 11, 1),
                "amount": 1400000,
                "amount_high": 1800000,
            }
        )

        # documents: certificates and an insurance policy about to expire
        today = fields.Date.today()
        env["art.document"].create(
            [
                {
                    "name": "作品真伪鉴定证书",
                    "artwork_id": art.id,
                    "document_type": "certificate",
                    "issuer_id": art.artist_id.id,
                    "date": date(art.year if art.year < 2025 else 2024, 12, 1),
                }
                for art in artworks[:10]
            ]
            + [
                {
                    "name": "展品保险单 PICC-2025-0917",
                    "artwork_id": artworks[0].id,
                    "document_type": "insurance",
                    "issuer_id": appraiser.id,
                    "date": today - timedelta(days=340),
                    "expiry_date": today + timedelta(days=20),
                }
            ]
        )

        # an exhibition feeding the chains
        exhibition = (
            env["art.exhibition"]
            .with_context(lang="en_US", mail_create_nolog=zh_ok)
            .create(
                {
                    "name": "Ink Frontiers: Contemporary Shanshui",
                    "venue": "上海当代艺术馆",
                    "city": "上海",
                    "curator_id": collectors[2].id,
                    "date_start": date(2025, 3, 15),
                    "date_end": date(2025, 6, 15),
                    "catalogue_title": "《水墨新境》展览图录",
                    "line_ids": [
                        Command.create({"artwork_id": art.id, "catalogue_number": str(n)})
                        for n, art in enumerate(artworks[:4] | artworks[26:28], start=1)
                    ],
                }
            )
        )
        if zh_ok:
            exhibition.with_context(lang="zh_CN").name = "水墨新境——当代山水展"
            self._demo_log_creation_in_chinese(exhibition)
        exhibition.action_confirm()
        photo_show = (
            env["art.exhibition"]
            .with_context(lang="en_US", mail_create_nolog=zh_ok)
            .create(
                {
                    "name": "Light and Salt: New Photography",
                    "venue": "一号展厅",
                    "city": "北京",
                    "date_start": today + timedelta(days=40),
                    "date_end": today + timedelta(days=100),
                    "line_ids": [Command.create({"artwork_id": art.id}) for art in artworks[8:12]],
                }
            )
        )
        if zh_ok:
            photo_show.with_context(lang="zh_CN").name = "光与盐——新摄影展"
            self._demo_log_creation_in_chinese(photo_show)

        # loans: one out at the museum, one overdue, one planned
        Loan = env["art.loan"]

        def approve(loan):
            loan.with_user(admin).action_submit()
            for _step in range(4):
                pending = loan.review_ids.filtered(lambda r: r.status == "pending")
                if loan.state != "to_approve" or not pending:
                    break
                legal_group = ref("artwork_provenance.group_art_legal")
                reviewer = legal if pending[0].definition_id.reviewer_group_id == legal_group else admin
                loan.with_user(reviewer).validate_tier()

        loan_out = Loan.create(
            {
                "partner_id": museum.id,
                "date_start": today - timedelta(days=20),
                "date_end": today + timedelta(days=70),
                "wall_to_wall": True,
                "terms": "<p>钉对钉保险，恒温恒湿展柜，专人押运。</p>",
                "line_ids": [
                    Command.create(
                        {
                            "artwork_id": artworks[6].id,
                            "insurance_value": 700000,
                            "condition_out": "画面完好，画框右下角轻微磨损",
                        }
                    ),
                    Command.create({"artwork_id": artworks[7].id, "insurance_value": 800000, "condition_out": "完好"}),
                ],
            }
        )
        approve(loan_out)
        loan_out.action_dispatch()
        loan_late = Loan.create(
            {
                "partner_id": art_centre.id,
                "date_start": today - timedelta(days=90),
                "date_end": today - timedelta(days=5),
                "line_ids": [Command.create({"artwork_id": artworks[20].id, "insurance_value": 90000})],
            }
        )
        approve(loan_late)
        loan_late.action_dispatch()
        Loan.create(
            {
                "partner_id": museum.id,
                "date_start": today + timedelta(days=120),
                "date_end": today + timedelta(days=210),
                "line_ids": [Command.create({"artwork_id": artworks[12].id, "insurance_value": 400000})],
            }
        )
        Loan._cron_late_returns()
        env["art.document"]._cron_warn_expiring()
        # a few verified entries
        artworks[:6].provenance_ids.filtered(lambda e: e.event_type in ("created", "acquired")).action_verify()
        return True
