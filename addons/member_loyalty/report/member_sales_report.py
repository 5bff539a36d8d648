from odoo import fields, models, tools
from odoo.tools import SQL

# Sales on a paid basis (alias m = account_move): a customer invoice once paid (or settled by its
# credit note); a credit note with the invoice it corrects (once that one counts), a credit note of
# its own once refunded. An unpaid credit note of an unpaid invoice is no sale taken back.
PAID_SALES = """
m.state = 'posted' AND m.invoice_date IS NOT NULL AND (
    (m.move_type = 'out_invoice' AND m.payment_state IN ('paid', 'in_payment', 'reversed'))
    OR (m.move_type = 'out_refund' AND m.reversed_entry_id IS NULL
        AND m.payment_state IN ('paid', 'in_payment', 'reversed'))
    OR (m.move_type = 'out_refund' AND EXISTS (
        SELECT 1 FROM account_move inv WHERE inv.id = m.reversed_entry_id
           AND inv.payment_state IN ('paid', 'in_payment', 'reversed'))))
"""


class MemberSalesReport(models.Model):
    """Paid sales by store and month: member vs non-member share, new vs returning buyers,
    basket size. One row per paid customer invoice or credit note."""

    _name = "member.sales.report"
    _description = "Member Sales Analysis"
    _auto = False
    _order = "date desc"

    date = fields.Date(readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    store_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    is_member = fields.Boolean(string="Member", readonly=True)
    customer_kind = fields.Selection(
        [("member", "Members"), ("other", "Other customers")],
        readonly=True,
        help="Members or customers without a membership: what the sales charts are split by.",
    )
    member_tier_id = fields.Many2one("member.tier", string="Tier", readonly=True)
    buyer_type = fields.Selection(
        [("new", "New buyer"), ("returning", "Returning buyer")],
        readonly=True,
        help="New: the customer's first paid purchase falls in this month.",
    )
    is_first_purchase = fields.Boolean(
        string="First Purchase",
        readonly=True,
        help="The customer's first paid purchase in the chain: the new customers of a period are those "
        "whose first purchase falls in it.",
    )
    # monetary: the dashboard shows them with the currency ("¥543k"), in the store's currency
    currency_id = fields.Many2one(related="store_id.currency_id")
    amount = fields.Monetary(string="Sales", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    basket = fields.Monetary(string="Basket Size", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
CREATE OR REPLACE VIEW %s AS (
    SELECT m.id AS id, m.id AS move_id, m.invoice_date AS date, m.company_id AS store_id,
           m.commercial_partner_id AS partner_id, COALESCE(p.is_member, FALSE) AS is_member,
           CASE WHEN p.is_member THEN 'member' ELSE 'other' END AS customer_kind,
           p.member_tier_id,
           CASE WHEN date_trunc('month', MIN(m.invoice_date) OVER (PARTITION BY m.commercial_partner_id))
                     = date_trunc('month', m.invoice_date) THEN 'new' ELSE 'returning' END AS buyer_type,
           ROW_NUMBER() OVER (PARTITION BY m.commercial_partner_id ORDER BY m.invoice_date, m.id) = 1
               AS is_first_purchase,
           m.amount_untaxed_signed AS amount,
           CASE WHEN m.move_type = 'out_invoice' AND m.payment_state <> 'reversed' THEN 1 ELSE 0 END
               AS order_count,
           CASE WHEN m.move_type = 'out_invoice' AND m.payment_state <> 'reversed'
                THEN m.amount_untaxed_signed END AS basket
      FROM account_move m
      LEFT JOIN res_partner p ON p.id = m.commercial_partner_id
     WHERE %s
)
                """,
                SQL.identifier(self._table),
                SQL(PAID_SALES),
            )
        )
