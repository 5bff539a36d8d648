from datetime import timedelta

from freezegun import freeze_time
from lxml import etree
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ArtworkCommon


@tagged("post_install", "-at_install")
class TestLoan(ArtworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.museum = cls.env["res.partner"].create({"name": "Test Provincial Museum", "city": "Hangzhou"})
        cls.art = cls._stocked_artwork(location=cls.rack)

    def _loan(self, start="2030-03-01", end="2030-06-30", value=50000, art=None, **vals):
        return self.env["art.loan"].create(
            {
                "partner_id": self.museum.id,
                "date_start": start,
                "date_end": end,
                "line_ids": [(0, 0, {"artwork_id": (art or self.art).id, "insurance_value": value})],
                **vals,
            }
        )

    def _approve_loan(self, loan):
        loan.with_user(self.registrar).action_submit()
        for user in (self.registrar, self.finance, self.legal):
            if loan.state == "to_approve" and loan.with_user(user).can_review:
                loan.with_user(user).validate_tier()

    def test_loan_cannot_end_before_it_starts(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self._loan(start="2030-06-01", end="2030-05-01")

    def test_overlapping_loans_of_one_artwork_are_refused(self):
        self._loan()
        with self.assertRaises(ValidationError):
            self._loan(start="2030-06-15", end="2030-08-01")
        # the database refuses it too, even when the ORM check is bypassed
        other = self._loan(start="2031-01-01", end="2031-02-01")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env.cr.execute("UPDATE art_loan_line SET date_start = '2030-05-01' WHERE loan_id = %s", (other.id,))
        # a cancelled loan frees the period
        other.action_cancel()
        self._loan(start="2031-01-10", end="2031-01-20")

    def test_approval_chain_registrar_finance_legal(self):
        loan = self._loan(value=300000)
        loan.with_user(self.registrar).action_submit()
        self.assertEqual(loan.state, "to_approve")
        self.assertEqual(len(loan.review_ids), 3)
        # finance cannot approve before the registrar
        self.assertFalse(loan.with_user(self.finance).can_review)
        loan.with_user(self.registrar).validate_tier()
        self.assertTrue(loan.with_user(self.finance).can_review)
        self.assertFalse(loan.with_user(self.legal).can_review)
        loan.with_user(self.finance).validate_tier()
        self.assertEqual(loan.state, "to_approve")
        loan.with_user(self.legal).validate_tier()
        self.assertEqual(loan.state, "approved")

    def test_small_loan_needs_no_legal_review(self):
        loan = self._loan(value=20000)
        loan.with_user(self.registrar).action_submit()
        self.assertEqual(len(loan.review_ids), 2)

    def test_dispatch_and_return_move_the_artwork(self):
        loan = self._loan()
        with self.assertRaises(UserError):
            loan.action_dispatch()
        self._approve_loan(loan)
        self.assertEqual(loan.state, "approved")
        loan.with_user(self.registrar).action_dispatch()
        self.assertEqual(loan.state, "active")
        self.assertEqual(self.art.status, "on_loan_out")
        self.assertEqual(self.art.location_id, loan.location_id)
        self.assertEqual(loan.location_id.art_partner_id, self.museum)
        self.assertIn("loaned", self.art.provenance_ids.mapped("event_type"))
        with self.assertRaises(UserError):
            self._sell(self.art, deliver=False)
        loan.with_user(self.registrar).action_return()
        self.assertEqual(loan.state, "returned")
        self.assertEqual(self.art.status, "in_stock")
        self.assertEqual(self.art.location_id, self.rack)

    def test_sale_of_an_artwork_on_loan_is_refused_in_the_users_language(self):
        """Quoted while in stock, then lent out: confirming the quotation is refused, in Chinese for a
        Chinese user, and neither the order nor the stock moves."""
        # the language and the addon's Chinese terms (the status names), never assumed loaded
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["artwork_provenance"], ["zh_CN"])
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.art.product_id.id, "price_unit": 150000.0})],
            }
        )
        loan = self._loan()
        self._approve_loan(loan)
        loan.action_dispatch()
        self.assertEqual(self.art.status, "on_loan_out")
        with self.assertRaisesRegex(UserError, "无法出售.*外借"):
            order.with_context(lang="zh_CN").action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids.filtered(lambda p: p.state != "cancel"))
        self.assertEqual(self.art.location_id, loan.location_id)

    def test_loan_in_receives_borrowed_artwork(self):
        borrowed = self._artwork(name="Test Borrowed Scroll")
        loan = self._loan(art=borrowed, loan_type="in")
        self._approve_loan(loan)
        loan.action_dispatch()
        self.assertEqual(borrowed.status, "borrowed_in")
        self.assertEqual(borrowed.holder_id, self.museum)
        loan.action_return()
        self.assertFalse(borrowed.status)

    def test_late_return_raises_one_activity(self):
        today = fields.Date.today()
        loan = self._loan(start=today - timedelta(days=30), end=today + timedelta(days=5))
        self._approve_loan(loan)
        loan.action_dispatch()
        with freeze_time(today + timedelta(days=10)):
            late = self.env["art.loan"]._cron_late_returns()
            self.assertIn(loan, late)
            self.assertTrue(loan.is_late)
            self.assertEqual(len(loan.activity_ids), 1)
            self.env["art.loan"]._cron_late_returns()
            self.assertEqual(len(loan.activity_ids), 1)

    def test_insured_values_show_whole_with_their_currency(self):
        """Amounts of seven digits and their symbol fit their columns; the loan form shows the currency
        to a user without multi-currency too."""
        lists = {
            "art.loan": ["insurance_value"],
            "art.valuation": ["amount", "amount_company"],
        }
        for model, fnames in lists.items():
            arch = etree.fromstring(self.env[model].with_user(self.manager).get_view(view_type="list")["arch"])
            for fname in fnames:
                [node] = arch.xpath(f"//field[@name='{fname}']")
                self.assertGreaterEqual(int(node.get("width", "0").removesuffix("px")), 150, f"{model}.{fname}")
        form = etree.fromstring(self.env["art.loan"].with_user(self.registrar).get_view(view_type="form")["arch"])
        [line_value] = form.xpath("//field[@name='line_ids']/list/field[@name='insurance_value']")
        self.assertGreaterEqual(int(line_value.get("width", "0").removesuffix("px")), 150)
        self.assertTrue(form.xpath("/form/sheet//field[@name='currency_id'][not(ancestor::field)]"))

    def test_one_submit_button_and_restart_for_the_manager_only(self):
        """The loan form shows its own "Submit for Approval" and not base_tier_validation's beside it
        (both read "提交审批"); "Restart Validation" is the gallery manager's, not the registrar's."""
        for model, own in (("art.loan", "action_submit"), ("art.artwork", "action_submit_intake")):
            for user, restart in ((self.registrar, False), (self.manager, True)):
                arch = etree.fromstring(self.env[model].with_user(user).get_view(view_type="form")["arch"])
                self.assertTrue(arch.xpath(f"/form/header/button[@name='{own}']"), model)
                [request] = arch.xpath("/form/header/button[@name='request_validation']")
                own_states = "state == 'draft'" if model == "art.loan" else "intake_state in ('draft', 'rejected')"
                self.assertIn(f"or ({own_states})", request.get("invisible"), model)
                self.assertEqual(bool(arch.xpath("//button[@name='restart_validation']")), restart, (model, user.login))

    def test_only_the_manager_restarts_an_approval(self):
        """The hidden button is not the guard: a registrar calling the method (RPC) is refused; the
        manager restarts the reviews."""
        loan = self._loan(value=300000)
        loan.with_user(self.registrar).action_submit()
        self.assertEqual(loan.state, "to_approve")
        for record in (loan, self.art):
            with self.assertRaises(AccessError):
                record.with_user(self.registrar).restart_validation()
        loan.with_user(self.manager).restart_validation()
        self.assertFalse(loan.review_ids.filtered(lambda r: r.status != "pending"))

    def test_loans_have_cards_on_a_phone(self):
        arch = etree.fromstring(self.env["art.loan"].with_user(self.registrar).get_view(view_type="kanban")["arch"])
        self.assertTrue(arch.xpath("//t[@t-name='card']//field[@name='partner_id']"))
        for action in ("art_loan_action", "art_loan_action_due"):
            self.assertIn("kanban", self.env.ref(f"artwork_provenance.{action}").view_mode.split(","), action)
