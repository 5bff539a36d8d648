from lxml import etree

from odoo import Command, fields
from odoo.tests import tagged

from .common import ArtworkCommon


@tagged("post_install", "-at_install")
class TestCostsAndMargin(ArtworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.art = cls._artwork()
        cls._approve(cls.art)
        order = cls._purchase(cls.art, price=80000)
        cls._bill(order)
        cls.restorer = cls.env["res.partner"].create({"name": "Test Restoration Studio"})
        expense_account = cls.env["account.account"].search(
            [("account_type", "=", "expense"), ("company_ids", "in", cls.company.id)], limit=1
        )
        cls.extra_bill = cls.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": cls.restorer.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Relining and cleaning",
                            "quantity": 1,
                            "price_unit": 6000,
                            "account_id": expense_account.id,
                            "tax_ids": [Command.clear()],
                            "art_artwork_id": cls.art.id,
                            "art_cost_type": "restoration",
                        }
                    ),
                    Command.create(
                        {
                            "name": "Museum frame",
                            "quantity": 1,
                            "price_unit": 4000,
                            "account_id": expense_account.id,
                            "tax_ids": [Command.clear()],
                            "art_artwork_id": cls.art.id,
                            "art_cost_type": "framing",
                        }
                    ),
                ],
            }
        )
        cls.extra_bill.action_post()
        sale = cls._sell(cls.art, price=150000)
        invoice = sale._create_invoices()
        invoice.action_post()

    def test_cost_is_complete_and_margin_computed(self):
        art = self.art.with_user(self.finance)
        self.assertAlmostEqual(art.purchase_cost, 80000)
        self.assertAlmostEqual(art.extra_cost, 10000)
        self.assertAlmostEqual(art.total_cost, 90000)
        self.assertAlmostEqual(art.sale_price, 150000)
        self.assertAlmostEqual(art.margin, 60000)
        self.assertAlmostEqual(art.roi, 60000 / 90000 * 100, places=2)
        self.assertEqual(len(art.cost_line_ids), 2)

    def test_margin_by_artist_report(self):
        Report = self.env["art.margin.report"].with_user(self.finance)
        groups = Report._read_group(
            [("artist_id", "=", self.artist.id)], ["artist_id"], ["total_cost:sum", "sale_price:sum", "margin:sum"]
        )
        self.assertEqual(len(groups), 1)
        artist, cost, sale, margin = groups[0]
        self.assertEqual(artist, self.artist)
        self.assertAlmostEqual(cost, 90000)
        self.assertAlmostEqual(sale, 150000)
        self.assertAlmostEqual(margin, 60000)

    def test_valuations_over_time(self):
        Valuation = self.env["art.valuation"].with_user(self.finance)
        Valuation.create(
            {"artwork_id": self.art.id, "valuation_type": "insurance", "date": "2020-01-01", "amount": 100000}
        )
        Valuation.create(
            {"artwork_id": self.art.id, "valuation_type": "market", "date": "2024-01-01", "amount": 180000}
        )
        self.assertAlmostEqual(self.art.with_user(self.finance).current_valuation, 180000)
        row = self.env["art.margin.report"].with_user(self.finance).search([("artwork_id", "=", self.art.id)])
        self.assertAlmostEqual(row.latest_valuation, 180000)

    def test_margin_of_sales_and_cost_of_stock_apart(self):
        """The pivot of a manager: the margin is taken on the works sold, the cost of the unsold stock
        is shown beside it, never mixed into it."""
        unsold = self._artwork(name="Test Unsold Study")
        self._approve(unsold)
        self._bill(self._purchase(unsold, price=30000))
        Report = self.env["art.margin.report"].with_user(self.manager)
        [(artist, count, sold, sale, cost_of_sales, margin, stock, total, roi)] = Report._read_group(
            [("artist_id", "=", self.artist.id)],
            ["artist_id"],
            [
                "artwork_count:sum",
                "sold_count:sum",
                "sale_price:sum",
                "cost_of_sales:sum",
                "margin:sum",
                "stock_cost:sum",
                "total_cost:sum",
                "roi:avg",
            ],
        )
        self.assertEqual((artist, count, sold), (self.artist, 2, 1))
        self.assertAlmostEqual(sale, 150000)
        self.assertAlmostEqual(cost_of_sales, 90000)
        self.assertAlmostEqual(margin, sale - cost_of_sales)
        self.assertAlmostEqual(stock, 30000)
        self.assertAlmostEqual(total, cost_of_sales + stock)
        # the unsold work does not pull the return on investment of the sales down
        self.assertAlmostEqual(roi, 60000 / 90000 * 100, places=2)
        self.assertEqual(Report.search([("artist_id", "=", self.artist.id), ("sold_count", "=", 0)]).artwork_id, unsold)
        # the pivot opens on these measures, and the action says what each one is
        pivot = self.env["art.margin.report"].with_user(self.manager).get_view(view_type="pivot")["arch"]
        measures = etree.fromstring(pivot).xpath("//field[@type='measure']/@name")
        self.assertEqual(measures, ["sale_price", "cost_of_sales", "margin", "stock_cost"])
        action = self.env.ref("artwork_provenance.art_margin_report_action")
        self.assertIn("Cost of Unsold Stock", action.help)
