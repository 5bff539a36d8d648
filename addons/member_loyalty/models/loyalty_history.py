from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_compare

MOVE_TYPES = [
    ("earn", "Points earned"),
    ("redeem", "Points redeemed"),
    ("expire", "Points expired"),
    ("reversal", "Reversal"),
    ("topup", "Top-up"),
    ("bonus", "Top-up bonus"),
    ("spend", "Stored value spent"),
    ("refund", "Stored value refunded"),
    ("forfeit", "Bonus forfeited"),
    ("adjust", "Adjustment"),
]


class LoyaltyHistory(models.Model):
    _inherit = "loyalty.history"

    member_ledger = fields.Boolean(
        readonly=True,
        index=True,
        help="Entry of a member card's ledger: it can never be changed or deleted, only reversed.",
    )
    member_move_type = fields.Selection(MOVE_TYPES, string="Movement", readonly=True)
    partner_id = fields.Many2one(related="card_id.partner_id", store=True, string="Member", index=True)
    program_type = fields.Selection(related="card_id.program_id.program_type")
    store_id = fields.Many2one(
        "res.company",
        readonly=True,
        index=True,
        help="Store where the movement happened.",
    )
    member_date = fields.Date(
        string="Business Date",
        readonly=True,
        index="btree_not_null",
        help="Day the movement counts for (tiers are reviewed over these dates).",
    )
    expiry_date = fields.Date(string="Expires On", readonly=True, help="Earned points expire on this date (FIFO).")
    spend_amount = fields.Float(
        string="Qualifying Spend",
        readonly=True,
        help="Money paid that earned these points (negative when refunded).",
    )
    account_move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True)
    source_move_id = fields.Many2one("account.move", string="Invoice", readonly=True, index="btree_not_null")
    reversed_id = fields.Many2one("loyalty.history", string="Reverses", readonly=True)
    balance_change = fields.Float(compute="_compute_balance_change", string="Change")

    _earn_once_per_invoice = models.UniqueIndex(
        "(card_id, source_move_id, member_move_type) WHERE source_move_id IS NOT NULL",
        "Points are posted once per invoice.",
    )
    _store_date_idx = models.Index("(store_id, member_date) WHERE member_ledger")
    _card_date_idx = models.Index("(card_id, member_date) WHERE member_ledger")

    def init(self):  # pylint: disable=missing-return
        super().init()
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE FUNCTION member_loyalty_ledger_guard() RETURNS trigger AS $$
            BEGIN
                IF current_setting('member_loyalty.allow_purge', true) = 'on' THEN
                    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                    RETURN NEW;
                END IF;
                IF TG_OP = 'DELETE' THEN
                    IF OLD.member_ledger THEN
                        RAISE EXCEPTION 'member ledger entry %% cannot be deleted, only reversed',
                            OLD.id USING ERRCODE = 'insufficient_privilege';
                    END IF;
                    RETURN OLD;
                END IF;
                IF NEW.member_ledger IS DISTINCT FROM OLD.member_ledger OR (OLD.member_ledger AND (
                    NEW.issued IS DISTINCT FROM OLD.issued
                    OR NEW.used IS DISTINCT FROM OLD.used
                    OR NEW.card_id IS DISTINCT FROM OLD.card_id
                    OR NEW.member_move_type IS DISTINCT FROM OLD.member_move_type
                    OR NEW.expiry_date IS DISTINCT FROM OLD.expiry_date
                    OR NEW.spend_amount IS DISTINCT FROM OLD.spend_amount
                )) THEN
                    RAISE EXCEPTION 'member ledger entry %% cannot be changed, only reversed',
                        OLD.id USING ERRCODE = 'insufficient_privilege';
                END IF;
                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql;
            DROP TRIGGER IF EXISTS member_loyalty_ledger_guard ON loyalty_history;
            CREATE TRIGGER member_loyalty_ledger_guard
                BEFORE UPDATE OR DELETE ON loyalty_history
                FOR EACH ROW EXECUTE FUNCTION member_loyalty_ledger_guard();

            -- the ledger is the only writer of a member card's balance: inserting entries moves
            -- the balances of their cards, in one UPDATE per statement (set-based)
            CREATE OR REPLACE FUNCTION member_loyalty_ledger_post() RETURNS trigger AS $$
            BEGIN
                UPDATE loyalty_card c
                   SET points = c.points + d.delta, write_date = now() AT TIME ZONE 'UTC'
                  FROM (SELECT card_id, SUM(issued - used) AS delta FROM member_new_entries
                         WHERE member_ledger GROUP BY card_id) d
                 WHERE c.id = d.card_id AND c.balance_guard AND d.delta <> 0;
                RETURN NULL;
            END;
            $$ LANGUAGE plpgsql;
            DROP TRIGGER IF EXISTS member_loyalty_ledger_post ON loyalty_history;
            CREATE TRIGGER member_loyalty_ledger_post
                AFTER INSERT ON loyalty_history REFERENCING NEW TABLE AS member_new_entries
                FOR EACH STATEMENT EXECUTE FUNCTION member_loyalty_ledger_post();

            -- and the balance of a member card is always the sum of its ledger: a balance or a
            -- guard set any other way (ORM, RPC, SQL, another module) is refused by the database
            CREATE OR REPLACE FUNCTION member_loyalty_balance_check() RETURNS trigger AS $$
            DECLARE
                bad record;
            BEGIN
                IF current_setting('member_loyalty.allow_purge', true) = 'on' THEN
                    RETURN NULL;
                END IF;
                IF TG_OP = 'INSERT' THEN
                    -- a new card has no ledger yet
                    SELECT n.id, n.points, 0 AS total INTO bad FROM member_new_cards n
                     WHERE n.balance_guard AND abs(n.points) >= 0.005
                     LIMIT 1;
                ELSE
                    SELECT n.id, n.points, l.total INTO bad
                      FROM member_new_cards n JOIN member_old_cards o ON o.id = n.id
                      CROSS JOIN LATERAL (SELECT COALESCE(SUM(h.issued - h.used), 0) AS total
                                            FROM loyalty_history h
                                           WHERE h.card_id = n.id AND h.member_ledger) l
                     WHERE n.balance_guard
                       AND (n.points IS DISTINCT FROM o.points OR o.balance_guard IS NOT TRUE)
                       AND abs(n.points - l.total) >= 0.005
                     LIMIT 1;
                END IF;
                IF bad.id IS NOT NULL THEN
                    RAISE EXCEPTION 'the balance %% of member card %% is not the sum %% of its ledger',
                        bad.points, bad.id, bad.total
                        USING ERRCODE = 'check_violation', CONSTRAINT = 'loyalty_card_member_balance_ledger';
                END IF;
                RETURN NULL;
            END;
            $$ LANGUAGE plpgsql;
            DROP TRIGGER IF EXISTS member_loyalty_balance_check ON loyalty_card;
            CREATE TRIGGER member_loyalty_balance_check
                AFTER UPDATE ON loyalty_card
                REFERENCING OLD TABLE AS member_old_cards NEW TABLE AS member_new_cards
                FOR EACH STATEMENT EXECUTE FUNCTION member_loyalty_balance_check();
            DROP TRIGGER IF EXISTS member_loyalty_balance_check_insert ON loyalty_card;
            CREATE TRIGGER member_loyalty_balance_check_insert
                AFTER INSERT ON loyalty_card REFERENCING NEW TABLE AS member_new_cards
                FOR EACH STATEMENT EXECUTE FUNCTION member_loyalty_balance_check();
            """
            )
        )

    @api.depends("issued", "used")
    def _compute_balance_change(self):
        for entry in self:
            entry.balance_change = entry.issued - entry.used

    @api.model_create_multi
    def create(self, vals_list):
        """Entries of a member card are its ledger: writing one moves the card's balance (the
        database does it, see init), so only trusted server code (the superuser: the ledger's
        own methods, the engine) may write them; the cards are locked and may not go below zero."""
        Card = self.env["loyalty.card"].sudo()
        cards = Card.browse({vals["card_id"] for vals in vals_list if vals.get("card_id")})
        guarded = cards.filtered("balance_guard")
        if guarded and not self.env.su:
            raise AccessError(
                self.env._("The balance history of a member card is written by the membership system only.")
            )
        deltas = {}
        for vals in vals_list:
            if vals.get("card_id") in guarded.ids:
                vals["member_ledger"] = True
                vals.setdefault("store_id", self.env.company.id)
                vals.setdefault("member_date", fields.Date.context_today(self))
                vals["issued"] = vals.get("issued") or 0.0
                vals["used"] = vals.get("used") or 0.0
                if not vals.get("member_move_type"):
                    wallet = Card.browse(vals["card_id"]).program_type == "ewallet"
                    if vals["used"]:
                        vals["member_move_type"] = "spend" if wallet else "redeem"
                    else:
                        vals["member_move_type"] = "topup" if wallet else "adjust"
                deltas[vals["card_id"]] = deltas.get(vals["card_id"], 0.0) + vals["issued"] - vals["used"]
            elif not self.env.su:
                vals.pop("member_ledger", None)
        if deltas:
            balances = guarded._member_lock_balances()
            for card in guarded:
                balance = balances[card.id]
                if float_compare(balance + deltas.get(card.id, 0.0), 0.0, precision_digits=2) < 0:
                    raise UserError(
                        self.env._(
                            "The balance of %(card)s is %(balance)s: %(amount)s cannot be taken from it.",
                            card=card.code,
                            balance=balance,
                            amount=-deltas[card.id],
                        )
                    )
        entries = super().create(vals_list)
        if deltas:
            guarded.invalidate_recordset(["points"])
        return entries

    def write(self, vals):
        if any(self.mapped("member_ledger")):
            raise UserError(self.env._("A member's balance history cannot be changed: reverse the entry."))
        return super().write(vals)

    def unlink(self):
        """A ledger entry is never deleted. Trusted server code (the superuser) deleting one — as
        Odoo's sale_loyalty does with the entries of an order it cancels — reverses it instead,
        once; anyone else is refused."""
        member_entries = self.filtered("member_ledger")
        if member_entries and not self.env.su:
            raise UserError(self.env._("A member's balance history cannot be deleted: reverse the entry."))
        if member_entries:
            member_entries._member_reversible()._member_reverse()
        return super(LoyaltyHistory, self - member_entries).unlink()

    def _member_reversible(self):
        """The entries that are neither reversals nor reversed already."""
        reversed_ids = set(
            self.sudo().search([("reversed_id", "in", self.ids), ("member_ledger", "=", True)]).reversed_id.ids
        )
        return self.filtered(lambda e: e.member_move_type != "reversal" and e.id not in reversed_ids)

    def _member_reverse(self, description=None):
        """Post the opposite entries (the database moves the balances)."""
        return (
            self.env["loyalty.history"]
            .sudo()
            .create(
                [
                    {
                        "card_id": entry.card_id.id,
                        "member_ledger": True,
                        "member_move_type": "reversal",
                        "issued": entry.used,
                        "used": entry.issued,
                        "spend_amount": -entry.spend_amount,
                        "reversed_id": entry.id,
                        "order_model": entry.order_model,
                        "order_id": entry.order_id,
                        "store_id": self.env.company.id,
                        "member_date": fields.Date.context_today(self),
                        "description": description or self.env._("Reversal of: %(entry)s", entry=entry.description),
                    }
                    for entry in self
                ]
            )
        )

    def _get_order_description(self):
        if self.order_model and self.order_model not in self.env:
            return ""
        return super()._get_order_description()
