from odoo import api, fields, models, tools
from odoo.fields import Domain
from odoo.tools import SQL


class StudioStoreReport(models.Model):
    """Store comparison for the head office: one row per fact (an order, a shoot, a score,
    a customer); sums add up and averages skip the rows where they do not apply (NULL)."""

    _name = "studio.store.report"
    _description = "Store Comparison"
    _auto = False
    _order = "date desc"

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", string="Store", readonly=True)
    parent_company_id = fields.Many2one("res.company", string="Head Office", readonly=True)
    fact = fields.Selection(
        [("order", "Order"), ("shoot", "Shoot"), ("rating", "Score"), ("customer", "Customer")], readonly=True
    )
    orders = fields.Integer(readonly=True, aggregator="sum")
    revenue = fields.Float(readonly=True, aggregator="sum")
    margin = fields.Float(string="Package Margin", readonly=True, aggregator="sum")
    shoots = fields.Integer(readonly=True, aggregator="sum")
    shoot_hours = fields.Float(readonly=True, aggregator="sum")
    satisfaction = fields.Float(readonly=True, aggregator="avg")
    customers = fields.Integer(readonly=True, aggregator="sum")
    repurchase_rate = fields.Float(string="Repurchase Rate (%)", readonly=True, aggregator="avg")
    referral_rate = fields.Float(string="Referral Rate (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %(view)s AS (
                    WITH facts AS (
                        SELECT so.id::bigint * 8 AS id, 'order' AS fact, so.company_id,
                               so.date_order::date AS date,
                               1 AS orders, so.amount_untaxed AS revenue, 0.0 AS margin,
                               0 AS shoots, 0.0 AS shoot_hours, NULL::float AS satisfaction,
                               0 AS customers, NULL::float AS repurchase_rate, NULL::float AS referral_rate
                          FROM sale_order so
                         WHERE so.state = 'sale' AND so.studio_package_id IS NOT NULL
                     UNION ALL
                        SELECT pr.id::bigint * 8 + 1, 'order', pr.company_id, pr.month, 0, 0.0, pr.margin,
                               0, 0.0, NULL, 0, NULL, NULL
                          FROM studio_package_report pr
                     UNION ALL
                        SELECT b.id::bigint * 8 + 2, 'shoot', b.company_id, b.start::date, 0, 0.0, 0.0,
                               1, extract(epoch FROM b.stop - b.start) / 3600.0, NULL, 0, NULL, NULL
                          FROM studio_booking b
                         WHERE b.state IN ('reserved', 'confirmed', 'done')
                     UNION ALL
                        SELECT r.id::bigint * 8 + 3, 'rating', r.company_id, r.date, 0, 0.0, 0.0, 0, 0.0, r.score,
                               0, NULL, NULL
                          FROM studio_rating r
                         WHERE r.target = 'overall'
                     UNION ALL
                        SELECT c.id::bigint * 8 + 4, 'customer', c.company_id, c.first_order, 0, 0.0, 0.0, 0, 0.0, NULL,
                               1, c.repurchase_rate, c.referral_rate
                          FROM studio_customer_report c
                    )
                    -- ids built from the source rows (no window function: filters reach the tables)
                    SELECT f.*, co.parent_id AS parent_company_id
                      FROM facts f
                      JOIN res_company co ON co.id = f.company_id
                )""",
                view=SQL.identifier(self._table),
            )
        )

    @api.model
    def _compare(self, companies, date_from, date_to):
        """The figures of each store between two dates, for the head office's PDF and xlsx."""
        domain = (
            Domain("company_id", "in", companies.ids) & Domain("date", ">=", date_from) & Domain("date", "<=", date_to)
        )
        groups = self._read_group(
            domain,
            ["company_id"],
            [
                "orders:sum",
                "revenue:sum",
                "margin:sum",
                "shoots:sum",
                "shoot_hours:sum",
                "satisfaction:avg",
                "customers:sum",
                "repurchase_rate:avg",
                "referral_rate:avg",
            ],
        )
        keys = ["orders", "revenue", "margin", "shoots", "shoot_hours", "satisfaction", "customers"]
        keys += ["repurchase_rate", "referral_rate"]
        rows = {company: dict(zip(keys, values, strict=True)) for company, *values in groups}
        result = []
        for company in companies:
            row = rows.get(company, dict.fromkeys(keys, 0))
            row = {key: value or 0 for key, value in row.items()}
            row["company"] = company
            row["average_order"] = row["revenue"] / row["orders"] if row["orders"] else 0.0
            result.append(row)
        return result
