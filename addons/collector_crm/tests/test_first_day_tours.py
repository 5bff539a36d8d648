from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.artwork_provenance.tests.common import gallery_company, in_company
from odoo.addons.customer_core.tests.first_day_tour import FirstDayTourMixin

from .common import CollectorFixtures


@tagged("post_install", "-at_install", "-standard", "first_day")
class TestFirstDayTours(FirstDayTourMixin, CollectorFixtures, HttpCase):
    """A gallery advisor's first day (readme/USAGE.md), walked in Chinese at a desktop's and a
    phone's size, in a Chinese gallery's company (CNY, artwork_provenance's tests/common.py
    gallery_company); screenshots in .run/artefacts/screenshots/gallery_advisor/
    (customer_core/tests/first_day_tour.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, queue_job__no_delay=True))
        # the collectors, artworks and events below are the gallery's
        cls.env = in_company(cls.env, gallery_company(cls.env))
        cls._first_day_zh_cn(
            ["base", "web", "mail", "sale", "crm", "event", "customer_core", "artwork_provenance", "collector_crm"]
        )
        cls._setup_collector_fixtures()
        cls.cat_ink.name, cls.cat_oil.name = "水墨", "油画"
        cls.medium_paper.name, cls.medium_canvas.name = "纸本水墨", "布面油画"
        cls.period_contemp.name = "当代"
        cls.artist_wu.name, cls.artist_zao.name = "吴冠中（测试）", "赵无极（测试）"
        cls.advisor_zh = new_test_user(
            cls.env,
            login="cc_first_day_advisor",
            name="艺术顾问 孙悦",
            lang="zh_CN",
            tz="Asia/Shanghai",
            groups="collector_crm.group_collector_advisor",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        wang = cls._collector(
            "王雅琴",
            cls.advisor_zh,
            level="core",
            interests=[
                {"interest_type": "artist", "artist_id": cls.artist_wu.id, "weight": 5},
                {"interest_type": "category", "category_id": cls.cat_ink.id, "weight": 3},
            ],
            budget=(200000, 1500000),
        )
        cls._collector(
            "李文博",
            cls.advisor_zh,
            level="potential",
            interests=[{"interest_type": "artist", "artist_id": cls.artist_zao.id, "weight": 4}],
        )
        cls._collector("陈思远", cls.advisor_zh, level="occasional")
        works = cls.env["art.artwork"]
        for name, artist, category, price, medium in (
            ("江南春色", cls.artist_wu, cls.cat_ink, 880000, cls.medium_paper),
            ("双燕", cls.artist_wu, cls.cat_ink, 1200000, cls.medium_paper),
            ("抽象 07.03.85", cls.artist_zao, cls.cat_oil, 1450000, cls.medium_canvas),
        ):
            works |= cls._artwork(name, artist, category, price, medium=medium, period=cls.period_contemp)
        cls._interaction(wang, works[:1], days_ago=3)
        cls.env["collector.recommendation"].create(
            {
                "name": "吴冠中水墨精选（王女士）",
                "partner_id": wang.id,
                "user_id": cls.advisor_zh.id,
                "line_ids": [Command.create({"artwork_id": work.id}) for work in works[:2]],
            }
        )
        cls.env["event.event"].create(
            {
                "name": "秋季藏家晚宴",
                "is_collector_event": True,
                "collector_event_kind": "dinner",
                "date_begin": fields.Datetime.now() + timedelta(days=14),
                "date_end": fields.Datetime.now() + timedelta(days=14, hours=3),
                "collector_artwork_ids": [Command.set(works.ids)],
                "user_id": cls.advisor_zh.id,
            }
        )

    def test_gallery_advisor_desktop(self):
        self.run_first_day_tour(
            "gallery_advisor", "collector_crm_first_day_gallery_advisor", self.advisor_zh.login, "desktop"
        )

    def test_gallery_advisor_phone(self):
        self.run_first_day_tour(
            "gallery_advisor", "collector_crm_first_day_gallery_advisor", self.advisor_zh.login, "phone"
        )
