import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# An occurrence the job missed (server down, job late) is still handled this many days after.
CARE_GRACE_DAYS = 3


class CustomerCareRule(models.Model):
    _name = "customer.care.rule"
    _description = "Customer Care Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    date_type_id = fields.Many2one("customer.date.type", required=True, ondelete="restrict", index=True)
    days_before = fields.Integer(
        default=3,
        required=True,
        help="The activity is due on the date itself and is created this many days before it.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        "Activity",
        required=True,
        default=lambda self: self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False),
        domain="[('res_model', 'in', (False, 'res.partner'))]",
    )
    activity_note = fields.Html(translate=True)
    mail_template_id = fields.Many2one(
        "mail.template",
        "Send E-mail",
        domain="[('model', '=', 'res.partner')]",
        help="Optional: also send this e-mail to the customer when the activity is created.",
    )
    user_id = fields.Many2one(
        "res.users",
        "Fallback Responsible",
        help="Gets the activity when the customer has no salesperson.",
    )
    company_id = fields.Many2one("res.company", "Store", index=True)
    occurrence_ids = fields.One2many("customer.care.occurrence", "rule_id")
    occurrence_count = fields.Integer("Runs", compute="_compute_occurrence_count")

    _days_before_positive = models.Constraint("CHECK(days_before >= 0)", "The days before a date cannot be negative.")

    def _compute_occurrence_count(self):
        counts = dict(
            self.env["customer.care.occurrence"]._read_group([("rule_id", "in", self.ids)], ["rule_id"], ["__count"])
        )
        for rule in self:
            rule.occurrence_count = counts.get(rule, 0)

    @api.model
    def _check_days_before_vals(self, vals):
        # checked before the database CHECK, so the user reads a clear message
        if vals.get("days_before", 0) < 0:
            raise ValidationError(
                self.env._(
                    "Care rule %(rule)s: the days before a date cannot be negative.",
                    rule=vals.get("name") or ", ".join(self.mapped("name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_days_before_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_days_before_vals(vals)
        return super().write(vals)

    def action_view_occurrences(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Care Log"),
            "res_model": "customer.care.occurrence",
            "view_mode": "list",
            "domain": [("rule_id", "=", self.id)],
        }

    # ------------------------------------------------------------------
    # The daily job
    # ------------------------------------------------------------------
    @api.model
    def _sql_insert_occurrences(self, today, rule_ids=None):
        """One INSERT ... SELECT over all key dates and rules; the unique constraint on
        (rule, key date, occurrence) makes a second run (or a late one) a no-op. A lunar key date
        joins its Gregorian days in the lunar years around today (``customer.lunar.date``, filled
        here when missing), so it is handled in the same statement."""
        rule_filter = SQL("AND r.id IN %s", tuple(rule_ids)) if rule_ids else SQL()
        self.env["customer.lunar.date"]._ensure_years(range(today.year - 1, today.year + 2))
        return SQL(
            """
            WITH cand AS (
                SELECT r.id AS rule_id, kd.id AS key_date_id, kd.partner_id,
                       COALESCE(p.user_id, r.user_id) AS user_id, r.days_before,
                       CASE WHEN dt.recurrence = 'once' THEN kd.date
                            WHEN kd.calendar_type = 'lunar' THEN ld.date
                            ELSE make_date(y.y, kd.date_month,
                                 CASE WHEN kd.date_month = 2 AND kd.date_day = 29
                                       AND NOT (y.y %% 4 = 0 AND (y.y %% 100 <> 0 OR y.y %% 400 = 0))
                                      THEN 28 ELSE kd.date_day END)
                       END AS occ,
                       kd.date AS origin
                  FROM customer_care_rule r
                  JOIN customer_date_type dt ON dt.id = r.date_type_id
                  JOIN customer_key_date kd ON kd.date_type_id = r.date_type_id
                  JOIN res_partner p ON p.id = kd.partner_id AND p.active
                 CROSS JOIN (VALUES (%(year)s - 1), (%(year)s), (%(year)s + 1)) AS y(y)
                  -- a lunar date: its Gregorian day in lunar year y (customer.lunar.date)
                  LEFT JOIN customer_lunar_date ld
                         ON kd.calendar_type = 'lunar'
                        AND ld.lunar_year = y.y AND ld.lunar_month = kd.lunar_month
                        AND ld.leap = kd.lunar_leap AND ld.lunar_day = kd.lunar_day
                 WHERE r.active
                   AND (r.company_id IS NULL OR p.company_id IS NULL OR p.company_id = r.company_id)
                   %(rule_filter)s
            )
            INSERT INTO customer_care_occurrence
                   (rule_id, key_date_id, partner_id, user_id, occurrence_date, mail_sent,
                    create_uid, create_date, write_uid, write_date)
            SELECT DISTINCT rule_id, key_date_id, partner_id, user_id, occ, false,
                   %(uid)s, now() at time zone 'utc', %(uid)s, now() at time zone 'utc'
              FROM cand
             WHERE user_id IS NOT NULL
               AND occ >= origin
               AND occ - days_before <= %(today)s
               AND occ >= %(today)s - %(grace)s
            ON CONFLICT (rule_id, key_date_id, occurrence_date) DO NOTHING
            RETURNING id
            """,
            year=today.year,
            today=today,
            grace=CARE_GRACE_DAYS,
            uid=self.env.uid,
            rule_filter=rule_filter,
        )

    @api.model
    def _run_care_rules(self, today=None):
        """Daily job: create the care activities due today, each exactly once per occurrence."""
        today = today or fields.Date.context_today(self)
        self.env["customer.key.date"].flush_model()
        self.env["customer.care.rule"].flush_model()
        self.env["res.partner"].flush_model(["user_id", "active", "company_id"])
        self.env["customer.key.date"]._refresh_next_occurrences(today)
        self.env.cr.execute(self._sql_insert_occurrences(today))
        occurrence_ids = [row[0] for row in self.env.cr.fetchall()]
        occurrences = self.env["customer.care.occurrence"].sudo().browse(occurrence_ids)
        occurrences._create_activities()
        _logger.info("customer care: %s new occurrences", len(occurrences))
        return occurrences
