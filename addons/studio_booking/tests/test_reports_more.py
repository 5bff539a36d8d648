import io
from datetime import date, datetime

from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMoreReports(HttpCase):
    """Package margin, repurchase/referral rates and the store comparison, against a case
    computed by hand (see the comments), in pivot data, xlsx and the head office's PDF."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        main = cls.env.ref("base.main_company")
        cls.store_x = cls.env["res.company"].create({"name": "Report Store X", "parent_id": main.id})
        cls.store_y = cls.env["res.company"].create({"name": "Report Store Y", "parent_id": main.id})
        cls.env.user.company_ids |= cls.store_x | cls.store_y
        Product = cls.env["product.product"]
        part_1 = Product.create({"name": "Report Album Part", "type": "consu"})
        part_2 = Product.create({"name": "Report Frame Part", "type": "consu"})
        part_1.with_company(cls.store_x).standard_price = 100.0
        part_2.with_company(cls.store_x).standard_price = 50.0
        part_1.with_company(cls.store_y).standard_price = 80.0
        cls.package = Product.create(
            {
                "name": "Report Package",
                "type": "service",
                "list_price": 1000.0,
                "taxes_id": [Command.clear()],
                "is_studio_package": True,
                "studio_shoot_type": "family",
                "studio_component_ids": [
                    Command.create({"product_id": part_1.id, "quantity": 2}),
                    Command.create({"product_id": part_2.id, "quantity": 1}),
                ],
            }
        )
        # unit cost of the package: X = 2 x 100 + 50 = 250; Y = 2 x 80 + 0 = 160
        cls.alice = cls.env["res.partner"].create({"name": "Report Alice"})
        cls.bob = cls.env["res.partner"].create({"name": "Report Bob"})
        referral = cls.env.ref("utm.utm_source_referral")
        douyin = cls.env.ref("studio_booking.utm_source_douyin")
        cls.orders = cls.env["sale.order"]
        for partner, store, qty, price, when, source in (
            (cls.alice, cls.store_x, 1, 1000.0, datetime(2030, 1, 10), referral),
            (cls.alice, cls.store_x, 2, 1000.0, datetime(2030, 2, 5), douyin),
            (cls.bob, cls.store_x, 1, 900.0, datetime(2030, 2, 10), douyin),
            (cls.bob, cls.store_y, 1, 1000.0, datetime(2030, 3, 1), referral),
        ):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "company_id": store.id,
                    "source_id": source.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.package.id,
                                "product_uom_qty": qty,
                                "price_unit": price,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            order.action_confirm()
            order.date_order = when
            cls.orders |= order
        # scores at X: 4 and 5 -> 4.5
        cls.env["studio.rating"].create(
            [
                {"sale_order_id": cls.orders[0].id, "score": 4.0, "date": date(2030, 1, 20)},
                {"sale_order_id": cls.orders[1].id, "score": 5.0, "date": date(2030, 2, 20)},
            ]
        )
        cls.outsider = new_test_user(
            cls.env,
            login="report_outsider",
            groups="studio_booking.group_studio_user",
            company_id=cls.store_y.id,
            company_ids=[Command.set(cls.store_y.ids)],
        )
        cls.retoucher = new_test_user(
            cls.env,
            login="report_retoucher",
            groups="studio_booking.group_studio_retoucher",
            company_id=cls.store_x.id,
            company_ids=[Command.set(cls.store_x.ids)],
        )
        cls.env.flush_all()

    def test_package_margin(self):
        Report = self.env["studio.package.report"]
        [(qty, revenue, cost, margin)] = Report._read_group(
            [("company_id", "=", self.store_x.id), ("product_id", "=", self.package.id)],
            [],
            ["quantity:sum", "revenue:sum", "cost:sum", "margin:sum"],
        )
        # 4 packages: 1000 + 2000 + 900 revenue, 4 x 250 cost
        self.assertEqual((qty, revenue, cost, margin), (4.0, 3900.0, 1000.0, 2900.0))
        january = Report.search([("company_id", "=", self.store_x.id), ("month", "=", date(2030, 1, 1))])
        self.assertEqual((january.revenue, january.cost, january.margin), (1000.0, 250.0, 750.0))
        self.assertEqual(january.margin_percent, 75.0)
        self.assertEqual(january.shoot_type, "family")
        [(margin_y,)] = Report._read_group([("company_id", "=", self.store_y.id)], [], ["margin:sum"])
        self.assertEqual(margin_y, 840.0)

    def test_repurchase_and_referral_rates(self):
        Report = self.env["studio.customer.report"]
        # X: Alice twice (first order by referral), Bob once -> 50 % / 50 %; Y: Bob once, referred -> 0 % / 100 %
        rows = {
            company: (customers, repurchase, referral)
            for company, customers, repurchase, referral in Report._read_group(
                [("company_id", "in", (self.store_x | self.store_y).ids)],
                ["company_id"],
                ["customers:sum", "repurchase_rate:avg", "referral_rate:avg"],
            )
        }
        self.assertEqual(rows[self.store_x], (2, 50.0, 50.0))
        self.assertEqual(rows[self.store_y], (1, 0.0, 100.0))
        alice = Report.search([("partner_id", "=", self.alice.id)])
        self.assertEqual((alice.orders, alice.revenue, alice.first_order), (2, 3000.0, date(2030, 1, 10)))

    def _compare(self):
        wizard = self.env["studio.store.compare"].create(
            {"date_from": date(2030, 1, 1), "date_to": date(2030, 12, 31), "head_office_id": self.store_x.id}
        )
        wizard.company_ids = self.store_x | self.store_y
        return wizard

    def test_store_comparison(self):
        wizard = self._compare()
        x, y = wizard._rows()
        self.assertEqual(x["company"], self.store_x)
        self.assertEqual(
            (x["orders"], x["revenue"], x["average_order"], x["margin"], x["satisfaction"], x["customers"]),
            (3, 3900.0, 1300.0, 2900.0, 4.5, 2),
        )
        self.assertEqual((x["repurchase_rate"], x["referral_rate"]), (50.0, 50.0))
        self.assertEqual((y["orders"], y["revenue"], y["margin"], y["referral_rate"]), (1, 1000.0, 840.0, 100.0))
        # another year: nothing
        wizard.write({"date_from": date(2031, 1, 1), "date_to": date(2031, 12, 31)})
        self.assertEqual(wizard._rows()[0]["orders"], 0)

    def test_store_comparison_pdf_and_xlsx(self):
        wizard = self._compare()
        Report = self.env["ir.actions.report"]
        html = Report._render_qweb_html("studio_booking.action_report_store_compare", wizard.ids)[0].decode()
        self.assertIn("Report Store X", html)
        self.assertIn("50.0 %", html)
        self.assertIn("100.0 %", html)
        pdf, kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "studio_booking.action_report_store_compare", wizard.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        content, kind = Report._render_xlsx("studio_booking.action_report_store_compare_xlsx", wizard.ids, {})
        sheet = load_workbook(io.BytesIO(content)).active
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(rows["Report Store X"][1:5], (3, 3900, 1300, 2900))

    def test_xlsx_of_each_report(self):
        Report = self.env["ir.actions.report"]
        packages = self.env["studio.package.report"].search([("company_id", "=", self.store_x.id)])
        content, kind = Report._render_xlsx("studio_booking.action_report_package_xlsx", packages.ids, {})
        self.assertEqual(kind, "xlsx")
        sheet = load_workbook(io.BytesIO(content)).active
        header = [cell.value for cell in sheet[1]]
        margin_col = header.index("Margin")
        self.assertEqual(sum(row[margin_col] for row in sheet.iter_rows(min_row=2, values_only=True)), 2900)
        customers = self.env["studio.customer.report"].search([("company_id", "=", self.store_x.id)])
        content, _kind = Report._render_xlsx("studio_booking.action_report_customer_xlsx", customers.ids, {})
        summary = load_workbook(io.BytesIO(content)).worksheets[1]
        values = {row[0]: row[1] for row in summary.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(values["Repurchase Rate (%)"], 50)
        for xmlid, model in (
            ("studio_booking.action_report_channel_xlsx", "studio.channel.report"),
            ("studio_booking.action_report_utilisation_xlsx", "studio.utilisation.report"),
            ("studio_booking.action_report_rating_xlsx", "studio.rating"),
        ):
            records = self.env[model].search([], limit=5)
            content, kind = Report._render_xlsx(xmlid, records.ids, {})
            self.assertEqual(load_workbook(io.BytesIO(content)).active.max_row, len(records) + 1, model)

    def test_outsider_reads_nothing_of_another_store(self):
        for model in ("studio.package.report", "studio.customer.report", "studio.store.report"):
            rows = self.env[model].with_user(self.outsider).search([("company_id", "=", self.store_x.id)])
            self.assertFalse(rows, model)
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.retoucher).search([])
        # through RPC as well (JSON-RPC of the web client, XML-RPC)
        self.authenticate("report_outsider", "report_outsider")
        result = self.make_jsonrpc_request(
            "/web/dataset/call_kw/studio.store.report/formatted_read_group",
            {
                "model": "studio.store.report",
                "method": "formatted_read_group",
                "args": [[("company_id", "=", self.store_x.id)]],
                "kwargs": {"groupby": ["company_id"], "aggregates": ["revenue:sum"]},
            },
        )
        self.assertEqual(result, [])
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, "report_outsider", "report_outsider", {})
        ids = self.xmlrpc_object.execute(
            self.env.cr.dbname,
            uid,
            "report_outsider",
            "studio.customer.report",
            "search",
            [("partner_id", "=", self.alice.id)],
        )
        self.assertEqual(ids, [])
