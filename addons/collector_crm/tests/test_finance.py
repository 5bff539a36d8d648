from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import CollectorCommon

FINANCE_GROUPS = "account.group_account_invoice,collector_crm.group_collector_finance"


@tagged("post_install", "-at_install")
class TestFinanceFlows(CollectorCommon):
    """An accountant who may not receive collectors' contact data still does the accounting.

    Every flow runs as the finance user on (a) a customer who is not a collector and (b) a core
    collector: invoices are sent by e-mail and printed with the address, payments registered,
    bank lines matched to the partner, supplier bills entered.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = new_test_user(cls.env, login="cc_fin_flows", name="Accountant", groups=FINANCE_GROUPS)
        # the bank is kept by a bookkeeper (statement lines need Accounting / Basic)
        cls.bookkeeper = new_test_user(
            cls.env,
            login="cc_fin_bank",
            name="Bookkeeper",
            groups=f"{FINANCE_GROUPS},account.group_account_user,base.group_partner_manager",
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "CC Plain Customer",
                "email": "plain.customer@example.com",
                "phone": "+86 21 5555 0101",
                "street": "1 Plain Street",
                "city": "Shanghai",
            }
        )
        cls.collector = cls._collector("CC Fin Collector", cls.advisor, level="core", street="88 Collector Lane")
        cls.collector.city = "Hangzhou"
        cls.supplier = cls.env["res.partner"].create(
            {"name": "CC Framing Supplier", "email": "frames@example.com", "phone": "+86 21 5555 0202"}
        )
        cls.income_product = cls.env["product.product"].create(
            {"name": "CC Catalogue", "type": "service", "list_price": 500.0}
        )

    def _invoice(self, partner, move_type="out_invoice", price=1000.0):
        move = (
            self.env["account.move"]
            .with_user(self.finance)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": fields.Date.today(),
                    "invoice_line_ids": [
                        fields.Command.create(
                            {"product_id": self.income_product.id, "quantity": 1, "price_unit": price}
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    def test_send_and_print_invoice_by_email(self):
        for partner in (self.customer, self.collector):
            move = self._invoice(partner)
            wizard = (
                self.env["account.move.send.wizard"]
                .with_user(self.finance)
                .with_context(active_model="account.move", active_ids=move.ids)
                .create({})
            )
            self.assertEqual(wizard.mail_partner_ids, partner, "the invoice is addressed to the customer")
            self.assertFalse((wizard.alerts or {}).get("account_missing_email"), "the e-mail is there for the wizard")
            wizard.action_send_and_print()
            message = self.env["mail.message"].search(
                [("model", "=", "account.move"), ("res_id", "=", move.id), ("partner_ids", "in", partner.ids)]
            )
            self.assertTrue(message, "the invoice went out to the customer")
            mails = self.env["mail.mail"].sudo().search([("mail_message_id", "in", message.ids)])
            addresses = mails.recipient_ids.mapped("email") + mails.mapped("email_to")
            self.assertIn(partner.sudo().email, " ".join(filter(None, addresses)), "to the customer's e-mail")
            self.assertTrue(move.is_move_sent)

    def test_invoice_pdf_carries_the_customer_address(self):
        for partner in (self.customer, self.collector):
            move = self._invoice(partner)
            html = (
                self.env["ir.actions.report"]
                .with_user(self.finance)
                ._render_qweb_html("account.account_invoices", move.ids)[0]
                .decode()
            )
            self.assertIn(partner.name, html)
            self.assertIn(partner.sudo().street, html, "the invoice is addressed: the street is printed")

    def test_register_payment(self):
        for partner in (self.customer, self.collector):
            move = self._invoice(partner)
            (
                self.env["account.payment.register"]
                .with_user(self.finance)
                .with_context(active_model="account.move", active_ids=move.ids)
                .create({})
                ._create_payments()
            )
            self.assertIn(move.payment_state, ("paid", "in_payment"))

    def test_bank_line_matched_to_the_partner(self):
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.env.company.id)], limit=1
        )
        for partner in (self.customer, self.collector):
            move = self._invoice(partner)
            account_number = f"CN00 {partner.id:08d}"
            line = (
                self.env["account.bank.statement.line"]
                .with_user(self.bookkeeper)
                .create(
                    {
                        "journal_id": journal.id,
                        "date": fields.Date.today(),
                        "payment_ref": move.name,
                        "partner_id": partner.id,
                        "account_number": account_number,
                        "amount": move.amount_total,
                    }
                )
            )
            bank = line.with_user(self.bookkeeper)._find_or_create_bank_account()
            self.assertEqual(bank.partner_id, partner)
            found = (
                self.env["res.partner.bank"].with_user(self.bookkeeper).search([("acc_number", "=", account_number)])
            )
            self.assertEqual(found.partner_id, partner, "the next bank line finds the partner by account")
            domain = line._get_default_amls_matching_domain() + [("partner_id", "=", partner.id)]
            candidates = self.env["account.move.line"].with_user(self.bookkeeper).search(domain)
            self.assertIn(move.line_ids.filtered(lambda l: l.account_type == "asset_receivable"), candidates)

    def test_incoming_bill_finds_its_partner_by_email(self):
        """e-invoice import: the partner is found by e-mail, for a collector too, without revealing it."""
        Partner = self.env["res.partner"].with_user(self.finance)
        for partner in (self.supplier, self.collector):
            with self.subTest(partner=partner.name):
                self.assertEqual(Partner._retrieve_partner(email=partner.sudo().email), partner)

    def test_vendor_bill_for_a_supplier_who_is_not_a_collector(self):
        bill = self._invoice(self.supplier, move_type="in_invoice", price=800.0)
        self.assertEqual(bill.state, "posted")
        supplier = self.supplier.with_user(self.finance)
        self.assertEqual(supplier.read(["email", "phone"])[0]["email"], "frames@example.com")
        self.assertEqual(supplier.search([("email", "=", "frames@example.com")]), supplier)

    def test_amounts_per_partner(self):
        """Receivables by partner (the aged balance, the reminders' list) include the collector."""
        moves = self._invoice(self.customer, price=1000.0) | self._invoice(self.collector, price=2500.0)
        groups = dict(
            self.env["account.move.line"]
            .with_user(self.finance)
            ._read_group(
                [("move_id", "in", moves.ids), ("account_type", "=", "asset_receivable")],
                ["partner_id"],
                ["amount_residual:sum"],
            )
        )
        self.assertEqual(groups[self.collector], moves[1].amount_total)
        self.assertEqual(groups[self.customer], moves[0].amount_total)

    def test_contact_data_of_collectors_only_is_withheld(self):
        Partner = self.env["res.partner"].with_user(self.finance)
        rows = {
            row["id"]: row
            for row in Partner.browse((self.customer | self.collector).ids).read(["name", "email", "phone", "street"])
        }
        self.assertEqual(rows[self.customer.id]["email"], "plain.customer@example.com")
        self.assertEqual(rows[self.customer.id]["street"], "1 Plain Street")
        self.assertEqual(rows[self.collector.id]["name"], "CC Fin Collector")
        for fname in ("email", "phone", "street"):
            self.assertFalse(rows[self.collector.id][fname], fname)
        # the invoice form shows the customer with the address: not the collector's
        with_address = Partner.with_context(show_address=True, show_email=True).browse(self.collector.id)
        self.assertNotIn("Collector Lane", with_address.display_name)
        self.assertNotIn("@", with_address.display_name)
        self.assertIn("Plain Street", Partner.with_context(show_address=True).browse(self.customer.id).display_name)
        # search and group-by never match a collector on its contact data
        self.assertFalse(Partner.search([("email", "=", self.collector.sudo().email)]))
        self.assertFalse(Partner.search([("id", "=", self.collector.id), ("phone", "!=", False)]))
        self.assertEqual(Partner.search([("email", "=", "plain.customer@example.com")]), self.customer)
        self.assertFalse(Partner.name_search(self.collector.sudo().email))
        groups = Partner._read_group([("id", "in", (self.customer | self.collector).ids)], ["email"], ["__count"])
        self.assertEqual([email for email, _count in groups], ["plain.customer@example.com"])
        # a collector's own contact person is covered as well
        assistant = self.env["res.partner"].create(
            {"name": "CC Assistant", "parent_id": self.collector.id, "email": "assistant@example.com"}
        )
        self.assertFalse(Partner.browse(assistant.id).read(["email"])[0]["email"])
        # the advisor keeps seeing it all
        self.assertEqual(self.collector.with_user(self.advisor).read(["street"])[0]["street"], "88 Collector Lane")
