from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.product_template import STUDIO_SHOOT_TYPES as SHOOT_TYPES


class StudioPackageReport(models.Model):
    """Package sales, revenue and margin: the margin is the revenue of the package lines
    minus the cost of the package's parts (studio.package.component, at the store's cost)."""

    _name = "studio.package.report"
    _description = "Package Sales and Margin"
    _auto = False
    _order = "month desc, product_id"

    month = fields.Date(readonly=True)
    product_id = fields.Many2one("product.product", string="Package", readonly=True)
    shoot_type = fields.Selection(SHOOT_TYPES, readonly=True)
    company_id = fields.Many2one("res.company", string="Store", readonly=True)
    quantity = fields.Float(string="Sold", readonly=True, aggregator="sum")
    revenue = fields.Float(readonly=True, aggregator="sum")
    cost = fields.Float(string="Cost of Parts", readonly=True, aggregator="sum")
    margin = fields.Float(readonly=True, aggregator="sum")
    margin_percent = fields.Float(string="Margin (%)", compute="_compute_margin_percent")

    def _compute_margin_percent(self):
        for row in self:
            row.margin_percent = 100.0 * row.margin / row.revenue if row.revenue else 0.0

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                    WITH unit_cost AS (
                        -- the cost of one package from its parts, per store (standard_price is per company)
                        SELECT c.product_tmpl_id, co.id AS company_id,
                               sum(c.quantity * coalesce((part.standard_price ->> co.id::text)::numeric, 0)) AS cost
                          FROM studio_package_component c
                          JOIN product_product part ON part.id = c.product_id
                         CROSS JOIN res_company co
                      GROUP BY c.product_tmpl_id, co.id
                    )
                    SELECT min(l.id) AS id,
                           date_trunc('month', so.date_order)::date AS month,
                           l.product_id,
                           pt.studio_shoot_type AS shoot_type,
                           so.company_id,
                           sum(l.product_uom_qty) AS quantity,
                           sum(l.price_subtotal) AS revenue,
                           sum(l.product_uom_qty * coalesce(uc.cost,
                               (pp.standard_price ->> so.company_id::text)::numeric, 0)) AS cost,
                           sum(l.price_subtotal) - sum(l.product_uom_qty * coalesce(uc.cost,
                               (pp.standard_price ->> so.company_id::text)::numeric, 0)) AS margin
                      FROM sale_order_line l
                      JOIN sale_order so ON so.id = l.order_id
                      JOIN product_product pp ON pp.id = l.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 LEFT JOIN unit_cost uc ON uc.product_tmpl_id = pt.id AND uc.company_id = so.company_id
                     WHERE so.state = 'sale' AND pt.is_studio_package
                  GROUP BY 2, l.product_id, pt.studio_shoot_type, so.company_id
                )""",
                SQL.identifier(self._table),
            )
        )
