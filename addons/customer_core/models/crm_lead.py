from datetime import datetime, time

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from .customer_pool_history import POOL_REASONS


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "customer.interaction.mixin"]

    interaction_ids = fields.One2many(
        "customer.interaction", "lead_id", string="Interactions", domain=[], bypass_search_access=False
    )
    last_contact_date = fields.Datetime(
        "Last Contact",
        index=True,
        copy=False,
        tracking=True,
        help="Moved forward by every interaction logged on this lead.",
    )
    next_followup_date = fields.Date("Next Follow-up", index=True, copy=False, tracking=True)
    followup_overdue = fields.Boolean(
        "Follow-up Overdue", compute="_compute_followup_overdue", search="_search_followup_overdue"
    )
    product_category_id = fields.Many2one(
        "product.category",
        index="btree_not_null",
        help="What the customer is interested in; used by the assignment rules of the team members.",
    )
    budget = fields.Monetary(
        "Customer Budget",
        currency_field="company_currency",
        groups="customer_core.group_customer_sensitive",
    )
    in_pool = fields.Boolean("In Public Pool", index=True, copy=False, tracking=True)
    pool_date = fields.Datetime("Returned to Pool on", copy=False)
    pool_reason = fields.Selection(POOL_REASONS, copy=False)
    pool_history_ids = fields.One2many("customer.pool.history", "lead_id")

    _pool_team_idx = models.Index("(team_id, user_id) WHERE in_pool IS NOT TRUE AND active")

    @api.depends("next_followup_date")
    @api.depends_context("tz")
    def _compute_followup_overdue(self):
        today = fields.Date.context_today(self)
        for lead in self:
            lead.followup_overdue = bool(lead.next_followup_date and lead.next_followup_date < today)

    def _search_followup_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain("next_followup_date", "<", fields.Date.context_today(self))
        return domain if operator == "in" and True in value else ~domain

    # ------------------------------------------------------------------
    # interactions
    # ------------------------------------------------------------------
    def _compute_interaction_count(self):
        counts = dict(
            self.env["customer.interaction"]._read_group([("lead_id", "in", self.ids)], ["lead_id"], ["__count"])
        )
        for lead in self:
            lead.interaction_count = counts.get(lead, 0)

    def _customer_interaction_domain(self):
        return [("lead_id", "in", self.ids)]

    def _customer_interaction_defaults(self):
        self.ensure_one()
        return {
            "default_lead_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_name": self.name,
        }

    # ------------------------------------------------------------------
    # public pool
    # ------------------------------------------------------------------
    def _pool_rule(self):
        self.ensure_one()
        return self.env["customer.pool.rule"].sudo().search([("team_id", "=", self.team_id.id)], limit=1)

    def _check_pool_claim_limits(self, user):
        """Claim limits of the team rules: K claims a day, M leads held."""
        tz_today = fields.Date.context_today(self)
        day_start = datetime.combine(tz_today, time.min)
        History = self.env["customer.pool.history"].sudo()
        for team, leads in self.grouped("team_id").items():
            rule = self.env["customer.pool.rule"].sudo().search([("team_id", "=", team.id)], limit=1)
            if not rule:
                continue
            if rule.max_claims_per_day:
                claimed_today = History.search_count(
                    [
                        ("user_id", "=", user.id),
                        ("team_id", "=", team.id),
                        ("action", "=", "claim"),
                        ("date", ">=", day_start),
                    ]
                )
                if claimed_today + len(leads) > rule.max_claims_per_day:
                    raise UserError(
                        self.env._(
                            "You may claim at most %(limit)s leads a day from the pool of %(team)s; "
                            "you have claimed %(count)s today.",
                            limit=rule.max_claims_per_day,
                            team=team.name,
                            count=claimed_today,
                        )
                    )
            if rule.max_held_per_user:
                held = self.sudo().search_count(
                    [
                        ("user_id", "=", user.id),
                        ("team_id", "=", team.id),
                        ("won_status", "=", "pending"),
                        ("in_pool", "=", False),
                    ]
                )
                if held + len(leads) > rule.max_held_per_user:
                    raise UserError(
                        self.env._(
                            "You already hold %(count)s open leads of %(team)s; the limit is %(limit)s. "
                            "Close or release some before claiming more.",
                            count=held,
                            team=team.name,
                            limit=rule.max_held_per_user,
                        )
                    )

    def _check_pool_assignment_rules(self, user):
        """A claimer must be a member of the team whose assignment rules accept the lead."""
        for lead in self:
            if not lead.team_id:
                continue
            member = lead.team_id.sudo().crm_team_member_ids.filtered(lambda m: m.user_id == user)
            if not member:
                raise UserError(
                    self.env._(
                        "Only members of the sales team %(team)s can claim %(lead)s.",
                        team=lead.team_id.name,
                        lead=lead.name,
                    )
                )
            if not lead.sudo().filtered_domain(member._get_assignment_domain()):
                raise UserError(
                    self.env._(
                        "%(lead)s does not match your assignment rules in %(team)s.",
                        lead=lead.name,
                        team=lead.team_id.name,
                    )
                )

    def action_pool_claim(self):
        """First come, first served: lock the rows without waiting; whoever holds them wins."""
        user = self.env.user
        if not self:
            return True
        self.flush_recordset()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM crm_lead WHERE id IN %s AND in_pool FOR UPDATE NOWAIT",
                        tuple(self.ids),
                    )
                )
                available = {row[0] for row in self.env.cr.fetchall()}
        except (psycopg2.errors.LockNotAvailable, psycopg2.errors.SerializationFailure):
            raise UserError(
                self.env._("Someone else is claiming this lead right now: it is no longer in the pool.")
            ) from None
        taken = self.sudo().filtered(lambda lead: lead.id not in available)
        if taken:
            taken.invalidate_recordset(["in_pool", "user_id"])
            raise UserError(
                self.env._(
                    "%(lead)s is no longer in the pool: %(user)s claimed it first.",
                    lead=taken[0].name,
                    user=taken[0].user_id.name or self.env._("someone else"),
                )
            )
        self._check_pool_assignment_rules(user)
        self._check_pool_claim_limits(user)
        self.sudo().write(
            {
                "in_pool": False,
                "pool_date": False,
                "pool_reason": False,
                "user_id": user.id,
                "last_contact_date": fields.Datetime.now(),
            }
        )
        self.env["customer.pool.history"].sudo().create(
            [
                {
                    "lead_id": lead.id,
                    "user_id": user.id,
                    "team_id": lead.team_id.id,
                    "company_id": lead.company_id.id,
                    "action": "claim",
                }
                for lead in self
            ]
        )
        return True

    def action_pool_release(self, reason="released", note=False):
        """Put leads back into their team's pool (by their owner, or by a manager)."""
        is_manager = self.env.user.has_group("customer_core.group_customer_manager")
        for lead in self:
            if lead.in_pool:
                raise UserError(self.env._("%(lead)s is already in the pool.", lead=lead.name))
            if lead.user_id != self.env.user and not is_manager:
                raise UserError(
                    self.env._(
                        "Only the owner of %(lead)s or a customer manager can return it to the pool.",
                        lead=lead.name,
                    )
                )
            if not lead.team_id:
                raise UserError(
                    self.env._("%(lead)s has no sales team, so it has no pool to return to.", lead=lead.name)
                )
        if reason == "released" and is_manager and any(lead.user_id != self.env.user for lead in self):
            reason = "manual"
        history = [
            {
                "lead_id": lead.id,
                "user_id": lead.user_id.id,
                "team_id": lead.team_id.id,
                "company_id": lead.company_id.id,
                "action": "release",
                "reason": reason,
                "note": note,
            }
            for lead in self
        ]
        self.sudo().write(
            {
                "in_pool": True,
                "pool_date": fields.Datetime.now(),
                "pool_reason": reason,
                "user_id": False,
            }
        )
        self.env["customer.pool.history"].sudo().create(history)
        return True

    def action_pool_assign(self):
        """Hand pool leads out through the team members' assignment rules (Odoo's own engine)."""
        leads = self.filtered("in_pool")
        leads.sudo().write({"in_pool": False, "pool_reason": False, "pool_date": False, "date_open": False})
        teams = leads.team_id
        if teams:
            teams.sudo()._action_assign_leads(force_quota=True, creation_delta_days=0)
        for lead in leads.filtered("user_id"):
            self.env["customer.pool.history"].sudo().create(
                {
                    "lead_id": lead.id,
                    "user_id": lead.user_id.id,
                    "team_id": lead.team_id.id,
                    "company_id": lead.company_id.id,
                    "action": "claim",
                    "note": self.env._("Assigned by rules"),
                }
            )
        return True

    def action_view_pool_history(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pool History"),
            "res_model": "customer.pool.history",
            "view_mode": "list",
            "domain": [("lead_id", "=", self.id)],
        }
