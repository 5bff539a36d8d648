import io
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.tests import tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import MemberLoyaltyCommon


@tagged("post_install", "-at_install")
class TestConsumptionAnalysis(MemberLoyaltyCommon):
    """Repurchase by store and category, the manager dashboard (equal to the SQL of the
    invoices) and the xlsx export; the RFM refresh from the UI is a queue_job job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.walk_in = cls.env["res.partner"].create({"name": "散客 分析"})
        cls.day = lambda n: today - timedelta(days=n)
        # member: art on three days (gaps 10 and 20 days), a frame once; walk-in: art once
        cls.invoices = (
            cls._paid_invoice(cls.member, [(cls.product_art, 100), (cls.product_frame, 50)], date=cls.day(40))
            | cls._paid_invoice(cls.member, [(cls.product_art, 200)], date=cls.day(30))
            | cls._paid_invoice(cls.member, [(cls.product_art, 300)], date=cls.day(10))
            | cls._paid_invoice(cls.walk_in, [(cls.product_art, 400)], date=cls.day(5))
        )
        cls.unpaid = cls._paid_invoice(cls.walk_in, [(cls.product_art, 999)], date=cls.day(3), pay=False)
        cls.refund = cls._refund(cls.invoices[0], [(cls.product_frame, 50)])
        cls.env["member.loyalty.engine"]._post_points()
        cls.env.flush_all()

    def test_repurchase_rate_and_median_interval_by_category(self):
        rows = self.env["member.repurchase.report"].search([("store_id", "=", self.head.id)])
        art = rows.filtered(lambda r: r.categ_id == self.categ_art)
        frame = rows.filtered(lambda r: r.categ_id == self.categ_frame)
        self.assertEqual((art.customer_count, art.repurchaser_count, art.purchase_count), (2, 1, 4))
        self.assertEqual(art.repurchase_rate, 50)
        self.assertEqual(art.median_interval, 15)  # median of 10 and 20 days
        self.assertEqual(art.amount, 1000)
        self.assertEqual((frame.customer_count, frame.repurchase_rate, frame.median_interval), (1, 0, 0))
        chain = self.env["member.repurchase.report"]._chain_figures(store_ids=self.head.ids)
        self.assertEqual(chain, {"repurchase_rate": 50.0, "median_interval": 15.0})

    def test_dashboard_figures_equal_the_sql(self):
        board = self.env["member.dashboard"].search([("store_id", "=", self.head.id)])
        self.assertEqual(len(board), 1)
        self.env.cr.execute(
            """
SELECT SUM(m.amount_untaxed_signed),
       COUNT(*) FILTER (WHERE m.move_type = 'out_invoice'),
       SUM(m.amount_untaxed_signed) FILTER (WHERE p.is_member),
       COUNT(DISTINCT m.commercial_partner_id) FILTER (WHERE m.move_type = 'out_invoice')
  FROM account_move m JOIN res_partner p ON p.id = m.commercial_partner_id
  LEFT JOIN account_move inv ON inv.id = m.reversed_entry_id
 WHERE m.company_id = %s AND m.state = 'posted' AND m.invoice_date > CURRENT_DATE - 365
   AND COALESCE(inv.payment_state, m.payment_state) IN ('paid', 'in_payment', 'reversed')
            """,
            [self.head.id],
        )
        sales, orders, member_sales, customers = self.env.cr.fetchone()
        self.assertEqual((board.sales, board.order_count, board.member_sales), (sales, orders, member_sales))
        # and what a user expects from the invoices above: 1,050 paid less a refund of 50
        self.assertEqual((board.sales, board.order_count, board.member_sales), (1000, 4, 600))
        self.assertAlmostEqual(board.basket, 250)
        self.assertAlmostEqual(board.member_share, 60)
        self.assertEqual((board.customer_count, board.repeat_customer_count), (customers, 1))
        self.assertAlmostEqual(board.repurchase_rate, 50)
        members = self.env["res.partner"].search([("is_member", "=", True), ("member_store_id", "=", self.head.id)])
        self.assertEqual(board.member_count, len(members))
        self.assertEqual(board.points_outstanding, sum(members.member_card_id.mapped("points")))
        self.assertEqual(board.stored_value, sum(members.member_wallet_id.mapped("points")))

    def test_xlsx_export_holds_the_figures(self):
        board = self.env["member.dashboard"].search([("store_id", "=", self.head.id)])
        content, kind = self.env["ir.actions.report"]._render_xlsx("member_loyalty.consumption_xlsx", board.ids, {})
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(len(book.sheetnames), 3)
        key = list(book.worksheets[0].values)
        self.assertEqual(key[1][:3], (self.head.name, 1000, 4))
        repurchase = [row for row in book.worksheets[1].values][1:]
        art = next(row for row in repurchase if row[1] == self.categ_art.complete_name)
        self.assertEqual(art[2:6], (2, 1, 50, 15))
        monthly = [row for row in book.worksheets[2].values][1:]
        self.assertEqual(sum(row[4] for row in monthly), 1000)

    def _head_jobs(self, trap):
        return [
            job
            for job in trap.enqueued_jobs
            if job.method_name == "_refresh_rfm" and job.kwargs.get("head_ids") == self.head.ids
        ]

    def test_rfm_refresh_from_the_ui_is_a_queue_job(self):
        with trap_jobs() as trap:
            action = self.env["member.rfm.segment"].action_refresh_rfm()
            self.assertEqual(action["tag"], "display_notification")
            jobs = self._head_jobs(trap)
            self.assertEqual(len(jobs), 1, "one job per head office")
            job = jobs[0]
            self.assertEqual(job.channel, "root.member_loyalty")
            self.assertIn(self.head.name, job.description)
            self.member.invalidate_recordset()
            self.assertFalse(self.member.rfm_date)
            trap.perform_enqueued_jobs()
        self.env.invalidate_all()
        self.assertEqual(self.member.rfm_frequency, 3)
        self.assertEqual(self.member.rfm_date, fields.Date.today())

    def test_nightly_job_queues_the_rfm_refresh(self):
        with trap_jobs() as trap:
            self.env["member.loyalty.engine"]._cron_nightly()
            self.assertEqual(len(self._head_jobs(trap)), 1)
