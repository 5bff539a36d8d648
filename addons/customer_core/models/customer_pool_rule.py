import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class CustomerPoolRule(models.Model):
    _name = "customer.pool.rule"
    _description = "Public Pool Rule"
    _order = "team_id, id"

    name = fields.Char(compute="_compute_name", store=True)
    team_id = fields.Many2one("crm.team", "Sales Team", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="team_id.company_id", store=True, index=True)
    active = fields.Boolean(default=True)
    days_without_contact = fields.Integer(
        "Days without Contact",
        default=15,
        required=True,
        help="A lead or customer whose owner logged no interaction for this many days returns to the pool.",
    )
    max_claims_per_day = fields.Integer(
        "Claims per Day",
        default=10,
        required=True,
        help="How many leads, and how many customers, one salesperson may claim from the pool per day (0: no limit).",
    )
    max_held_per_user = fields.Integer(
        "Held per Salesperson",
        default=100,
        required=True,
        help="How many open leads, and how many customers, of this team one salesperson may hold "
        "before claiming more (0: no limit).",
    )
    pool_lead_count = fields.Integer("Leads in Pool", compute="_compute_pool_lead_count")
    pool_partner_count = fields.Integer("Customers in Pool", compute="_compute_pool_lead_count")

    _team_uniq = models.Constraint("UNIQUE(team_id)", "A sales team has one pool rule.")
    _days_positive = models.Constraint("CHECK(days_without_contact > 0)", "The days without contact must be positive.")
    _limits_positive = models.Constraint(
        "CHECK(max_claims_per_day >= 0 AND max_held_per_user >= 0)",
        "Claim limits cannot be negative.",
    )

    @api.depends("team_id.name", "days_without_contact")
    def _compute_name(self):
        for rule in self:
            rule.name = self.env._(
                "%(team)s: %(days)s days", team=rule.team_id.name or "", days=rule.days_without_contact
            )

    def _compute_pool_lead_count(self):
        domain = [("in_pool", "=", True), ("team_id", "in", self.team_id.ids)]
        leads = dict(self.env["crm.lead"]._read_group(domain, ["team_id"], ["__count"]))
        partners = dict(self.env["res.partner"]._read_group(domain, ["team_id"], ["__count"]))
        for rule in self:
            rule.pool_lead_count = leads.get(rule.team_id, 0)
            rule.pool_partner_count = partners.get(rule.team_id, 0)

    @api.model
    def _check_vals(self, vals):
        # checked before the database CHECKs, so the user reads a clear message
        if "days_without_contact" in vals and vals["days_without_contact"] <= 0:
            raise ValidationError(self.env._("The days without contact must be positive."))
        if vals.get("max_claims_per_day", 0) < 0 or vals.get("max_held_per_user", 0) < 0:
            raise ValidationError(self.env._("Claim limits cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_vals(vals)
        return super().write(vals)

    def action_view_pool(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_core.crm_lead_pool_action")
        action["domain"] = [("in_pool", "=", True), ("team_id", "=", self.team_id.id)]
        return action

    def action_view_partner_pool(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_core.res_partner_pool_action")
        action["domain"] = [("in_pool", "=", True), ("team_id", "=", self.team_id.id)]
        return action

    # ------------------------------------------------------------------
    # Reclaim
    # ------------------------------------------------------------------
    @api.model
    def _reclaim_targets(self):
        """What the reclaim moves, per model: (history column, "last contact" SQL, extra condition).

        ``t`` is the row of the model's table.
        """
        return {
            "crm.lead": (
                "lead_id",
                SQL("COALESCE(t.last_contact_date, t.date_open, t.create_date)"),
                SQL("t.won_status IS DISTINCT FROM 'won'"),
            ),
            # customers, not colleagues: partners of internal users are never reclaimed
            "res.partner": (
                "partner_id",
                SQL("COALESCE(t.last_contact_date, t.create_date)"),
                SQL("t.partner_share IS NOT FALSE"),
            ),
        }

    @api.model
    def _sql_reclaim(self, now):
        """All rules and both kinds of record in ONE statement.

        Stale open leads and stale customers (a salesperson and a team) move to their team's
        pool; the history of both is written by the same statement (data-modifying CTEs: per
        model one ``SELECT ... FOR UPDATE SKIP LOCKED`` and one ``UPDATE``, then one ``INSERT``).
        Rows another transaction holds (a claim, an edit) are skipped and caught by the next run.
        History rows carry no create/write columns (``_log_access = False``): each foreign key of
        a history row is a per-row trigger, the largest cost after the UPDATE itself
        (tests/bench/pool_reclaim/README.md).
        Returns one row per model: (history column, records moved).
        """
        ctes, moved = [], []
        for index, (model, (column, last_contact, condition)) in enumerate(self._reclaim_targets().items()):
            stale, done = SQL.identifier(f"stale_{index}"), SQL.identifier(f"moved_{index}")
            table = SQL.identifier(self.env[model]._table)
            ctes.append(
                SQL(
                    """
            %(stale)s AS (
                SELECT t.id, t.user_id, t.team_id, t.company_id
                  FROM %(table)s t
                  JOIN rules r ON r.team_id = t.team_id
                 WHERE t.active
                   AND t.in_pool IS NOT TRUE
                   AND t.user_id IS NOT NULL
                   AND %(condition)s
                   AND %(last_contact)s < r.cutoff
                   FOR UPDATE OF t SKIP LOCKED
            ), %(done)s AS (
                UPDATE %(table)s t
                   SET in_pool = true, pool_date = %(now)s, pool_reason = 'no_contact', user_id = NULL,
                       write_uid = %(uid)s, write_date = %(now)s
                  FROM %(stale)s s
                 WHERE t.id = s.id
             RETURNING t.id, s.user_id, s.team_id, s.company_id
            )""",
                    stale=stale,
                    done=done,
                    table=table,
                    condition=condition,
                    last_contact=last_contact,
                    now=now,
                    uid=self.env.uid,
                )
            )
            moved.append(
                SQL(
                    "SELECT %(kind)s AS kind, id, user_id, team_id, company_id FROM %(done)s",
                    kind=column,
                    done=done,
                )
            )
        return SQL(
            """
            WITH rules AS (
                SELECT team_id, %(now)s - make_interval(days => days_without_contact) AS cutoff
                  FROM customer_pool_rule
                 WHERE active
            ), %(ctes)s, history AS (
                INSERT INTO customer_pool_history
                       (lead_id, partner_id, user_id, team_id, company_id, action, reason, date)
                SELECT CASE WHEN kind = 'lead_id' THEN id END, CASE WHEN kind = 'partner_id' THEN id END,
                       user_id, team_id, company_id, 'release', 'no_contact', %(now)s
                  FROM (%(moved)s) moved
             RETURNING CASE WHEN lead_id IS NOT NULL THEN 'lead_id' ELSE 'partner_id' END AS kind
            )
            SELECT kind, count(*) FROM history GROUP BY kind
            """,
            now=now,
            uid=self.env.uid,
            ctes=SQL(",").join(ctes),
            moved=SQL(" UNION ALL ").join(moved),
        )

    @api.model
    def _reclaim(self, now=None):
        """Daily job: one SQL statement over all rules, leads and customers.

        Returns the number of records reclaimed (leads + customers).
        """
        now = now or fields.Datetime.now()
        for model in ("crm.lead", "res.partner", "customer.pool.rule"):
            self.env[model].flush_model()
        self.env.cr.execute(self._sql_reclaim(now))
        counts = dict(self.env.cr.fetchall())
        leads, customers = counts.get("lead_id", 0), counts.get("partner_id", 0)
        pool_fields = ["in_pool", "pool_date", "pool_reason", "user_id", "write_uid", "write_date"]
        self.env["crm.lead"].invalidate_model(pool_fields)
        self.env["res.partner"].invalidate_model(pool_fields)
        _logger.info("public pool: %s leads and %s customers reclaimed", leads, customers)
        return leads + customers
