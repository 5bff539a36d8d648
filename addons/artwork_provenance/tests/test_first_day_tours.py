from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ArtworkCommon
from .first_day_tour import FirstDayTourMixin


@tagged("post_install", "-at_install", "-standard", "first_day")
class TestFirstDayTours(FirstDayTourMixin, ArtworkCommon, HttpCase):
    """A registrar's first day (readme/USAGE.md), walked in Chinese at a desktop's and a phone's
    size, in a Chinese gallery's company (CNY, see common.gallery_company); screenshots in
    .run/artefacts/screenshots/registrar/ (tests/first_day_tour.py)."""

    in_gallery_company = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._first_day_zh_cn(["base", "web", "mail", "stock", "purchase", "artwork_provenance"])
        cls.room.name, cls.rack.name, cls.other_room.name = "一号展厅", "一号画架", "库房"
        cls.artist.name, cls.vendor.name = "吴冠中（测试）", "上海藏家画廊"
        cls.category.name, cls.period.name = "水墨", "当代"
        cls.registrar_zh = new_test_user(
            cls.env,
            login="art_first_day_registrar",
            name="登记员 周敏",
            lang="zh_CN",
            tz="Asia/Shanghai",
            groups="artwork_provenance.group_art_registrar",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        works = [
            cls._stocked_artwork(name=name, year=year, list_price=price, location=cls.room)
            for name, year, price in (("江南春", 1996, 680000), ("双燕", 1981, 1200000), ("荷塘", 2003, 260000))
        ]
        # bought from another collection, not received yet: the receipt the registrar validates
        cls.vendor = cls.env["res.partner"].create({"name": "北京嘉德藏家", "is_company": True})
        bought = cls._artwork(name="黄山松云", year=1988, list_price=450000)
        cls._approve(bought)
        cls._purchase(bought, price=300000, receive=False)
        museum = cls.env["res.partner"].create({"name": "上海当代艺术馆", "is_company": True})
        today = fields.Date.today()
        cls.env["art.loan"].create(
            {
                "partner_id": museum.id,
                "user_id": cls.registrar_zh.id,
                "date_start": today + timedelta(days=10),
                "date_end": today + timedelta(days=100),
                "line_ids": [Command.create({"artwork_id": works[0].id, "insurance_value": 800000})],
            }
        )

    def test_registrar_desktop(self):
        self.run_first_day_tour(
            "registrar", "artwork_provenance_first_day_registrar", self.registrar_zh.login, "desktop"
        )

    def test_registrar_phone(self):
        self.run_first_day_tour("registrar", "artwork_provenance_first_day_registrar", self.registrar_zh.login, "phone")
