"""#20, finance's part: a collector's invoices go through its invoicing contact.

Finance (group *Finance: amounts only*) receives no contact data of a collector. The invoices are
made out to the collector's invoicing contact, a child address of Odoo's type "Invoice Address"
that the advisor fills with what an invoice needs: sales orders take it as their invoice address,
finance reads it, sends and prints the invoices to it and finds it by its e-mail; the collector's
own contact data stays withheld. A contact of an anonymous collector (its assistant, its invoicing
contact) is named after the collector: it carries the alias as well.
"""

from odoo import fields
from odoo.tests import Form, new_test_user, tagged

from .common import CollectorCommon

FINANCE_GROUPS = "account.group_account_invoice,collector_crm.group_collector_finance"


@tagged("post_install", "-at_install")
class TestInvoicingContact(CollectorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = new_test_user(cls.env, login="cc_inv_finance", name="Invoicing Accountant", groups=FINANCE_GROUPS)
        cls.colleague = new_test_user(
            cls.env,
            login="cc_inv_colleague",
            name="Invoicing Colleague",
            groups="customer_core.group_customer_user,sales_team.group_sale_salesman_all_leads",
        )
        cls.advisor.group_ids += cls.env.ref("sales_team.group_sale_salesman")
        cls.collector = cls._collector(
            "CC Inv Collector", cls.advisor, level="core", street="8 Private Villa Road", city="Hangzhou"
        )
        cls.service = cls.env["product.product"].create({"name": "CC Inv Catalogue", "type": "service"})

    def _set_up_invoicing_contact(self, collector):
        """As the advisor does it from the collector's form (Contact tab, Invoicing contact)."""
        action = collector.with_user(self.advisor).action_collector_invoicing_contact()
        self.assertEqual(action["target"], "new")
        with Form(self.env["res.partner"].with_user(self.advisor).with_context(**action["context"])) as form:
            form.street = "1 Office Tower"
            form.city = "Shanghai"
            form.email = "billing.office@example.com"
        return form.record

    def _invoice(self, partner):
        move = (
            self.env["account.move"]
            .with_user(self.finance)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": fields.Date.today(),
                    "invoice_line_ids": [
                        fields.Command.create({"product_id": self.service.id, "quantity": 1, "price_unit": 1200.0})
                    ],
                }
            )
        )
        move.action_post()
        return move

    def test_advisor_sets_up_the_invoicing_contact(self):
        contact = self._set_up_invoicing_contact(self.collector)
        self.assertEqual(contact.parent_id, self.collector)
        self.assertEqual(contact.type, "invoice")
        self.assertEqual(contact.name, "CC Inv Collector", "the invoices are made out to the collector")
        self.assertEqual(self.collector.with_user(self.advisor).collector_invoice_partner_id, contact)
        # opened again: the same contact, not a second one
        again = self.collector.with_user(self.advisor).action_collector_invoicing_contact()
        self.assertEqual(again["res_id"], contact.id)
        # the advisor's quotation bills it (Odoo's invoice address of the customer)
        order = Form(self.env["sale.order"].with_user(self.advisor))
        order.partner_id = self.collector
        self.assertEqual(order.partner_invoice_id, contact)

    def test_finance_sends_prints_and_finds_the_invoices_through_it(self):
        contact = self._set_up_invoicing_contact(self.collector)
        move = self._invoice(contact)
        self.assertEqual(move.commercial_partner_id, self.collector, "the collector's account, its receivables")
        # finance reads what the invoice needs from the invoicing contact
        row = contact.with_user(self.finance).read(["name", "email", "street", "city"])[0]
        self.assertEqual(
            [row["name"], row["email"], row["street"], row["city"]],
            ["CC Inv Collector", "billing.office@example.com", "1 Office Tower", "Shanghai"],
        )
        # sent by e-mail to the invoicing contact
        wizard = (
            self.env["account.move.send.wizard"]
            .with_user(self.finance)
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({})
        )
        self.assertEqual(wizard.mail_partner_ids, contact)
        self.assertFalse((wizard.alerts or {}).get("account_missing_email"))
        wizard.action_send_and_print()
        mails = self.env["mail.mail"].sudo().search([("model", "=", "account.move"), ("res_id", "=", move.id)])
        addresses = " ".join(filter(None, mails.recipient_ids.mapped("email") + mails.mapped("email_to")))
        self.assertIn("billing.office@example.com", addresses)
        self.assertNotIn("cc.inv.collector@example.com", addresses, "never to the collector's own e-mail")
        # printed with the invoicing address, not the collector's
        html = (
            self.env["ir.actions.report"]
            .with_user(self.finance)
            ._render_qweb_html("account.account_invoices", move.ids)[0]
            .decode()
        )
        self.assertIn("1 Office Tower", html)
        self.assertNotIn("Private Villa", html)
        # found by its e-mail (a search, an imported document)
        Partner = self.env["res.partner"].with_user(self.finance)
        self.assertEqual(Partner.search([("email", "=", "billing.office@example.com")]), contact)
        self.assertEqual(Partner._retrieve_partner(email="billing.office@example.com"), contact)
        # the collector's own contact data stays withheld, and so does another contact of it
        assistant = self.env["res.partner"].create(
            {"name": "CC Inv Assistant", "parent_id": self.collector.id, "email": "inv.assistant@example.com"}
        )
        for partner in (self.collector, assistant):
            values = partner.with_user(self.finance).read(["email", "phone", "street"])[0]
            self.assertEqual([values["email"], values["phone"], values["street"]], [False, False, False])
        self.assertFalse(Partner.search([("email", "=", "inv.assistant@example.com")]))
        # the advisor reads both
        self.assertEqual(self.collector.with_user(self.advisor).read(["street"])[0]["street"], "8 Private Villa Road")

    def test_contacts_of_an_anonymous_collector_carry_the_alias(self):
        secret = self._collector("CC Inv Secret", self.advisor, collector_anonymous=True)
        assistant = self.env["res.partner"].create(
            {"name": "CC Inv Secretary", "parent_id": secret.id, "email": "inv.secretary@example.com"}
        )
        self.assertIn("CC Inv Secret", assistant.complete_name, "Odoo names a contact after its company")
        Partner = self.env["res.partner"].with_user(self.colleague)
        row = Partner.browse(assistant.id).read(["name", "complete_name", "display_name", "email"])[0]
        self.assertNotIn("Inv Secret", str(row))
        self.assertFalse(row["email"])
        self.assertNotIn("Inv Secret", Partner.browse(assistant.id).display_name)
        self.assertFalse(Partner.search([("complete_name", "ilike", "Inv Secret")]))
        self.assertNotIn(assistant.id, [found for found, _name in Partner.name_search("Inv Secret")])
        # the advisor knows the collector and its contacts
        mine = self.env["res.partner"].with_user(self.advisor).browse(assistant.id)
        self.assertIn("CC Inv Secret", mine.read(["complete_name"])[0]["complete_name"])
        self.assertEqual(mine.read(["email"])[0]["email"], "inv.secretary@example.com")
