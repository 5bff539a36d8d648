from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CollectorCommon


@tagged("post_install", "-at_install")
class TestSale(CollectorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = cls._collector("CC Buyer Sun", cls.advisor, level="core")
        cls.artwork = cls._artwork("CC Sale Work", cls.artist_wu, cls.cat_ink, 400000)

    def _order(self, price, discount=0.0):
        return self.env["sale.order"].create(
            {
                "partner_id": self.collector.id,
                "order_line": [
                    fields.Command.create(
                        {"product_id": self.artwork.product_id.id, "price_unit": price, "discount": discount}
                    )
                ],
            }
        )

    def test_discount_above_ten_percent_needs_the_director(self):
        order = self._order(100000, discount=15)
        self.assertEqual(order.max_discount, 15)
        self.assertTrue(order.need_validation)
        order.request_validation()
        ours = order.review_ids.filtered(
            lambda r: r.definition_id == self.env.ref("collector_crm.tier_definition_sale_discount")
        )
        self.assertEqual(ours.reviewer_group_id, self.env.ref("customer_core.group_approval_director"))
        with self.assertRaises(ValidationError):
            order.action_confirm()

    def test_approved_quotation_confirms_with_an_automatic_loyalty_program(self):
        """A company's automatic loyalty program (Odoo's sale_loyalty) records the points of an
        approved quotation when it is confirmed: the approval does not refuse that write."""
        if "coupon_point_ids" not in self.env["sale.order"]._fields:
            self.skipTest("sale_loyalty is not installed beside collector_crm")
        self.env["loyalty.program"].create(
            {
                "name": "CC points for everyone",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "company_id": self.env.company.id,
                "rule_ids": [fields.Command.create({"reward_point_mode": "money", "reward_point_amount": 1})],
            }
        )
        order = self._order(100000, discount=15)
        order.request_validation()
        self.assertTrue(order.review_ids)
        order.review_ids.sudo().write({"status": "approved"})
        order.invalidate_recordset()
        self.assertEqual(order.validation_status, "validated")
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.coupon_point_ids, "the program's points are recorded on the order")

    def test_large_total_needs_director_then_ceo(self):
        order = self._order(600000)
        order.request_validation()
        director = self.env.ref("collector_crm.tier_definition_sale_total_director")
        ceo = self.env.ref("collector_crm.tier_definition_sale_total_ceo")
        reviews = order.review_ids.filtered(lambda r: r.definition_id in director | ceo).sorted("sequence")
        self.assertEqual(reviews.definition_id, director | ceo)
        self.assertEqual(
            reviews.reviewer_group_id,
            self.env.ref("customer_core.group_approval_director") | self.env.ref("customer_core.group_approval_ceo"),
        )
        self.assertLess(reviews[0].sequence, reviews[1].sequence, "director first, then the CEO")

    def test_small_order_needs_no_collector_approval(self):
        order = self._order(100000, discount=5)
        order.request_validation() if order.need_validation else None
        ours = self.env.ref("collector_crm.tier_definition_sale_discount") | self.env.ref(
            "collector_crm.tier_definition_sale_total_director"
        )
        self.assertFalse(order.review_ids.filtered(lambda r: r.definition_id in ours))

    def test_discount_above_hundred_percent_is_refused(self):
        order = self._order(100000)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            order.order_line.discount = 120
        self.env.invalidate_all()
        self.assertEqual(order.order_line.discount, 0)

    def test_other_lines_keep_odoo_surcharges(self):
        """The gallery's bounds hold on artworks only: a shop's or a studio's line may carry a
        surcharge (a negative discount) as in Odoo."""
        service = self.env["product.product"].create({"name": "CC Framing", "type": "service", "list_price": 800})
        order = self._order(100000)
        order.order_line = [fields.Command.create({"product_id": service.id, "discount": -10})]
        self.assertEqual(order.order_line.filtered(lambda line: line.product_id == service).discount, -10)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            order.order_line.filtered(lambda line: line.product_id == self.artwork.product_id).discount = -10

    def test_quotation_prints_with_the_collectors_watermark(self):
        order = self._order(100000)
        html = self.env["ir.actions.report"]._render_qweb_html("sale.action_report_saleorder", order.ids)[0]
        self.assertIn(b"o_collector_watermark", html)
        self.assertIn(b"CC Buyer Sun", html)
