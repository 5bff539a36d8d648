from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestStudioSale(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.env.user.group_ids |= cls.env.ref("studio_booking.group_studio_manager")
        cls.company.write(
            {
                "studio_deposit_percent": 30.0,
                "studio_balance_due_mode": "after_shoot",
                "studio_balance_due_days": 0,
                "studio_balance_reminder_days": 5,
            }
        )
        cls.package = cls.env["product.product"].create(
            {
                "name": "Test Baby Package",
                "type": "service",
                "list_price": 2000.0,
                "taxes_id": [Command.clear()],
                "is_studio_package": True,
                "studio_hours": 2.0,
            }
        )
        cls.photographer = cls.env["resource.resource"].create(
            {
                "name": "Test Sale Photographer",
                "resource_type": "material",
                "calendar_id": False,
                "company_id": cls.company.id,
                "studio_role": "photographer",
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Test Mum Zhao", "email": "zhao@example.com"})

    def _order(self):
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "order_line": [Command.create({"product_id": self.package.id, "product_uom_qty": 1})],
            }
        )

    def test_deposit_paid_confirms_order(self):
        order = self._order()
        self.assertEqual(order.studio_package_id, self.package)
        self.assertEqual(order.studio_deposit_amount, 600.0)
        self.assertEqual(order.studio_payment_status, "none")
        action = order.action_studio_request_deposit()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(invoice.amount_total, 600.0)
        self.assertIn(order.state, ("draft", "sent"), "not confirmed before payment")
        with self.assertRaises(UserError):
            order.action_studio_request_deposit()
        self._register_payment(invoice)
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.studio_deposit_paid)
        self.assertEqual(order.studio_amount_paid, 600.0)
        self.assertEqual(order.studio_amount_due, 1400.0)
        self.assertEqual(order.studio_payment_status, "deposit")

    def test_extras_after_deposit_keep_deposit_paid(self):
        """Extra photos chosen after the deposit raise the balance; the paid deposit stays paid."""
        consultant = new_test_user(
            self.env,
            login="sale_test_consultant",
            groups="studio_booking.group_studio_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        order = self._order().with_user(consultant)
        invoice = self.env["account.move"].browse(order.action_studio_request_deposit()["res_id"])
        self._register_payment(invoice)
        self.assertEqual(order.studio_payment_status, "deposit")
        extra = self.env.ref("studio_booking.product_extra_photo")
        order.sudo().order_line = [
            Command.create(
                {"product_id": extra.id, "product_uom_qty": 3, "price_unit": 50.0, "tax_ids": [Command.clear()]}
            )
        ]
        self.assertEqual(order.amount_total, 2150.0)
        self.assertEqual(order.studio_deposit_amount, 600.0, "the deposit asked stays the deposit")
        self.assertTrue(order.studio_deposit_paid)
        self.assertEqual(order.studio_payment_status, "deposit")
        self.assertEqual(order.studio_amount_due, 1550.0)

    def test_partial_deposit_does_not_confirm(self):
        order = self._order()
        action = order.action_studio_request_deposit()
        invoice = self.env["account.move"].browse(action["res_id"])
        self._register_payment(invoice, amount=100.0)
        self.assertIn(order.state, ("draft", "sent"))
        self.assertFalse(order.studio_deposit_paid)
        self.assertEqual(order.studio_amount_paid, 100.0)

    def test_balance_due_and_reminder_sent_once(self):
        order = self._order()
        order.action_confirm()
        shoot = fields.Datetime.now().replace(microsecond=0) + timedelta(days=4)
        self.env["studio.booking"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "sale_order_id": order.id,
                "start": shoot,
                "stop": shoot + timedelta(hours=2),
                "line_ids": [Command.create({"resource_id": self.photographer.id})],
            }
        )
        self.assertEqual(order.studio_balance_due_date, shoot.date(), "due on the shoot day, not before")
        self.assertEqual(order.studio_amount_due, 2000.0)
        Mail = self.env["mail.mail"]
        before = Mail.search_count([("model", "=", "sale.order"), ("res_id", "=", order.id)])
        self.env["sale.order"]._cron_studio_balance_reminder()
        self.assertTrue(order.studio_balance_reminder_sent)
        after = Mail.search_count([("model", "=", "sale.order"), ("res_id", "=", order.id)])
        self.assertEqual(after, before + 1)
        self.env["sale.order"]._cron_studio_balance_reminder()
        self.assertEqual(
            Mail.search_count([("model", "=", "sale.order"), ("res_id", "=", order.id)]),
            after,
            "a reminder is never sent twice",
        )

    def test_balance_not_due_yet_no_reminder(self):
        order = self._order()
        order.action_confirm()
        shoot = fields.Datetime.now().replace(microsecond=0) + timedelta(days=30)
        self.env["studio.booking"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "sale_order_id": order.id,
                "start": shoot,
                "stop": shoot + timedelta(hours=2),
                "line_ids": [Command.create({"resource_id": self.photographer.id})],
            }
        )
        self.env["sale.order"]._cron_studio_balance_reminder()
        self.assertFalse(order.studio_balance_reminder_sent)

    def test_confirmation_tags_customer_and_keeps_care_dates(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Test wedding lead",
                "partner_id": self.customer.id,
                "studio_shoot_type": "wedding",
                "studio_event_date": "2027-05-20",
            }
        )
        order = self._order()
        order.opportunity_id = lead
        order.action_confirm()
        self.assertIn(self.env.ref("studio_booking.partner_category_wedding"), self.customer.category_id)
        anniversary = self.env.ref("customer_core.date_type_anniversary")
        dates = self.env["customer.key.date"].search(
            [("partner_id", "=", self.customer.id), ("date_type_id", "=", anniversary.id)]
        )
        self.assertEqual(len(dates), 1)
        self.assertEqual(str(dates.date), "2027-05-20")
        # a second order for the same wedding does not duplicate the date
        second = self._order()
        second.opportunity_id = lead
        second.action_confirm()
        self.assertEqual(
            self.env["customer.key.date"].search_count(
                [("partner_id", "=", self.customer.id), ("date_type_id", "=", anniversary.id)]
            ),
            1,
        )
        rule = self.env.ref("studio_booking.care_rule_wedding_anniversary")
        self.assertEqual(rule.date_type_id, anniversary)
