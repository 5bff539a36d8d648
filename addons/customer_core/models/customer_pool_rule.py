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
    def _sql_reclaim(self, now):
        """All rules and both kinds of record in ONE statement.

        Stale open leads (``crm_lead``) and stale customers (``res_partner`` with a salesperson
        and a team) move to their team's pool; the history of both is written by the same
        statement (data-modifying CTEs). Rows another transaction holds (a claim, an edit) are
        skipped and caught by the next run. Returns one row: (leads moved, customers moved).
        """
        return SQL(
            """
            WITH rules AS (
                SELECT team_id, %(now)s - make_interval(days => days_without_contact) AS cutoff
                  FROM customer_pool_rule
                 WHERE active
            ), stale_leads AS (
                SELECT l.id, l.user_id, l.team_id, l.company_id
                  FROM crm_lead l
                  JOIN rules r ON r.team_id = l.team_id
                 WHERE l.active
                   AND l.in_pool IS NOT TRUE
                   AND l.user_id IS NOT NULL
                   AND l.won_status IS DISTINCT FROM 'won'
                   AND COALESCE(l.last_contact_date, l.date_open, l.create_date) < r.cutoff
                   FOR UPDATE OF l SKIP LOCKED
            ), moved_leads AS (
                UPDATE crm_lead l
                   SET in_pool = true, pool_date = %(now)s, pool_reason = 'no_contact', user_id = NULL,
                       write_uid = %(uid)s, write_date = %(now)s
                  FROM stale_leads s
                 WHERE l.id = s.id
             RETURNING l.id, s.user_id, s.team_id, s.company_id
            ), stale_partners AS (
                SELECT p.id, p.user_id, p.team_id, p.company_id
                  FROM res_partner p
                  JOIN rules r ON r.team_id = p.team_id
                 WHERE p.active
                   AND p.in_pool IS NOT TRUE
                   AND p.user_id IS NOT NULL
                   AND p.partner_share IS NOT FALSE
                   AND COALESCE(p.last_contact_date, p.create_date) < r.cutoff
                   FOR UPDATE OF p SKIP LOCKED
            ), moved_partners AS (
                UPDATE res_partner p
                   SET in_pool = true, pool_date = %(now)s, pool_reason = 'no_contact', user_id = NULL,
                       write_uid = %(uid)s, write_date = %(now)s
                  FROM stale_partners s
                 WHERE p.id = s.id
             RETURNING p.id, s.user_id, s.team_id, s.company_id
            ), history AS (
            INSERT INTO customer_pool_history
                   (lead_id, partner_id, user_id, team_id, company_id, action, reason, date,
                    create_uid, create_date, write_uid, write_date)
            SELECT lead_id, partner_id, user_id, team_id, company_id, 'release', 'no_contact', %(now)s,
                   %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM (SELECT id AS lead_id, NULL::int AS partner_id, user_id, team_id, company_id FROM moved_leads
                    UNION ALL
                    SELECT NULL::int, id, user_id, team_id, company_id FROM moved_partners) moved
            RETURNING lead_id IS NOT NULL AS is_lead
            )
            SELECT count(*) FILTER (WHERE is_lead), count(*) FILTER (WHERE NOT is_lead) FROM history
            """,
            now=now,
            uid=self.env.uid,
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
        leads, customers = self.env.cr.fetchone()
        pool_fields = ["in_pool", "pool_date", "pool_reason", "user_id", "write_uid", "write_date"]
        self.env["crm.lead"].invalidate_model(pool_fields)
        self.env["res.partner"].invalidate_model(pool_fields)
        _logger.info("public pool: %s leads and %s customers reclaimed", leads, customers)
        return leads + customers
