from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

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
                IF OLD.member_ledger AND (
                    NEW.issued IS DISTINCT FROM OLD.issued
                    OR NEW.used IS DISTINCT FROM OLD.used
                    OR NEW.card_id IS DISTINCT FROM OLD.card_id
                    OR NEW.member_ledger IS DISTINCT FROM OLD.member_ledger
                    OR NEW.member_move_type IS DISTINCT FROM OLD.member_move_type
                    OR NEW.expiry_date IS DISTINCT FROM OLD.expiry_date
                    OR NEW.spend_amount IS DISTINCT FROM OLD.spend_amount
                ) THEN
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
            """
            )
        )

    @api.depends("issued", "used")
    def _compute_balance_change(self):
        for entry in self:
            entry.balance_change = entry.issued - entry.used

    @api.model_create_multi
    def create(self, vals_list):
        cards = self.env["loyalty.card"].browse([vals["card_id"] for vals in vals_list if vals.get("card_id")])
        guarded = set(cards.sudo().filtered("balance_guard").ids)
        for vals in vals_list:
            if vals.get("card_id") in guarded:
                vals["member_ledger"] = True
                vals.setdefault("store_id", self.env.company.id)
                vals.setdefault("member_date", fields.Date.context_today(self))
                vals["issued"] = vals.get("issued") or 0.0
                vals["used"] = vals.get("used") or 0.0
                if not vals.get("member_move_type") and self.env.context.get("member_adjust"):
                    vals["member_move_type"] = "adjust"
                elif not vals.get("member_move_type"):
                    card = self.env["loyalty.card"].browse(vals["card_id"]).sudo()
                    used = vals.get("used") or 0.0
                    if card.program_type == "ewallet":
                        vals["member_move_type"] = "spend" if used else "topup"
                    else:
                        vals["member_move_type"] = "redeem" if used else "adjust"
            elif not self.env.su:
                vals.pop("member_ledger", None)
        return super().create(vals_list)

    def write(self, vals):
        if any(self.mapped("member_ledger")):
            raise UserError(self.env._("A member's balance history cannot be changed: reverse the entry."))
        return super().write(vals)

    def unlink(self):
        member_entries = self.filtered("member_ledger")
        if member_entries and self.env.context.get("member_ledger_reverse"):
            member_entries._member_reverse()
            return super(LoyaltyHistory, self - member_entries).unlink()
        if member_entries:
            raise UserError(self.env._("A member's balance history cannot be deleted: reverse the entry."))
        return super().unlink()

    def _member_reverse(self, description=None):
        """Add the opposite entries (the balance is moved by the caller)."""
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
