from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestCareCoupon(BaseCommon):
    """Care offer → single-use, expiring coupon (Odoo loyalty) → discount on the booked order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        main = cls.env.ref("base.main_company")
        cls.store = cls.env["res.company"].create({"name": "Coupon Test Store", "parent_id": main.id})
        cls.env.user.company_ids |= cls.store
        cls.program = cls.env.ref("studio_booking.loyalty_program_care_offer")
        cls.rule = cls.env["customer.care.rule"].create(
            {
                "name": "Test anniversary offer",
                "date_type_id": cls.env.ref("customer_core.date_type_anniversary").id,
                "days_before": 30,
                "user_id": cls.env.user.id,
                "mail_template_id": cls.env.ref("studio_booking.mail_template_anniversary_offer").id,
                "studio_coupon_program_id": cls.program.id,
                "studio_coupon_validity_days": 60,
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Coupon Couple", "email": "cc@example.com"})
        cls.env["customer.key.date"].create(
            {
                "partner_id": cls.customer.id,
                "date_type_id": cls.env.ref("customer_core.date_type_anniversary").id,
                "date": date(2024, 6, 20),
            }
        )
        cls.package = cls.env["product.product"].create(
            {
                "name": "Anniversary Package",
                "type": "service",
                "list_price": 2000.0,
                "taxes_id": [Command.clear()],
                "is_studio_package": True,
                "studio_shoot_type": "wedding",
            }
        )

    def _order(self):
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.store.id,
                "order_line": [Command.create({"product_id": self.package.id, "tax_ids": [Command.clear()]})],
            }
        )

    def _run_offer(self):
        with freeze_time("2026-05-25"):
            occurrences = self.env["customer.care.rule"]._run_care_rules(date(2026, 5, 25))
        return occurrences.filtered(lambda o: o.rule_id == self.rule)

    def test_offer_coupon_discounts_the_booking_once(self):
        occurrence = self._run_offer()
        self.assertEqual(len(occurrence), 1)
        coupon = occurrence.studio_coupon_id
        self.assertEqual(coupon.partner_id, self.customer)
        self.assertEqual(coupon.points, 1)
        self.assertEqual(coupon.expiration_date, date(2026, 6, 20) + timedelta(days=60))
        mail = self.env["mail.mail"].search([("model", "=", "res.partner"), ("res_id", "=", self.customer.id)])
        self.assertIn(coupon.code, mail[:1].body_html, "the offer e-mail carries the code")
        # the job again: no second coupon
        with freeze_time("2026-05-26"):
            self.env["customer.care.rule"]._run_care_rules(date(2026, 5, 26))
        self.assertEqual(self.env["loyalty.card"].search_count([("partner_id", "=", self.customer.id)]), 1)

        with freeze_time("2026-06-01"):
            order = self._order()
            order.action_confirm()
            self.assertEqual(order.amount_untaxed, 1600.0, "20% off the package")
            self.assertTrue(order.order_line.filtered("is_reward_line"))
            self.assertEqual(coupon.points, 0, "spent")
            second = self._order()
            second.action_confirm()
            self.assertEqual(second.amount_untaxed, 2000.0, "a used coupon gives nothing")
            third = self._order()
            self.assertIn("already been used", third._try_apply_code(coupon.code).get("error", ""))
            with self.assertRaises(UserError):
                third.action_studio_apply_care_coupon()

    def test_expired_coupon_is_not_applied(self):
        coupon = self._run_offer().studio_coupon_id
        with freeze_time(coupon.expiration_date + timedelta(days=1)):
            order = self._order()
            self.assertFalse(order._studio_apply_care_coupon())
            self.assertEqual(order.amount_untaxed, 2000.0)
            self.assertIn("expired", order._try_apply_code(coupon.code).get("error", ""))

    def test_apply_button_on_a_draft_order(self):
        coupon = self._run_offer().studio_coupon_id
        with freeze_time("2026-06-01"):
            order = self._order()
            order.action_studio_apply_care_coupon()
            self.assertEqual(order.amount_untaxed, 1600.0)
            self.assertIn(coupon, order.order_line.coupon_id)
            # pressed again: the same coupon is not applied twice
            order._studio_apply_care_coupon()
            self.assertEqual(order.amount_untaxed, 1600.0)
            self.assertEqual(len(order.order_line.filtered("is_reward_line")), 1)
