from odoo import fields, models, tools
from odoo.tools import SQL


class StudioCustomerReport(models.Model):
    """Repurchase and referral, one row per customer and store: averaging the 0/100 flags
    gives the rates for any grouping (store, year of the first order, tag...)."""

    _name = "studio.customer.report"
    _description = "Repurchase and Referral Rate"
    _auto = False
    _order = "first_order desc"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", string="Store", readonly=True)
    first_order = fields.Date(readonly=True)
    last_order = fields.Date(readonly=True)
    orders = fields.Integer(readonly=True, aggregator="sum")
    revenue = fields.Float(readonly=True, aggregator="sum")
    customers = fields.Integer(readonly=True, aggregator="sum")
    repeat_customers = fields.Integer(string="Came Back", readonly=True, aggregator="sum")
    referred_customers = fields.Integer(string="Came by Referral", readonly=True, aggregator="sum")
    repurchase_rate = fields.Float(string="Repurchase Rate (%)", readonly=True, aggregator="avg")
    referral_rate = fields.Float(string="Referral Rate (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %(view)s AS (
                    WITH orders AS (
                        SELECT so.id, so.company_id, p.commercial_partner_id AS partner_id, so.date_order,
                               so.amount_untaxed, so.source_id,
                               row_number() OVER (PARTITION BY so.company_id, p.commercial_partner_id
                                                  ORDER BY so.date_order, so.id) AS rank
                          FROM sale_order so
                          JOIN res_partner p ON p.id = so.partner_id
                         WHERE so.state = 'sale' AND so.studio_package_id IS NOT NULL
                    ),
                    referral AS (
                        SELECT res_id AS id FROM ir_model_data
                         WHERE module = 'utm' AND name = 'utm_source_referral'
                    )
                    SELECT min(o.id) AS id,
                           o.company_id,
                           o.partner_id,
                           min(o.date_order)::date AS first_order,
                           max(o.date_order)::date AS last_order,
                           count(*) AS orders,
                           sum(o.amount_untaxed) AS revenue,
                           1 AS customers,
                           CASE WHEN count(*) > 1 THEN 1 ELSE 0 END AS repeat_customers,
                           CASE WHEN bool_or(o.rank = 1 AND o.source_id IN (SELECT id FROM referral))
                                THEN 1 ELSE 0 END AS referred_customers,
                           CASE WHEN count(*) > 1 THEN 100.0 ELSE 0.0 END AS repurchase_rate,
                           CASE WHEN bool_or(o.rank = 1 AND o.source_id IN (SELECT id FROM referral))
                                THEN 100.0 ELSE 0.0 END AS referral_rate
                      FROM orders o
                  GROUP BY o.company_id, o.partner_id
                )""",
                view=SQL.identifier(self._table),
            )
        )
