from datetime import datetime, time

import psycopg2.errors

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from .customer_pool_history import POOL_REASONS


class CustomerPoolMixin(models.AbstractModel):
    """The public pool (公海池) of a sales team, shared by leads and customers.

    The inheriting model has ``user_id``, ``team_id``, ``company_id``, ``last_contact_date`` and a
    ``pool_history_ids`` One2many on ``customer.pool.history`` (its ``lead_id`` or ``partner_id``).
    Rules, limits and the reclaim statement live on ``customer.pool.rule``.
    """

    _name = "customer.pool.mixin"
    _description = "Public Pool Mixin"

    in_pool = fields.Boolean("In Public Pool", index=True, copy=False, tracking=True)
    pool_date = fields.Datetime("Returned to Pool on", copy=False)
    pool_reason = fields.Selection(POOL_REASONS, copy=False)

    # ------------------------------------------------------------------
    # hooks of the inheriting model
    # ------------------------------------------------------------------
    def _pool_history_field(self):
        return self._fields["pool_history_ids"].inverse_name

    def _pool_label(self):
        """How the messages name these records ("leads", "customers")."""
        return self._description

    def _pool_held_domain(self, user, team):
        """Records of ``team`` that ``user`` holds (for the "held per salesperson" limit)."""
        return Domain("user_id", "=", user.id) & Domain("team_id", "=", team.id) & Domain("in_pool", "=", False)

    def _check_pool_claimable(self, user):
        """A claimer must be a member of the record's team (override to add rules)."""
        for record in self:
            if record.team_id and user not in record.team_id.sudo().crm_team_member_ids.user_id:
                raise UserError(
                    self.env._(
                        "Only members of the sales team %(team)s can claim %(record)s.",
                        team=record.team_id.name,
                        record=record.display_name,
                    )
                )

    def _pool_claim_values(self, user):
        return {
            "in_pool": False,
            "pool_date": False,
            "pool_reason": False,
            "user_id": user.id,
            "last_contact_date": fields.Datetime.now(),
        }

    def _pool_history_values(self, action, user, reason=False, note=False):
        field = self._pool_history_field()
        return [
            {
                field: record.id,
                "user_id": user.id if user else record.user_id.id,
                "team_id": record.team_id.id,
                "company_id": record.company_id.id,
                "action": action,
                "reason": reason,
                "note": note,
            }
            for record in self
        ]

    # ------------------------------------------------------------------
    # limits
    # ------------------------------------------------------------------
    def _check_pool_claim_limits(self, user):
        """Claim limits of the team rules: K claims a day, M held (counted per kind of record)."""
        day_start = datetime.combine(fields.Date.context_today(self), time.min)
        History = self.env["customer.pool.history"].sudo()
        history_field = self._pool_history_field()
        for team, records in sorted(self.grouped("team_id").items(), key=lambda item: item[0].id):
            rule = self.env["customer.pool.rule"].sudo().search([("team_id", "=", team.id)], limit=1)
            if not rule or not (rule.max_claims_per_day or rule.max_held_per_user):
                continue
            self._lock_pool_claimer(user, team)
            if rule.max_claims_per_day:
                claimed_today = History.search_count(
                    [
                        ("user_id", "=", user.id),
                        ("team_id", "=", team.id),
                        ("action", "=", "claim"),
                        (history_field, "!=", False),
                        ("date", ">=", day_start),
                    ]
                )
                if claimed_today + len(records) > rule.max_claims_per_day:
                    raise UserError(
                        self.env._(
                            "You may claim at most %(limit)s %(what)s a day from the pool of %(team)s; "
                            "you have claimed %(count)s today.",
                            limit=rule.max_claims_per_day,
                            what=self._pool_label(),
                            team=team.name,
                            count=claimed_today,
                        )
                    )
            if rule.max_held_per_user:
                held = self.sudo().search_count(self._pool_held_domain(user, team))
                if held + len(records) > rule.max_held_per_user:
                    raise UserError(
                        self.env._(
                            "You already hold %(count)s open %(what)s of %(team)s; the limit is %(limit)s. "
                            "Close or release some before claiming more.",
                            count=held,
                            what=self._pool_label(),
                            team=team.name,
                            limit=rule.max_held_per_user,
                        )
                    )

    def _lock_pool_claimer(self, user, team):
        """Serialise the claims of ``user`` in ``team`` before they are counted.

        Two claims of one salesperson sent at once would each count the claims made so far, both
        see one below the limit and both pass. Their team membership row is the salesperson's claim
        slot: a claim rewrites it (a no-op update) before counting, so a second claim waits for the
        first to end. Odoo's transactions are REPEATABLE READ, so a second claim whose snapshot was
        taken before the first committed fails to update the row ("could not serialize access"),
        and Odoo serves the request again from the start: the count it then reads includes the
        first claim. A row lock alone (or an advisory lock) would let the waiting claim count from
        its old snapshot.
        """
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_team_member m SET write_date = m.write_date
                  FROM (SELECT id FROM crm_team_member
                         WHERE user_id = %s AND crm_team_id = %s ORDER BY id FOR UPDATE) l
                 WHERE m.id = l.id
                """,
                user.id,
                team.id,
            ),
            log_exceptions=False,  # a serialization failure here is retried by Odoo, not a bad query
        )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_pool_claim(self):
        """First come, first served: lock the rows without waiting; whoever holds them wins."""
        user = self.env.user
        if not self:
            return True
        self.flush_recordset()
        try:
            with self.env.cr.savepoint(flush=False):
                # losing the race is expected, answered below: not a "bad query" for the server log
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id IN %s AND in_pool FOR UPDATE NOWAIT",
                        SQL.identifier(self._table),
                        tuple(self.ids),
                    ),
                    log_exceptions=False,
                )
                available = {row[0] for row in self.env.cr.fetchall()}
        except (psycopg2.errors.LockNotAvailable, psycopg2.errors.SerializationFailure):
            raise UserError(
                self.env._(
                    "Someone else is claiming %(record)s right now: it is no longer in the pool.",
                    record=self[:1].display_name,
                )
            ) from None
        taken = self.sudo().filtered(lambda record: record.id not in available)
        if taken:
            taken.invalidate_recordset(["in_pool", "user_id"])
            raise UserError(
                self.env._(
                    "%(record)s is no longer in the pool: %(user)s claimed it first.",
                    record=taken[0].display_name,
                    user=taken[0].user_id.name or self.env._("someone else"),
                )
            )
        self.check_access("read")  # a pool record the user may not see cannot be claimed either
        self._check_pool_claimable(user)
        self._check_pool_claim_limits(user)
        self.sudo().write(self._pool_claim_values(user))
        self.env["customer.pool.history"].sudo().create(self._pool_history_values("claim", user))
        return self._pool_claimed_notification()

    def _pool_claimed_notification(self):
        """Tell the claimer the records are theirs now, with a link to each (a claimed card leaves
        the pool's kanban and list: without a word, it would just vanish). The view reloads after it
        (``next``)."""
        shown = self[:5]
        if len(self) == 1:
            # %s: the link to the record (the notification's "links")
            message = self.env._("%s is yours now: follow it up from your own list.")
        else:
            message = self.env._(
                "%(count)s %(what)s are yours now: %(links)s",
                count=len(self),
                what=self._pool_label(),
                links=", ".join(["%s"] * len(shown)),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Claimed"),
                "message": message,
                "links": [
                    {"label": record.display_name, "url": f"/odoo/{record._name}/{record.id}"} for record in shown
                ],
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_pool_release(self, reason="released", note=False):
        """Put records back into their team's pool (by their owner, or by a manager)."""
        is_manager = self.env.user.has_group("customer_core.group_customer_manager")
        for record in self:
            if record.in_pool:
                raise UserError(self.env._("%(record)s is already in the pool.", record=record.display_name))
            if record.user_id != self.env.user and not is_manager:
                raise UserError(
                    self.env._(
                        "Only the owner of %(record)s or a customer manager can return it to the pool.",
                        record=record.display_name,
                    )
                )
            if not record.team_id:
                raise UserError(
                    self.env._(
                        "%(record)s has no sales team, so it has no pool to return to.", record=record.display_name
                    )
                )
        if reason == "released" and is_manager and any(record.user_id != self.env.user for record in self):
            reason = "manual"
        history = self._pool_history_values("release", False, reason=reason, note=note)
        self.sudo().write(
            {"in_pool": True, "pool_date": fields.Datetime.now(), "pool_reason": reason, "user_id": False}
        )
        self.env["customer.pool.history"].sudo().create(history)
        return True

    def action_view_pool_history(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pool History"),
            "res_model": "customer.pool.history",
            "view_mode": "list",
            "domain": [(self._pool_history_field(), "=", self.id)],
        }
