from odoo import fields, models, tools
from odoo.tools import SQL


class StudioChannelCost(models.Model):
    _name = "studio.channel.cost"
    _description = "Marketing Spend per Channel"
    _order = "date desc"

    source_id = fields.Many2one("utm.source", string="Channel", required=True)
    date = fields.Date(string="Month", required=True, default=fields.Date.context_today)
    amount = fields.Monetary(required=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    company_id = fields.Many2one("res.company", string="Store", required=True, default=lambda self: self.env.company)
    note = fields.Char()

    _amount_positive = models.Constraint("CHECK (amount >= 0)", "A channel cost cannot be negative.")


class StudioChannelReport(models.Model):
    _name = "studio.channel.report"
    _description = "Leads, Orders and ROI by Channel"
    _auto = False
    _order = "month desc"

    month = fields.Date(readonly=True)
    source_id = fields.Many2one("utm.source", string="Channel", readonly=True)
    company_id = fields.Many2one("res.company", string="Store", readonly=True)
    leads = fields.Integer(readonly=True, aggregator="sum")
    orders = fields.Integer(readonly=True, aggregator="sum")
    revenue = fields.Float(readonly=True, aggregator="sum")
    cost = fields.Float(readonly=True, aggregator="sum")
    profit = fields.Float(string="Revenue minus Cost", readonly=True, aggregator="sum")
    roi = fields.Float(string="ROI (%)", compute="_compute_roi")

    def _compute_roi(self):
        for row in self:
            row.roi = 100.0 * row.profit / row.cost if row.cost else 0.0

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                    WITH facts AS (
                        SELECT source_id, company_id, date_trunc('month', create_date)::date AS month,
                               count(*) AS leads, 0 AS orders, 0.0 AS revenue, 0.0 AS cost
                          FROM crm_lead
                         WHERE source_id IS NOT NULL
                      GROUP BY 1, 2, 3
                     UNION ALL
                        SELECT source_id, company_id, date_trunc('month', date_order)::date,
                               0, count(*), sum(amount_untaxed), 0.0
                          FROM sale_order
                         WHERE source_id IS NOT NULL AND state = 'sale'
                      GROUP BY 1, 2, 3
                     UNION ALL
                        SELECT source_id, company_id, date_trunc('month', date)::date,
                               0, 0, 0.0, sum(amount)
                          FROM studio_channel_cost
                      GROUP BY 1, 2, 3
                    )
                    SELECT row_number() OVER (ORDER BY month, source_id, company_id) AS id,
                           month, source_id, company_id,
                           sum(leads) AS leads, sum(orders) AS orders,
                           sum(revenue) AS revenue, sum(cost) AS cost,
                           sum(revenue) - sum(cost) AS profit
                      FROM facts
                  GROUP BY month, source_id, company_id
                )""",
                SQL.identifier(self._table),
            )
        )
