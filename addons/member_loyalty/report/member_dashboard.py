from odoo import fields, models, tools
from odoo.tools import SQL

from .member_sales_report import PAID_SALES


class MemberDashboard(models.Model):
    """The chain's key figures, one card per store, over the last 12 months (sales) and
    today (members, points, stored value). A view: always current, nothing to refresh."""

    _name = "member.dashboard"
    _description = "Membership Dashboard"
    _auto = False
    _order = "sales desc"

    store_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="store_id.currency_id")
    sales = fields.Monetary(string="Sales (12 months)", readonly=True)
    order_count = fields.Integer(string="Orders (12 months)", readonly=True)
    basket = fields.Monetary(string="Basket Size", readonly=True, aggregator="avg")
    member_sales = fields.Monetary(string="Member Sales (12 months)", readonly=True)
    member_share = fields.Float(string="Member Share (%)", readonly=True, aggregator="avg")
    customer_count = fields.Integer(string="Customers (12 months)", readonly=True)
    repeat_customer_count = fields.Integer(string="Repeat Customers (12 months)", readonly=True)
    repurchase_rate = fields.Float(string="Repurchase Rate (%)", readonly=True, aggregator="avg")
    member_count = fields.Integer(string="Members", readonly=True)
    new_member_count = fields.Integer(string="New Members (30 days)", readonly=True)
    points_outstanding = fields.Float(readonly=True)
    stored_value = fields.Monetary(string="Stored Value Held", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
CREATE OR REPLACE VIEW %s AS (
WITH sales AS (
    SELECT m.company_id AS store_id, m.commercial_partner_id AS partner_id,
           COALESCE(p.is_member, FALSE) AS is_member, m.move_type, m.payment_state, m.amount_untaxed_signed AS amount
      FROM account_move m LEFT JOIN res_partner p ON p.id = m.commercial_partner_id
     WHERE m.invoice_date > CURRENT_DATE - 365 AND %s
),
per_store AS (
    SELECT store_id, SUM(amount) AS sales,
           COUNT(*) FILTER (WHERE move_type = 'out_invoice' AND payment_state <> 'reversed') AS order_count,
           SUM(amount) FILTER (WHERE is_member) AS member_sales
      FROM sales GROUP BY store_id
),
per_customer AS (
    SELECT store_id, partner_id, COUNT(*) AS orders FROM sales
     WHERE move_type = 'out_invoice' AND payment_state <> 'reversed' GROUP BY store_id, partner_id
),
customers AS (
    SELECT store_id, COUNT(*) AS customer_count, COUNT(*) FILTER (WHERE orders > 1) AS repeat_count
      FROM per_customer GROUP BY store_id
),
members AS (
    SELECT p.member_store_id AS store_id, COUNT(*) AS member_count,
           COUNT(*) FILTER (WHERE p.member_join_date > CURRENT_DATE - 30) AS new_count,
           SUM(COALESCE(card.points, 0)) AS points, SUM(COALESCE(wallet.points, 0)) AS stored_value
      FROM res_partner p
      LEFT JOIN loyalty_card card ON card.id = p.member_card_id
      LEFT JOIN loyalty_card wallet ON wallet.id = p.member_wallet_id
     WHERE p.is_member AND p.member_store_id IS NOT NULL
  GROUP BY p.member_store_id
)
SELECT c.id, c.id AS store_id,
       COALESCE(s.sales, 0) AS sales, COALESCE(s.order_count, 0) AS order_count,
       COALESCE(s.sales / NULLIF(s.order_count, 0), 0) AS basket,
       COALESCE(s.member_sales, 0) AS member_sales,
       COALESCE(100.0 * s.member_sales / NULLIF(s.sales, 0), 0) AS member_share,
       COALESCE(cu.customer_count, 0) AS customer_count,
       COALESCE(cu.repeat_count, 0) AS repeat_customer_count,
       COALESCE(100.0 * cu.repeat_count / NULLIF(cu.customer_count, 0), 0) AS repurchase_rate,
       COALESCE(mb.member_count, 0) AS member_count, COALESCE(mb.new_count, 0) AS new_member_count,
       COALESCE(mb.points, 0) AS points_outstanding, COALESCE(mb.stored_value, 0) AS stored_value
  FROM res_company c
  LEFT JOIN per_store s ON s.store_id = c.id
  LEFT JOIN customers cu ON cu.store_id = c.id
  LEFT JOIN members mb ON mb.store_id = c.id
 WHERE s.store_id IS NOT NULL OR mb.store_id IS NOT NULL
)
                """,
                SQL.identifier(self._table),
                SQL(PAID_SALES),
            )
        )

    def action_export_xlsx(self):
        return self.env.ref("member_loyalty.report_member_consumption_xlsx").report_action(self)
