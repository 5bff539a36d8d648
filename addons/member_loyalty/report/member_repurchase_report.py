from odoo import api, fields, models, tools
from odoo.tools import SQL

# Paid purchases by store, product category and customer: one row per purchase day.
PURCHASES = """
    SELECT m.company_id AS store_id, pt.categ_id, m.commercial_partner_id AS partner_id,
           m.invoice_date AS day, SUM(l.price_subtotal) AS amount, MIN(l.id) AS line_id
      FROM account_move m
      JOIN account_move_line l ON l.move_id = m.id AND l.display_type = 'product'
      JOIN product_product pp ON pp.id = l.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
     WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
       AND m.payment_state IN ('paid', 'in_payment') AND m.invoice_date IS NOT NULL
  GROUP BY m.company_id, pt.categ_id, m.commercial_partner_id, m.invoice_date
"""

REPURCHASE = f"""
WITH purchases AS ({PURCHASES}),
gaps AS (
    SELECT p.*, p.day - LAG(p.day) OVER (PARTITION BY p.store_id, p.categ_id, p.partner_id
                                          ORDER BY p.day) AS gap
      FROM purchases p
),
per_customer AS (
    SELECT store_id, categ_id, partner_id, COUNT(*) AS purchases, SUM(amount) AS amount,
           MIN(line_id) AS line_id
      FROM gaps GROUP BY store_id, categ_id, partner_id
),
medians AS (
    SELECT store_id, categ_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) AS median_gap
      FROM gaps WHERE gap IS NOT NULL GROUP BY store_id, categ_id
)
SELECT MIN(c.line_id) AS id, c.store_id, c.categ_id,
       COUNT(*) AS customer_count,
       COUNT(*) FILTER (WHERE c.purchases > 1) AS repurchaser_count,
       100.0 * COUNT(*) FILTER (WHERE c.purchases > 1) / COUNT(*) AS repurchase_rate,
       COALESCE(MAX(md.median_gap), 0) AS median_interval,
       SUM(c.purchases) AS purchase_count,
       SUM(c.amount) AS amount
  FROM per_customer c
  LEFT JOIN medians md ON md.store_id = c.store_id AND md.categ_id IS NOT DISTINCT FROM c.categ_id
 GROUP BY c.store_id, c.categ_id
"""


class MemberRepurchaseReport(models.Model):
    """Repurchase by store and product category, from paid customer invoices: the share of
    customers who bought the category again in the store, and the median number of days
    between two purchase days of one customer."""

    _name = "member.repurchase.report"
    _description = "Repurchase Analysis"
    _auto = False
    _order = "store_id, categ_id"

    store_id = fields.Many2one("res.company", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True)
    repurchaser_count = fields.Integer(string="Repeat Customers", readonly=True)
    repurchase_rate = fields.Float(
        string="Repurchase Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Customers who bought the category at least twice in the store, out of those who bought it. "
        "Grouped rows show the average of the categories.",
    )
    median_interval = fields.Float(
        string="Median Days Between Purchases",
        readonly=True,
        aggregator="avg",
        help="Median of the days between two purchase days of one customer in the category and store. "
        "Grouped rows show the average of the medians.",
    )
    purchase_count = fields.Integer(string="Purchases", readonly=True)
    amount = fields.Float(string="Sales", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), SQL(REPURCHASE)))

    @api.model
    def _chain_figures(self, store_ids=None):
        """Repurchase rate and median interval over all categories (per store if given)."""
        store_filter = SQL("WHERE store_id = ANY(%s)", list(store_ids)) if store_ids else SQL()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
WITH purchases AS (%(purchases)s),
per_customer AS (
    SELECT partner_id, day, day - LAG(day) OVER (PARTITION BY partner_id ORDER BY day) AS gap
      FROM (SELECT DISTINCT partner_id, day FROM purchases %(store_filter)s) d
)
SELECT COALESCE(100.0 * COUNT(DISTINCT partner_id) FILTER (WHERE gap IS NOT NULL)
                / NULLIF(COUNT(DISTINCT partner_id), 0), 0),
       COALESCE(percentile_cont(0.5) WITHIN GROUP (ORDER BY gap), 0)
  FROM per_customer
                """,
                purchases=SQL(PURCHASES),
                store_filter=store_filter,
            )
        )
        rate, median = self.env.cr.fetchone()
        return {"repurchase_rate": float(rate), "median_interval": float(median)}
