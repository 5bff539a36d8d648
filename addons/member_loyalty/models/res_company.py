from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    member_program_id = fields.Many2one(
        "loyalty.program",
        string="Member Points Program",
        domain="[('program_type', '=', 'loyalty')]",
        help="Loyalty program whose cards hold the members' points (set on the head office).",
    )
    member_wallet_program_id = fields.Many2one(
        "loyalty.program",
        string="Stored Value Program",
        domain="[('program_type', '=', 'ewallet')]",
        help="eWallet program whose cards hold the members' stored value.",
    )
    member_sequence_id = fields.Many2one("ir.sequence", string="Member Number Sequence")
    member_tier_basis = fields.Selection(
        [("spend", "Amount spent"), ("points", "Points earned")],
        string="Tier Basis",
        default="spend",
        required=True,
    )
    member_tier_period_months = fields.Integer(
        string="Tier Period (months)",
        default=12,
        help="Rolling period over which spend or points are counted; a tier is reviewed once per period.",
    )
    member_tier_grace_days = fields.Integer(
        string="Downgrade Grace (days)",
        default=30,
        help="Days after the review date during which a member keeps the tier before being downgraded.",
    )
    member_points_expiry_months = fields.Integer(
        string="Points Validity (months)",
        default=24,
        help="Earned points expire this many months after they were earned (first in, first out).",
    )
    member_points_reminder_days = fields.Integer(
        string="Expiry Reminder (days before)",
        default=30,
    )
    member_birthday_days_before = fields.Integer(
        string="Birthday Coupon (days before)",
        default=7,
    )
    member_birthday_program_id = fields.Many2one(
        "loyalty.program",
        string="Default Birthday Coupon Program",
        domain="[('program_type', 'in', ('coupons', 'next_order_coupons'))]",
    )
    member_birthday_validity_days = fields.Integer(
        string="Birthday Coupon Validity (days)",
        default=30,
    )
    member_prepayment_account_id = fields.Many2one(
        "account.account",
        string="Stored Value Account",
        help="Liability account of the customers' prepayments (stored value).",
    )
    member_bonus_account_id = fields.Many2one(
        "account.account",
        string="Top-up Bonus Expense Account",
    )
    member_wallet_journal_id = fields.Many2one(
        "account.journal",
        string="Stored Value Journal",
        domain="[('type', 'in', ('cash', 'bank'))]",
        help="Default cash or bank journal receiving top-ups and paying refunds.",
    )

    member_store_manager_id = fields.Many2one(
        "res.users",
        string="Store Manager",
        help="Earns the store manager's commission on the store's sales and sees the store's commissions.",
    )

    _member_tier_period_positive = models.Constraint(
        "CHECK(member_tier_period_months > 0 AND member_tier_grace_days >= 0 "
        "AND member_points_expiry_months > 0 AND member_points_reminder_days >= 0 "
        "AND member_birthday_days_before >= 0)",
        "Membership periods must be positive.",
    )

    def _member_settings(self):
        """The head office, holding the chain's membership settings, in sudo.

        Store staff are allowed their store only, and Odoo's company rule refuses them the
        head office's record; yet enrolling, topping up or paying at the store needs the
        chain's programs, sequence, accounts and journal. Trusted server code reads them
        here: the record is in sudo, so read settings from it and never hand it (or the
        records reached through it) to the client unchecked.
        """
        self.ensure_one()
        return self.sudo().root_id

    def _member_setup_accounting(self):
        """Create the stored value accounts of companies that have a chart of accounts.

        The top-up product and the "paid with stored value" reward product post to the
        prepayment (liability) account, so stored value is never booked as revenue.
        """
        Account = self.env["account.account"].sudo()
        for company in self.sudo():
            if not company.chart_template:
                continue
            Account = Account.with_company(company)
            prepayment = (
                company.member_prepayment_account_id
                or Account.search([*Account._check_company_domain(company), ("code", "=", "220301")], limit=1)
                or Account.create(
                    {
                        "name": self.env._("Stored value (customer prepayments)"),
                        "code": "220301",
                        "account_type": "liability_current",
                        "reconcile": True,
                    }
                )
            )
            bonus = (
                company.member_bonus_account_id
                or Account.search([*Account._check_company_domain(company), ("code", "=", "660301")], limit=1)
                or Account.create(
                    {
                        "name": self.env._("Stored value top-up bonus"),
                        "code": "660301",
                        "account_type": "expense",
                    }
                )
            )
            journal = company.member_wallet_journal_id or self.env["account.journal"].sudo().search(
                [*self.env["account.journal"]._check_company_domain(company), ("type", "in", ("cash", "bank"))],
                order="type desc, id",
                limit=1,
            )
            company.write(
                {
                    "member_prepayment_account_id": prepayment.id,
                    "member_bonus_account_id": bonus.id,
                    "member_wallet_journal_id": journal.id,
                }
            )
            for xmlid in ("product_member_topup", "product_member_wallet_payment"):
                product = self.env.ref(f"member_loyalty.{xmlid}", raise_if_not_found=False)
                if product:
                    product.product_tmpl_id.with_company(company).sudo().write(
                        {"property_account_income_id": prepayment.id}
                    )
