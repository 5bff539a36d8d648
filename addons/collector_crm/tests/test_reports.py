import io
from datetime import date, datetime

import openpyxl

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import CollectorCommon


@tagged("post_install", "-at_install")
class TestCollectorReports(CollectorCommon):
    """The Excel workbook (OCA report_xlsx): figures of a period no demo data reaches (2031)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fair = cls.env["utm.source"].create({"name": "CC Art Fair 2031"})
        cls.work_wu = cls._artwork("CC Report Wu", cls.artist_wu, cls.cat_ink, 300000)
        cls.work_zao = cls._artwork("CC Report Zao", cls.artist_zao, cls.cat_oil, 200000)
        cls.work_wu.product_id.standard_price = 100000
        cls.work_zao.product_id.standard_price = 150000
        cls.c_core = cls._collector("CC Report Core", cls.advisor, level="core", collector_source_id=cls.fair.id)
        cls.c_anon = cls._collector("CC Report Hidden", cls.advisor, level="potential", collector_anonymous=True)
        cls.c_core_h2 = cls._collector("CC Report Core H2", cls.advisor_b, level="core")
        cls.c_core.collector_core_date = date(2031, 2, 10)
        cls.c_core_h2.collector_core_date = date(2031, 8, 1)
        for partner, work, price in ((cls.c_core, cls.work_wu, 300000), (cls.c_anon, cls.work_zao, 200000)):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "user_id": cls.advisor.id,
                    "order_line": [fields.Command.create({"product_id": work.product_id.id, "price_unit": price})],
                }
            )
            order.with_context(skip_validation_check=True).action_confirm()
            order.date_order = datetime(2031, 3, 1, 10, 0)
        Match = cls.env["collector.match"]
        for partner, state in ((cls.c_core, "sold"), (cls.c_anon, "shown"), (cls.c_core_h2, "matched")):
            Match.create(
                {
                    "partner_id": partner.id,
                    "artwork_id": cls.work_wu.id,
                    "state": state,
                    "date": datetime(2031, 4, 1),
                    "score": 10,
                }
            )
        cls.colleague = new_test_user(
            cls.env,
            login="cc_report_colleague",
            groups="customer_core.group_customer_user,sales_team.group_sale_salesman_all_leads",
        )

    def _workbook(self, user=None):
        env = self.env(user=user) if user else self.env
        wizard = env["collector.report.wizard"].create({"date_from": "2031-01-01", "date_to": "2031-12-31"})
        action = wizard.action_export_xlsx()
        self.assertEqual(action["report_type"], "xlsx")
        content, kind = env["ir.actions.report"]._render_xlsx(action["report_name"], wizard.ids, None)
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))

    @staticmethod
    def _rows(sheet):
        """{first cell: [other cells]} of the data rows (below the header on row 4)."""
        return {row[0]: list(row[1:]) for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]}

    def test_sales_and_margin_by_artist_advisor_level(self):
        book = self._workbook()
        self.assertEqual(
            book.sheetnames,
            [
                "By artist",
                "By advisor",
                "By collector level",
                "By collector",
                "New core collectors",
                "Matched, shown, sold",
            ],
        )
        by_artist = self._rows(book["By artist"])
        self.assertEqual(by_artist["CC Wu Guanzhong"][:2], [300000, 200000])
        self.assertEqual(by_artist["CC Zao Wou-Ki"][:2], [200000, 50000])
        self.assertAlmostEqual(by_artist["CC Zao Wou-Ki"][2], 0.25)
        self.assertEqual(by_artist["Total"][:2], [500000, 250000])
        self.assertEqual(self._rows(book["By advisor"])["Advisor A"][:2], [500000, 250000])
        by_level = self._rows(book["By collector level"])
        self.assertEqual(by_level["Core collector"][:2], [300000, 200000])
        self.assertEqual(by_level["Potential collector"][:2], [200000, 50000])

    def test_new_core_collectors_by_source_per_half_year(self):
        sheet = self._workbook()["New core collectors"]
        header = [cell.value for cell in sheet[4]]
        self.assertEqual(header, ["Source", "2031-H1", "2031-H2", "Total"])
        rows = self._rows(sheet)
        self.assertEqual(rows["CC Art Fair 2031"], [1, 0, 1])
        self.assertEqual(rows["No source"], [0, 1, 1])
        self.assertEqual(rows["Total"], [1, 1, 2])

    def test_conversion_matched_shown_sold(self):
        rows = self._rows(self._workbook()["Matched, shown, sold"])
        self.assertEqual(rows["Advisor A"][:3], [2, 2, 1])
        self.assertEqual(rows["Advisor B"][:3], [1, 0, 0])
        self.assertEqual(rows["Total"][:3], [3, 2, 1])
        self.assertAlmostEqual(rows["Total"][3], 2 / 3)
        self.assertAlmostEqual(rows["Total"][4], 1 / 3)

    def test_anonymous_collector_is_hidden_in_the_workbook(self):
        mine = self._rows(self._workbook(self.manager)["By collector"])
        self.assertIn("CC Report Hidden", mine)
        theirs = self._rows(self._workbook(self.colleague)["By collector"])
        self.assertNotIn("CC Report Hidden", theirs)
        self.assertIn(f"Anonymous collector #{self.c_anon.id}", theirs)
        self.assertEqual(theirs[f"Anonymous collector #{self.c_anon.id}"][:2], [200000, 50000])
        self.assertIn("CC Report Core", theirs)

    def test_period_must_be_in_order(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["collector.report.wizard"].create({"date_from": "2031-12-31", "date_to": "2031-01-01"})
        self.assertIn("cannot start", str(caught.exception))
