from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.lunar import year_in_range, year_table


class CustomerLunarDate(models.Model):
    """The Gregorian day of every lunar (month, leap, day) a key date may hold, per lunar year:
    what lets the daily care pass handle lunar key dates in its one set-based statement (a join)
    instead of converting dates in Python. Filled on demand, 720 rows per lunar year, from the same
    conversion the key dates' own computations use (``tools/lunar.py``)."""

    _name = "customer.lunar.date"
    _description = "Lunar Calendar Day"
    _order = "date"
    _log_access = False

    lunar_year = fields.Integer(required=True, readonly=True)
    lunar_month = fields.Integer(required=True, readonly=True)
    leap = fields.Boolean("Leap Month", readonly=True, help="The key dates kept in the leap month.")
    lunar_day = fields.Integer(required=True, readonly=True)
    date = fields.Date(required=True, readonly=True)

    _lunar_day_uniq = models.UniqueIndex("(lunar_year, lunar_month, leap, lunar_day)")

    @api.model
    def _ensure_years(self, years):
        """Add the lunar years of ``years`` that are missing (those the tables cover)."""
        years = sorted({year for year in years if year_in_range(year)})
        if not years:
            return
        cr = self.env.cr
        cr.execute(SQL("SELECT DISTINCT lunar_year FROM customer_lunar_date WHERE lunar_year IN %s", tuple(years)))
        present = {row[0] for row in cr.fetchall()}
        rows = [
            (year, month, leap, day, date)
            for year in years
            if year not in present
            for month, leap, day, date in year_table(year)
        ]
        if not rows:
            return
        cr.execute(
            SQL(
                """
                INSERT INTO customer_lunar_date (lunar_year, lunar_month, leap, lunar_day, date)
                SELECT * FROM unnest(%s::int[], %s::int[], %s::bool[], %s::int[], %s::date[])
                ON CONFLICT (lunar_year, lunar_month, leap, lunar_day) DO NOTHING
                """,
                [r[0] for r in rows],
                [r[1] for r in rows],
                [r[2] for r in rows],
                [r[3] for r in rows],
                [r[4] for r in rows],
            )
        )
        self.invalidate_model()
