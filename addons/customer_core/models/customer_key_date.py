from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools.lunar import format_zh, lunar_to_solar, solar_to_lunar, year_in_range


class CustomerKeyDate(models.Model):
    _name = "customer.key.date"
    _description = "Customer Key Date"
    _order = "date_month, date_day, id"

    partner_id = fields.Many2one("res.partner", "Customer", required=True, index=True, ondelete="cascade")
    date_type_id = fields.Many2one("customer.date.type", required=True, index=True, ondelete="restrict")
    date = fields.Date(required=True)
    note = fields.Char()
    calendar_type = fields.Selection(
        [("solar", "Gregorian"), ("lunar", "Lunar")],
        "Calendar",
        required=True,
        default="solar",
        help="Lunar: the date comes round each year on its lunar month and day (农历), "
        "a different Gregorian day every year.",
    )
    lunar_month = fields.Integer(
        compute="_compute_lunar_parts",
        store=True,
        readonly=False,
        precompute=True,
        help="Filled from the date; change it when the customer keeps another lunar day.",
    )
    lunar_day = fields.Integer(compute="_compute_lunar_parts", store=True, readonly=False, precompute=True)
    lunar_leap = fields.Boolean(
        "Leap Month",
        compute="_compute_lunar_parts",
        store=True,
        readonly=False,
        precompute=True,
        help="Kept in the leap month (闰月) in the years that have it, in the ordinary month of that "
        "number in the other years.",
    )
    lunar_label = fields.Char("Lunar Date", compute="_compute_lunar_label")
    date_this_year = fields.Date(
        "This Year",
        compute="_compute_date_this_year",
        help="The Gregorian day the date falls on this year.",
    )
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
    _lunar_parts_check = models.Constraint(
        "CHECK(calendar_type <> 'lunar' OR (lunar_month BETWEEN 1 AND 12 AND lunar_day BETWEEN 1 AND 30))",
        "A lunar date needs a month from 1 to 12 and a day from 1 to 30.",
    )

    @api.depends("partner_id.name", "date_type_id.name")
    def _compute_display_name(self):
        for key_date in self:
            key_date.display_name = f"{key_date.partner_id.name or ''} · {key_date.date_type_id.name or ''}"

    @api.depends("date")
    def _compute_date_parts(self):
        for key_date in self:
            key_date.date_month = key_date.date.month if key_date.date else 0
            key_date.date_day = key_date.date.day if key_date.date else 0

    @api.depends("date", "calendar_type")
    def _compute_lunar_parts(self):
        for key_date in self:
            lunar = key_date.calendar_type == "lunar" and key_date.date and solar_to_lunar(key_date.date)
            if lunar:
                _year, key_date.lunar_month, key_date.lunar_day, key_date.lunar_leap = lunar
            else:
                key_date.lunar_month = key_date.lunar_day = 0
                key_date.lunar_leap = False

    @api.depends("calendar_type", "lunar_month", "lunar_day", "lunar_leap")
    @api.depends_context("lang")
    def _compute_lunar_label(self):
        chinese = (self.env.lang or "").startswith("zh")
        for key_date in self:
            if key_date.calendar_type != "lunar" or not key_date._lunar_parts_valid():
                key_date.lunar_label = False
            elif chinese:
                key_date.lunar_label = format_zh(key_date.lunar_month, key_date.lunar_day, key_date.lunar_leap)
            elif key_date.lunar_leap:
                key_date.lunar_label = self.env._(
                    "Lunar leap month %(month)s, day %(day)s", month=key_date.lunar_month, day=key_date.lunar_day
                )
            else:
                key_date.lunar_label = self.env._(
                    "Lunar month %(month)s, day %(day)s", month=key_date.lunar_month, day=key_date.lunar_day
                )

    @api.depends("date", "calendar_type", "lunar_month", "lunar_day", "lunar_leap", "date_type_id.recurrence")
    def _compute_date_this_year(self):
        today = fields.Date.context_today(self)
        for key_date in self:
            if not key_date.date:
                key_date.date_this_year = False
            elif key_date.recurrence == "once":
                key_date.date_this_year = key_date.date if key_date.date.year == today.year else False
            elif key_date.calendar_type == "lunar":
                # the lunar year starts in January or February: the day of this Gregorian year is
                # last lunar year's when the date is late in the lunar year (腊月), else this one's
                days = [key_date._lunar_occurrence_in(year) for year in (today.year - 1, today.year)]
                key_date.date_this_year = min((d for d in days if d and d.year == today.year), default=False)
            else:
                key_date.date_this_year = key_date._occurrence_in(today.year)

    @api.depends("date", "date_type_id.recurrence", "calendar_type", "lunar_month", "lunar_day", "lunar_leap")
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
        if self.calendar_type == "lunar":
            # lunar years start in January/February: last lunar year's 腊月 may still be ahead
            start = max(today.year, self.date.year) - 1
            occurrences = [self._lunar_occurrence_in(year) for year in range(start, start + 3)]
            return min((o for o in occurrences if o and o >= today and o >= self.date), default=False)
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

    def _lunar_parts_valid(self):
        self.ensure_one()
        return 1 <= self.lunar_month <= 12 and 1 <= self.lunar_day <= 30

    def _lunar_occurrence_in(self, lunar_year):
        """The Gregorian day of this lunar date in ``lunar_year`` (None outside 1900-2100); the same
        conversion fills ``customer.lunar.date``, which the daily pass joins."""
        self.ensure_one()
        return lunar_to_solar(lunar_year, self.lunar_month, self.lunar_day, self.lunar_leap)

    @api.constrains("calendar_type", "lunar_month", "lunar_day", "date")
    def _check_lunar_parts(self):
        for key_date in self.filtered(lambda d: d.calendar_type == "lunar"):
            if not key_date._lunar_parts_valid():
                raise ValidationError(
                    self.env._(
                        "%(date)s: a lunar date needs a month from 1 to 12 and a day from 1 to 30.",
                        date=key_date.display_name,
                    )
                )
            if not year_in_range(key_date.date.year):
                raise ValidationError(
                    self.env._(
                        "%(date)s: lunar dates are converted from 1900 to 2100 only.",
                        date=key_date.display_name,
                    )
                )

    def _check_lunar_vals(self, vals, calendar_type):
        """Before the database CHECK, so that the user reads which date and why."""
        if calendar_type != "lunar":
            return
        month, day = vals.get("lunar_month", 1), vals.get("lunar_day", 1)
        if not (1 <= (month or 0) <= 12 and 1 <= (day or 0) <= 30):
            raise ValidationError(
                self.env._(
                    "%(date)s: a lunar date needs a month from 1 to 12 and a day from 1 to 30.",
                    date=self.display_name if self else vals.get("date") or "",
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_lunar_vals(vals, vals.get("calendar_type", "solar"))
        return super().create(vals_list)

    def write(self, vals):
        if {"lunar_month", "lunar_day", "calendar_type"} & vals.keys():
            for key_date in self:
                key_date._check_lunar_vals(vals, vals.get("calendar_type", key_date.calendar_type))
        return super().write(vals)

    @api.model
    def _refresh_next_occurrences(self, today):
        """Daily: move the passed occurrences to the next year (one statement); lunar dates through
        ``customer.lunar.date``, which the caller fills for the lunar years around ``today``."""
        self.env["customer.lunar.date"]._ensure_years(range(today.year - 1, today.year + 2))
        self.env.cr.execute(
            SQL(
                """
            UPDATE customer_key_date kd
               SET next_occurrence = CASE
                   WHEN dt.recurrence = 'once' THEN NULL
                   WHEN kd.calendar_type = 'lunar' THEN (
                        SELECT MIN(ld.date) FROM customer_lunar_date ld
                         WHERE ld.lunar_year BETWEEN %(year)s - 1 AND %(year)s + 1
                           AND ld.lunar_month = kd.lunar_month AND ld.leap = kd.lunar_leap
                           AND ld.lunar_day = kd.lunar_day
                           AND ld.date >= %(today)s AND ld.date >= kd.date)
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
