from odoo import fields, models, tools
from odoo.tools import SQL


class StudioUtilisationReport(models.Model):
    _name = "studio.utilisation.report"
    _description = "Studio Utilisation by Week"
    _auto = False
    _order = "week desc, resource_id"

    week = fields.Date(readonly=True)
    resource_id = fields.Many2one("resource.resource", readonly=True)
    role = fields.Selection(related="resource_id.studio_role", readonly=True)
    company_id = fields.Many2one("res.company", string="Store", readonly=True)
    booked_hours = fields.Float(readonly=True, aggregator="sum")
    working_hours = fields.Float(readonly=True, aggregator="sum")
    utilisation = fields.Float(string="Utilisation (%)", readonly=True, aggregator="avg")
    shoots = fields.Integer(readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                    WITH booked AS (
                        SELECT l.resource_id,
                               date_trunc('week', l.start)::date AS week,
                               sum(extract(epoch FROM l.stop - l.start)) / 3600.0 AS hours,
                               count(*) AS shoots
                          FROM studio_booking_line l
                         WHERE l.blocking
                           AND l.role IN ('photographer', 'makeup', 'assistant', 'retoucher', 'room', 'outdoor')
                      GROUP BY 1, 2
                    )
                    SELECT row_number() OVER (ORDER BY b.week, b.resource_id) AS id,
                           b.week,
                           b.resource_id,
                           r.company_id,
                           b.hours AS booked_hours,
                           coalesce(c.hours_per_week, 0) AS working_hours,
                           CASE WHEN coalesce(c.hours_per_week, 0) > 0
                                THEN 100.0 * b.hours / c.hours_per_week ELSE 0 END AS utilisation,
                           b.shoots
                      FROM booked b
                      JOIN resource_resource r ON r.id = b.resource_id
                 LEFT JOIN resource_calendar c ON c.id = r.calendar_id
                )""",
                SQL.identifier(self._table),
            )
        )
