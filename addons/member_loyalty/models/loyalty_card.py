import weakref

from psycopg2 import errors

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.service.model import MAX_TRIES_ON_CONCURRENCY_FAILURE
from odoo.tools import SQL, float_compare, float_is_zero, float_round

# how long a counter waits for a card that another counter is using (seconds)
LOCK_TIMEOUT = 10
# serialization failures met on a cursor while locking member cards, in a row: Odoo starts a
# request over after one, up to MAX_TRIES_ON_CONCURRENCY_FAILURE times with the same cursor
_LOCK_CONFLICTS = weakref.WeakKeyDictionary()


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    balance_guard = fields.Boolean(
        string="Member Card",
        readonly=True,
        copy=False,
        help="Member points or stored value card: its balance only moves through the "
        "ledger and can never go below zero.",
    )
    member_expiring_points = fields.Float(string="Points Expiring Soon", compute="_compute_member_expiry")
    member_next_expiry_date = fields.Date(string="Next Expiry", compute="_compute_member_expiry")
    member_refundable_amount = fields.Float(
        string="Refundable Amount",
        compute="_compute_member_wallet_split",
        help="Unspent real money (top-ups minus refunds and spending, bonus excluded).",
    )
    member_bonus_amount = fields.Float(string="Unspent Bonus", compute="_compute_member_wallet_split")
    member_expiry_reminder_date = fields.Date(copy=False, readonly=True)

    _member_balance_not_negative = models.Constraint(
        "CHECK(balance_guard IS NOT TRUE OR points >= 0)",
        "The balance of a member card can never go below zero.",
    )

    # ------------------------------------------------------------------ computes
    def _member_expiring(self, until):
        """Points of each card that will have expired by `until` (FIFO), not yet taken off, and
        the date the first of them expires: {card_id: (points, date)} (no entry: none expire by
        `until`). The points used (net of the points given back without an expiry) consume the
        earliest lots first; points given without an expiry (an adjustment) never expire."""
        if not self.ids:
            return {}
        self.env["loyalty.history"].flush_model()
        self.env.cr.execute(
            SQL(
                """
            SELECT card_id,
                   GREATEST(0, SUM(CASE WHEN expiry_date IS NULL THEN used - issued ELSE used END)),
                   ARRAY_AGG(expiry_date ORDER BY expiry_date) FILTER (WHERE expiry_date IS NOT NULL),
                   ARRAY_AGG(issued ORDER BY expiry_date) FILTER (WHERE expiry_date IS NOT NULL)
              FROM loyalty_history
             WHERE card_id = ANY(%(ids)s) AND member_ledger
          GROUP BY card_id
            """,
                ids=self.ids,
            )
        )
        result = {}
        for card_id, consumed, dates, issued in self.env.cr.fetchall():
            points, first = 0.0, False
            for lot_date, lot_points in zip(dates or [], issued or [], strict=True):
                left = lot_points - min(consumed, lot_points)
                consumed -= lot_points - left
                if left <= 0:
                    continue
                if lot_date > until:
                    break
                points += left
                first = first or lot_date
            if points > 0:
                result[card_id] = (points, first)
        return result

    def _compute_member_expiry(self):
        cards = self.filtered(lambda c: c.balance_guard and c.program_id.is_member_program)
        (self - cards).member_expiring_points = 0.0
        (self - cards).member_next_expiry_date = False
        by_company = {}
        for card in cards:
            by_company.setdefault(card.company_id.root_id or self.env.company.root_id, card)
            by_company[card.company_id.root_id or self.env.company.root_id] |= card
        today = fields.Date.context_today(self)
        for company, company_cards in by_company.items():
            until = fields.Date.add(today, days=company.member_points_reminder_days)
            data = company_cards._member_expiring(until)
            for card in company_cards:
                card.member_expiring_points, card.member_next_expiry_date = data.get(card.id, (0.0, False))

    def _member_wallet_figures(self):
        self.ensure_one()
        self.env["loyalty.history"].flush_model()
        self.env.cr.execute(
            SQL(
                """
            SELECT COALESCE(SUM(issued) FILTER (WHERE member_move_type = 'topup'), 0)
                 - COALESCE(SUM(used) FILTER (WHERE member_move_type = 'refund'), 0),
                   COALESCE(SUM(issued) FILTER (WHERE member_move_type = 'bonus'), 0)
                 - COALESCE(SUM(used) FILTER (WHERE member_move_type = 'forfeit'), 0)
              FROM loyalty_history
             WHERE card_id = %s AND member_ledger
            """,
                self.id,
            )
        )
        real_net, bonus_net = self.env.cr.fetchone()
        balance = self.points
        bonus_left = max(0.0, min(balance, bonus_net))
        real_left = max(0.0, min(balance - bonus_left, real_net))
        return real_left, bonus_left

    def _compute_member_wallet_split(self):
        for card in self:
            if card.balance_guard and card.program_type == "ewallet" and card.id:
                card.member_refundable_amount, card.member_bonus_amount = card._member_wallet_figures()
            else:
                card.member_refundable_amount = card.member_bonus_amount = 0.0

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                vals.pop("balance_guard", None)
        return super().create(vals_list)

    def write(self, vals):
        if "balance_guard" in vals and not self.env.su:
            raise AccessError(self.env._("Only the system marks member cards."))
        if (
            "partner_id" in vals
            and any(c.balance_guard and c.partner_id for c in self.sudo())
            and not self.env.su
            and not self.env.user.has_group("member_loyalty.group_member_manager")
        ):
            raise AccessError(self.env._("Only a membership manager can move a member card."))
        if "points" in vals:
            guarded = self.sudo().filtered("balance_guard")
            if guarded:
                changed = guarded.filtered(lambda c: float_compare(c.points, vals["points"], precision_digits=2))
                if changed and not self.env.su:
                    raise UserError(
                        self.env._(
                            "The balance of a member card changes only through its ledger "
                            "(points earned, redeemed or expired, top-ups, spending and refunds)."
                        )
                    )
                # trusted server code setting a balance: the difference is posted to the ledger
                if changed:
                    changed._member_post_balance(vals["points"])
                rest = dict(vals)
                del rest["points"]
                others = self - guarded.with_env(self.env)
                if others:
                    super(LoyaltyCard, others).write(vals)
                return super(LoyaltyCard, self - others).write(rest) if rest else True
        return super().write(vals)

    # ------------------------------------------------------------------ ledger
    def _member_lock_balances(self, timeout=LOCK_TIMEOUT):
        """Lock the rows of the cards (in id order) and return their balances {id: points}, as
        stored in the database.

        A counter that waits for a card another counter is using, or whose card changed while it
        was serving (a serialization failure of the repeatable-read transaction), is started over
        by Odoo (``odoo.service.model.retrying``); when it has lost every attempt, it gets a clear
        refusal instead of a database error."""
        if not self:
            return {}
        self.env["loyalty.card"].flush_model()  # a guard set in this transaction must be in the database
        cr = self.env.cr
        try:
            with cr.savepoint(flush=False):
                cr.execute(SQL("SELECT set_config('lock_timeout', %s, true)", f"{int(timeout * 1000)}ms"))
                cr.execute(
                    SQL(
                        "SELECT id, points FROM loyalty_card WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                        sorted(self.ids),
                    ),
                    log_exceptions=False,
                )
                balances = dict(cr.fetchall())
                cr.execute("SELECT set_config('lock_timeout', '0', true)")
        except (errors.SerializationFailure, errors.LockNotAvailable, errors.DeadlockDetected):
            lost = _LOCK_CONFLICTS.get(cr, 0) + 1
            _LOCK_CONFLICTS[cr] = lost
            if lost < MAX_TRIES_ON_CONCURRENCY_FAILURE:
                raise  # Odoo starts the request over with fresh data
            _LOCK_CONFLICTS.pop(cr, None)
            raise UserError(
                self.env._(
                    "%(card)s is being used at another counter at this very moment: its balance changed "
                    "while this one was being served. Check the balance and try again.",
                    card=", ".join(self.sudo().mapped("code")),
                )
            ) from None
        _LOCK_CONFLICTS.pop(cr, None)
        return balances

    def _member_lock(self):
        """Lock the card row and return its balance, as stored in the database."""
        self.ensure_one()
        return self._member_lock_balances()[self.id]

    def _member_post(self, entries):
        """Post ledger entries: the one way a member card's balance moves (set-based).

        `entries`: list of loyalty.history values; without ``card_id`` they go to ``self`` (one
        card). All the entries are written in one INSERT; the database moves the balances of their
        cards in the same statement (trigger of loyalty.history), under the cards' row locks, and
        refuses a balance that is not the sum of its ledger.
        """
        vals_list = []
        for entry in entries:
            vals = {"member_ledger": True, "store_id": self.env.company.id, **entry}
            if not vals.get("card_id"):
                self.ensure_one()
                vals["card_id"] = self.id
            vals_list.append(vals)
        return self.env["loyalty.history"].sudo().create(vals_list)

    def _member_post_balance(self, points):
        """Trusted server code set the balance of these cards: post the difference."""
        balances = self._member_lock_balances()
        entries = []
        for card in self:
            delta = float_round(points - balances[card.id], precision_digits=2)
            if float_is_zero(delta, precision_digits=2):
                continue
            entries.append(
                {
                    "card_id": card.id,
                    "description": self.env._("Balance set to %(points)s", points=points),
                    "issued": max(delta, 0.0),
                    "used": max(-delta, 0.0),
                    "member_move_type": "adjust",
                }
            )
        return self._member_post(entries) if entries else self.env["loyalty.history"]

    def _member_check_cashier(self):
        if not self.env.user.has_group("member_loyalty.group_member_cashier"):
            raise AccessError(self.env._("Only cashiers and membership managers can do this."))

    def _member_journal_entry(self, journal, ref, lines):
        """Post a journal entry; `lines`: (account, partner, debit, credit, label)."""
        if not journal:
            raise UserError(self.env._("Set the stored value journal in the membership settings."))
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(journal.company_id)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "ref": ref,
                    "line_ids": [
                        Command.create(
                            {
                                "account_id": account.id,
                                "partner_id": partner.id,
                                "debit": debit,
                                "credit": credit,
                                "name": label,
                            }
                        )
                        for account, partner, debit, credit, label in lines
                        if debit or credit
                    ],
                }
            )
        )
        move.action_post()
        return move

    def _member_accounts(self):
        settings = self.company_id.root_id or self.env.company.root_id
        if not settings.member_prepayment_account_id:
            raise UserError(self.env._("Set the stored value (prepayment) account in the membership settings."))
        return settings.member_prepayment_account_id, settings.member_bonus_account_id

    def _member_check_wallet(self, amount):
        self.ensure_one()
        if not (self.balance_guard and self.program_type == "ewallet"):
            raise UserError(self.env._("%(card)s is not a member stored value card.", card=self.display_name))
        if float_compare(amount, 0.0, precision_digits=2) <= 0:
            raise UserError(self.env._("The amount must be positive."))

    def _member_wallet_topup(self, amount, journal, description=None):
        """Top up real money; the bonus rule of the chain adds its bonus."""
        self._member_check_cashier()
        self._member_check_wallet(amount)
        card = self.sudo()
        prepayment, bonus_account = card._member_accounts()
        bonus = (
            self.env["member.topup.bonus"]
            .sudo()
            ._bonus_for(card.company_id or self.env.company, amount, fields.Date.context_today(self))
        )
        if bonus and not bonus_account:
            raise UserError(self.env._("Set the top-up bonus expense account in the settings."))
        card._member_lock()
        partner = card.partner_id
        label = description or self.env._("Stored value top-up %(card)s", card=card.code)
        move = card._member_journal_entry(
            journal,
            label,
            [
                (journal.default_account_id, partner, amount, 0.0, label),
                (prepayment, partner, 0.0, amount, label),
                (bonus_account, partner, bonus, 0.0, self.env._("Top-up bonus")),
                (prepayment, partner, 0.0, bonus, self.env._("Top-up bonus")),
            ],
        )
        entries = [
            {
                "description": label,
                "issued": amount,
                "member_move_type": "topup",
                "account_move_id": move.id,
            }
        ]
        if bonus:
            entries.append(
                {
                    "description": self.env._("Top-up bonus"),
                    "issued": bonus,
                    "member_move_type": "bonus",
                    "account_move_id": move.id,
                }
            )
        return card._member_post(entries)

    def _member_wallet_spend(self, amount, description=None, invoice=None, entry_values=None):
        """Pay with stored value: Dr prepayment, Cr receivable (reconciled with the invoice).

        `entry_values`: more values of the ledger entry (e.g. the till order it pays)."""
        self._member_check_cashier()
        self._member_check_wallet(amount)
        card = self.sudo()
        prepayment, _bonus = card._member_accounts()
        partner = card.partner_id.commercial_partner_id
        receivable = partner.with_company(card.company_id).property_account_receivable_id
        if invoice:
            receivable = (
                invoice.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")[
                    :1
                ].account_id
                or receivable
            )
        label = description or self.env._("Paid with stored value %(card)s", card=card.code)

        def make_move():
            journal = (
                self.env["account.journal"]
                .sudo()
                .search(
                    [
                        *self.env["account.journal"]._check_company_domain(
                            invoice.company_id if invoice else self.env.company
                        ),
                        ("type", "=", "general"),
                    ],
                    limit=1,
                )
            )
            move = card._member_journal_entry(
                journal,
                label,
                [
                    (prepayment, partner, amount, 0.0, label),
                    (receivable, partner, 0.0, amount, label),
                ],
            )
            if invoice:
                (move.line_ids | invoice.line_ids).filtered(
                    lambda line: line.account_id == receivable and not line.reconciled
                ).reconcile()
            return move

        return card._member_debit(
            amount,
            {
                "description": label,
                "member_move_type": "spend",
                "order_model": invoice and "account.move",
                "order_id": invoice and invoice.id,
                **(entry_values or {}),
            },
            make_move=make_move,
        )

    def _member_debit(self, amount, entry, make_move=None):
        """Take `amount` from the card: lock its row, refuse to go below zero, post the entry.

        Two counters spending from one card at the same moment are serialised by the row
        lock; the CHECK constraint on the balance is the last line of defence.
        """
        self.ensure_one()
        balance = self._member_lock()
        if float_compare(amount, balance, precision_digits=2) > 0:
            raise UserError(
                self.env._(
                    "The balance of %(card)s is %(balance)s: %(amount)s cannot be spent.",
                    card=self.code,
                    balance=balance,
                    amount=amount,
                )
            )
        if make_move:
            entry = dict(entry, account_move_id=make_move().id)
        return self._member_post([dict(entry, used=amount)])

    def _member_wallet_refund(self, amount, journal, description=None):
        """Pay back unspent real money; the bonus that came with it is forfeited."""
        if not self.env.user.has_group("member_loyalty.group_member_manager"):
            raise AccessError(self.env._("Only a membership manager can refund stored value."))
        self._member_check_wallet(amount)
        card = self.sudo()
        prepayment, bonus_account = card._member_accounts()
        card._member_lock()
        real_left, bonus_left = card._member_wallet_figures()
        if float_compare(amount, real_left, precision_digits=2) > 0:
            raise UserError(
                self.env._(
                    "Only %(refundable)s of real money is left on %(card)s; the bonus is not refundable.",
                    refundable=real_left,
                    card=card.code,
                )
            )
        forfeit = float_round(bonus_left * amount / real_left, precision_digits=2)
        partner = card.partner_id
        label = description or self.env._("Stored value refund %(card)s", card=card.code)
        move = card._member_journal_entry(
            journal,
            label,
            [
                (prepayment, partner, amount, 0.0, label),
                (journal.default_account_id, partner, 0.0, amount, label),
                (prepayment, partner, forfeit, 0.0, self.env._("Bonus forfeited")),
                (bonus_account, partner, 0.0, forfeit, self.env._("Bonus forfeited")),
            ],
        )
        entries = [
            {
                "description": label,
                "used": amount,
                "member_move_type": "refund",
                "account_move_id": move.id,
            }
        ]
        if not float_is_zero(forfeit, precision_digits=2):
            entries.append(
                {
                    "description": self.env._("Bonus forfeited"),
                    "used": forfeit,
                    "member_move_type": "forfeit",
                    "account_move_id": move.id,
                }
            )
        return card._member_post(entries)

    # ------------------------------------------------------------------ actions
    @api.model
    def _member_find(self, query):
        """Partner matching a phone, member number or card code typed at the counter."""
        query = (query or "").strip()
        if not query:
            return self.env["res.partner"]
        card = self.search([("code", "=", query), ("balance_guard", "=", True)], limit=1)
        if card.partner_id:
            return card.partner_id
        partner = self.env["res.partner"].search([("is_member", "=", True), ("member_number", "=", query)], limit=1)
        if partner:
            return partner
        digits = "".join(ch for ch in query if ch.isdigit())
        if len(digits) >= 6:
            self.env["res.partner"].flush_model(["phone", "is_member"])
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM res_partner WHERE is_member AND active "
                    "AND regexp_replace(COALESCE(phone, ''), '[^0-9]', '', 'g') LIKE %s "
                    "ORDER BY id LIMIT 1",
                    "%" + digits,
                )
            )
            row = self.env.cr.fetchone()
            if row:
                return self.env["res.partner"].browse(row[0]).exists()
        return self.env["res.partner"]
