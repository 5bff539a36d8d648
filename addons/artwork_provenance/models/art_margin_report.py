from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import jit_off
from .art_artwork import STATUS_SELECTION


class ArtMarginReport(models.Model):
    _name = "art.margin.report"
    _description = "Artwork Margin and Inventory Analysis"
    _auto = False
    _order = "artwork_id"

    artwork_id = fields.Many2one("art.artwork", readonly=True)
    artist_id = fields.Many2one("res.partner", readonly=True)
    category_id = fields.Many2one("art.category", readonly=True)
    period_id = fields.Many2one("art.period", readonly=True)
    medium_id = fields.Many2one("art.medium", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    location_id = fields.Many2one("stock.location", readonly=True)
    status = fields.Selection(STATUS_SELECTION, readonly=True)
    price_band_id = fields.Many2one("art.price.band", readonly=True)
    year = fields.Integer(readonly=True, aggregator=None)
    artwork_count = fields.Integer(string="# Artworks", readonly=True)
    list_price = fields.Monetary(string="Asking Price", readonly=True)
    purchase_cost = fields.Monetary(readonly=True)
    extra_cost = fields.Monetary(string="Extra Costs", readonly=True)
    total_cost = fields.Monetary(readonly=True, help="Purchase cost and extra costs of the works, sold or not.")
    sale_price = fields.Monetary(readonly=True, help="Invoiced (else ordered) price of the works sold.")
    sold_count = fields.Integer(string="# Sold", readonly=True)
    cost_of_sales = fields.Monetary(
        string="Cost of Works Sold", readonly=True, help="Total cost of the works sold: what the margin is taken on."
    )
    margin = fields.Monetary(readonly=True, help="Sale price minus the cost of the works sold.")
    roi = fields.Float(
        string="ROI (%)",
        readonly=True,
        aggregator="avg",
        help="Margin over cost of each work sold; a group shows the average over its works sold (unsold works "
        "are left out).",
    )
    stock_cost = fields.Monetary(
        string="Cost of Unsold Stock", readonly=True, help="Total cost of the works not sold yet: money in inventory."
    )
    latest_valuation = fields.Monetary(readonly=True)

    @api.model
    def _cost_ctes(self, artwork_filter=None):
        """Per-artwork purchase cost, extra costs and sale price, from posted accounting entries.

        With a filter (a few artworks), each aggregate is restricted to them; without, the whole
        table is aggregated once and joined.
        """

        def restrict(column, target):
            if artwork_filter is None:
                return SQL("TRUE")
            return SQL("%s IN (SELECT %s FROM art_artwork a WHERE %s)", column, target, artwork_filter)

        return SQL(
            """
            pc AS (
                SELECT aml.product_id, SUM(aml.balance) AS amount
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                 WHERE aml.parent_state = 'posted' AND aml.display_type = 'product'
                   AND am.move_type IN ('in_invoice', 'in_refund')
                   AND (aml.art_artwork_id IS NULL OR aml.art_cost_type = 'purchase')
                   AND %(pc_flt)s
              GROUP BY aml.product_id
            ),
            ec AS (
                SELECT aml.art_artwork_id AS artwork_id, SUM(aml.balance) AS amount
                  FROM account_move_line aml
                 WHERE aml.parent_state = 'posted' AND aml.art_artwork_id IS NOT NULL
                   AND aml.art_cost_type <> 'purchase'
                   AND %(ec_flt)s
              GROUP BY aml.art_artwork_id
            ),
            inv AS (
                SELECT aml.product_id, -SUM(aml.balance) AS amount
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                 WHERE aml.parent_state = 'posted' AND aml.display_type = 'product'
                   AND am.move_type IN ('out_invoice', 'out_refund')
                   AND %(inv_flt)s
              GROUP BY aml.product_id
            ),
            so AS (
                SELECT sol.product_id, SUM(sol.price_subtotal / COALESCE(NULLIF(o.currency_rate, 0), 1)) AS amount
                  FROM sale_order_line sol
                  JOIN sale_order o ON o.id = sol.order_id
                 WHERE o.state = 'sale'
                   AND %(so_flt)s
              GROUP BY sol.product_id
            ),
            val AS (
                SELECT DISTINCT ON (v.artwork_id) v.artwork_id, v.amount_company AS amount
                  FROM art_valuation v
                 WHERE %(val_flt)s
              ORDER BY v.artwork_id, v.date DESC, v.id DESC
            )
            """,
            pc_flt=restrict(SQL("aml.product_id"), SQL("a.product_id")),
            ec_flt=restrict(SQL("aml.art_artwork_id"), SQL("a.id")),
            inv_flt=restrict(SQL("aml.product_id"), SQL("a.product_id")),
            so_flt=restrict(SQL("sol.product_id"), SQL("a.product_id")),
            val_flt=restrict(SQL("v.artwork_id"), SQL("a.id")),
        )

    @api.model
    def _figures(self, artwork_ids):
        """{artwork id: (purchase cost, extra costs, sale price)} for a few artworks."""
        if not artwork_ids:
            return {}
        self.env.flush_all()
        flt = SQL("a.id = ANY(%s)", list(artwork_ids))
        self.env.cr.execute(
            SQL(
                """WITH %(ctes)s
               SELECT a.id, COALESCE(pc.amount, 0), COALESCE(ec.amount, 0), COALESCE(inv.amount, so.amount, 0)
                 FROM art_artwork a
            LEFT JOIN pc ON pc.product_id = a.product_id
            LEFT JOIN ec ON ec.artwork_id = a.id
            LEFT JOIN inv ON inv.product_id = a.product_id
            LEFT JOIN so ON so.product_id = a.product_id
                WHERE %(flt)s""",
                ctes=self._cost_ctes(flt),
                flt=flt,
            )
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    @property
    def _table_query(self):
        return SQL(
            """WITH %(ctes)s
            SELECT a.id, a.id AS artwork_id, a.artist_id, a.category_id, a.period_id, a.medium_id,
                   a.company_id, c.currency_id, a.location_id, a.status, a.year,
                   1 AS artwork_count,
                   a.price_band_id,
                   a.list_price,
                   COALESCE(pc.amount, 0) AS purchase_cost,
                   COALESCE(ec.amount, 0) AS extra_cost,
                   COALESCE(pc.amount, 0) + COALESCE(ec.amount, 0) AS total_cost,
                   COALESCE(inv.amount, so.amount, 0) AS sale_price,
                   -- sold = a sale is recorded (invoiced or confirmed): the margin and the cost of sales
                   -- are taken on those works only, the cost of the others is stock
                   CASE WHEN COALESCE(inv.amount, so.amount) IS NULL THEN 0 ELSE 1 END AS sold_count,
                   CASE WHEN COALESCE(inv.amount, so.amount) IS NULL THEN 0
                        ELSE COALESCE(pc.amount, 0) + COALESCE(ec.amount, 0)
                   END AS cost_of_sales,
                   CASE WHEN COALESCE(inv.amount, so.amount) IS NULL THEN 0
                        ELSE COALESCE(inv.amount, so.amount) - COALESCE(pc.amount, 0) - COALESCE(ec.amount, 0)
                   END AS margin,
                   -- NULL for a work not sold (or without cost): the average of a group is over its sales
                   CASE WHEN COALESCE(inv.amount, so.amount) IS NULL
                          OR COALESCE(pc.amount, 0) + COALESCE(ec.amount, 0) = 0 THEN NULL
                        ELSE (COALESCE(inv.amount, so.amount) - COALESCE(pc.amount, 0) - COALESCE(ec.amount, 0))
                             * 100.0 / (COALESCE(pc.amount, 0) + COALESCE(ec.amount, 0))
                   END AS roi,
                   CASE WHEN COALESCE(inv.amount, so.amount) IS NULL
                        THEN COALESCE(pc.amount, 0) + COALESCE(ec.amount, 0) ELSE 0
                   END AS stock_cost,
                   COALESCE(val.amount, 0) AS latest_valuation
              FROM art_artwork a
              JOIN res_company c ON c.id = a.company_id
         LEFT JOIN pc ON pc.product_id = a.product_id
         LEFT JOIN ec ON ec.artwork_id = a.id
         LEFT JOIN inv ON inv.product_id = a.product_id
         LEFT JOIN so ON so.product_id = a.product_id
         LEFT JOIN val ON val.artwork_id = a.id
             WHERE a.active""",
            ctes=self._cost_ctes(),
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        # the view reads artworks, valuations and accounting lines: flush them first
        self.env.flush_all()
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        self.env.flush_all()
        with jit_off(self.env.cr):
            return super()._read_group(
                domain, groupby, aggregates, having=having, offset=offset, limit=limit, order=order
            )
