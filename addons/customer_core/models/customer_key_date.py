from odoo import api, fields, models
from odoo.tools import SQL


class CustomerKeyDate(models.Model):
    _name = "customer.key.date"
    _description = "Customer Key Date"
    _order = "date_month, date_day, id"

    partner_id = fields.Many2one("res.partner", "Customer", required=True, index=True, ondelete="cascade")
    date_type_id = fields.Many2one("customer.date.type", required=True, index=True, ondelete="restrict")
    date = fields.Date(required=True)
    note = fields.Char()
    recurrence = fields.Selection(related="date_type_id.recurrence")
    date_month = fields.Integer("Month", compute="_compute_date_parts", store=True)
    date_day = fields.Integer("Day", compute="_compute_date_parts", store=True)
    next_occurrence = fields.Date(
        compute="_compute_next_occurrence",
        store=True,
        index=True,
        help="The next time this date comes round (a 29 February falls on 28 February in common years).",
    )
    user_id = fields.Many2one("res.users", "Salesperson", related="partner_id.user_id", store=True)
    company_id = fields.Many2one("res.company", related="partner_id.company_id", store=True, index=True)

    _partner_type_date_uniq = models.Constraint(
        "UNIQUE(partner_id, date_type_id, date)",
        "This customer already has this date.",
    )
    _date_type_idx = models.Index("(date_type_id, date_month, date_day)")

    @api.depends("partner_id.name", "date_type_id.name")
    def _compute_display_name(self):
        for key_date in self:
            key_date.display_name = f"{key_date.partner_id.name or ''} · {key_date.date_type_id.name or ''}"

    @api.depends("date")
    def _compute_date_parts(self):
        for key_date in self:
            key_date.date_month = key_date.date.month if key_date.date else 0
            key_date.date_day = key_date.date.day if key_date.date else 0

    @api.depends("date", "date_type_id.recurrence")
    def _compute_next_occurrence(self):
        today = fields.Date.context_today(self)
        for key_date in self:
            key_date.next_occurrence = key_date._get_next_occurrence(today)

    def _get_next_occurrence(self, today):
        """Same rule as the SQL of the care job: yearly dates come back every year."""
        self.ensure_one()
        if not self.date:
            return False
        if self.recurrence == "once":
            return self.date if self.date >= today else False
        for year in (today.year, today.year + 1):
            occurrence = self._occurrence_in(year)
            if occurrence >= today and occurrence >= self.date:
                return occurrence
        return self._occurrence_in(max(today.year + 1, self.date.year))

    def _occurrence_in(self, year):
        month, day = self.date.month, self.date.day
        if month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
            day = 28
        return self.date.replace(year=year, month=month, day=day)

    @api.model
    def _refresh_next_occurrences(self, today):
        """Daily: move the passed occurrences to the next year (one statement)."""
        self.env.cr.execute(
            SQL(
                """
            UPDATE customer_key_date kd
               SET next_occurrence = CASE
                   WHEN dt.recurrence = 'once' THEN NULL
                   ELSE (SELECT MIN(o) FROM (
                         SELECT make_date(y, kd.date_month,
                                CASE WHEN kd.date_month = 2 AND kd.date_day = 29
                                      AND NOT (y %% 4 = 0 AND (y %% 100 <> 0 OR y %% 400 = 0))
                                     THEN 28 ELSE kd.date_day END) AS o
                           FROM (VALUES (%(year)s), (%(year)s + 1)) AS ys(y)) c
                         WHERE o >= %(today)s AND o >= kd.date)
                   END
              FROM customer_date_type dt
             WHERE dt.id = kd.date_type_id
               AND (kd.next_occurrence IS NULL OR kd.next_occurrence < %(today)s)
               AND (dt.recurrence = 'yearly' OR kd.next_occurrence IS NOT NULL)
            """,
                year=today.year,
                today=today,
            )
        )
        self.invalidate_model(["next_occurrence"])
