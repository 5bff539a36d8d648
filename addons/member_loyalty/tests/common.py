from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class MemberLoyaltyCommon(AccountTestInvoicingCommon):
    """A head office with its own chart of accounts, member programs, tiers and members."""

    @classmethod
    def get_default_groups(cls):
        return (
            super().get_default_groups()
            | cls.env.ref("member_loyalty.group_member_manager")
            | cls.env.ref("sales_team.group_sale_manager")
            | cls.env.ref("customer_core.group_customer_manager")
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.head = cls.env.company
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, loyalty_no_mail=True))
        Program = cls.env["loyalty.program"]
        cls.categ_art = cls.env["product.category"].create({"name": "Art prints"})
        cls.categ_frame = cls.env["product.category"].create({"name": "Frames"})
        cls.program = Program.create(
            {
                "name": "Test member points",
                "program_type": "loyalty",
                "applies_on": "both",
                "trigger": "auto",
                "is_member_program": True,
                "company_id": cls.head.id,
                "rule_ids": [
                    Command.create({"reward_point_mode": "money", "reward_point_amount": 1}),
                    Command.create(
                        {
                            "reward_point_mode": "money",
                            "reward_point_amount": 2,
                            "product_category_id": cls.categ_art.id,
                        }
                    ),
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_point",
                            "discount": 0.01,
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )
        cls.wallet_program = Program.create(
            {
                "name": "Test stored value",
                "program_type": "ewallet",
                "applies_on": "future",
                "trigger": "auto",
                "company_id": cls.head.id,
                "rule_ids": [
                    Command.create(
                        {
                            "reward_point_mode": "money",
                            "reward_point_amount": 1,
                            "product_ids": [Command.link(cls.product_a.id)],
                        }
                    )
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_point",
                            "discount": 1,
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )
        Tier = cls.env["member.tier"]
        cls.tier_regular = Tier.create({"name": "Regular", "threshold": 0, "company_id": cls.head.id})
        cls.tier_silver = Tier.create(
            {"name": "Silver", "threshold": 3000, "multiplier": 1.5, "company_id": cls.head.id}
        )
        cls.tier_gold = Tier.create({"name": "Gold", "threshold": 10000, "multiplier": 2, "company_id": cls.head.id})
        cls.head.write(
            {
                "member_program_id": cls.program.id,
                "member_wallet_program_id": cls.wallet_program.id,
                "member_tier_period_months": 12,
                "member_tier_grace_days": 30,
                "member_points_expiry_months": 12,
                "member_points_reminder_days": 30,
            }
        )
        cls.head._member_setup_accounting()
        cls.prepayment = cls.head.member_prepayment_account_id
        cls.bonus_account = cls.head.member_bonus_account_id
        cls.cash_journal = cls.head.member_wallet_journal_id
        cls.env["member.topup.bonus"].create({"company_id": cls.head.id, "min_amount": 1000, "bonus_amount": 100})
        cls.product_art = cls.env["product.product"].create(
            {"name": "Ink print", "categ_id": cls.categ_art.id, "list_price": 100, "taxes_id": False}
        )
        cls.product_frame = cls.env["product.product"].create(
            {"name": "Oak frame", "categ_id": cls.categ_frame.id, "list_price": 100, "taxes_id": False}
        )
        company_ids = [Command.set(cls.head.ids)]
        cls.cashier = new_test_user(
            cls.env,
            login="ml_cashier",
            groups="member_loyalty.group_member_cashier,account.group_account_invoice",
            company_id=cls.head.id,
            company_ids=company_ids,
        )
        cls.manager = new_test_user(
            cls.env,
            login="ml_manager",
            groups="member_loyalty.group_member_manager,account.group_account_manager",
            company_id=cls.head.id,
            company_ids=company_ids,
        )
        cls.member = cls._new_member("王小明", "+86 138 0013 8000")

    @classmethod
    def _new_member(cls, name, phone=False, store=None):
        partner = cls.env["res.partner"].create(
            {"name": name, "phone": phone, "email": "m%s@example.com" % abs(hash(name))}
        )
        partner.action_member_enroll(store=store or cls.head)
        return partner

    @classmethod
    def _paid_invoice(cls, partner, lines, date=None, pay=True):
        """lines: [(product, amount)]"""
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": date or fields.Date.today(),
                "invoice_line_ids": [
                    Command.create({"product_id": product.id, "price_unit": amount, "tax_ids": False})
                    for product, amount in lines
                ],
            }
        )
        invoice.action_post()
        if pay:
            cls.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"journal_id": cls.cash_journal.id})._create_payments()
        return invoice

    @classmethod
    def _refund(cls, invoice, lines):
        refund = cls.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": invoice.partner_id.id,
                "reversed_entry_id": invoice.id,
                "invoice_line_ids": [
                    Command.create({"product_id": product.id, "price_unit": amount, "tax_ids": False})
                    for product, amount in lines
                ],
            }
        )
        refund.action_post()
        return refund

    def _ledger_sum(self, card):
        card.invalidate_recordset()
        entries = self.env["loyalty.history"].sudo().search([("card_id", "=", card.id), ("member_ledger", "=", True)])
        return sum(entries.mapped("issued")) - sum(entries.mapped("used"))

    def _engine(self):
        return self.env["member.loyalty.engine"]
