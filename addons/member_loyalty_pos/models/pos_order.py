import math

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, float_round


class PosOrder(models.Model):
    _inherit = "pos.order"

    member_points_earned = fields.Float(compute="_compute_member_figures", string="Points Earned")
    member_points_redeemed = fields.Float(compute="_compute_member_figures", string="Points Redeemed")
    member_points_after = fields.Float(compute="_compute_member_figures", string="Points After")
    member_balance_after = fields.Float(compute="_compute_member_figures", string="Stored Value After")

    def _compute_member_figures(self):
        History = self.env["loyalty.history"].sudo()
        for order in self:
            entries = History.search([("pos_order_uuid", "=", order.uuid)]) if order.uuid else History
            points = entries.filtered(lambda e: e.card_id.program_type == "loyalty")
            order.member_points_earned = sum(points.mapped("issued"))
            order.member_points_redeemed = sum(points.mapped("used"))
            partner = order._member_pos_partner() if order.partner_id else order.partner_id.sudo()
            # the balances as the ledger left them in the database (moved by its trigger)
            cards = partner.member_card_id | partner.member_wallet_id
            cards.invalidate_recordset(["points"])
            order.member_points_after = partner.member_card_id.points
            order.member_balance_after = partner.member_wallet_id.points

    # ------------------------------------------------------------------ sync from the till
    def _process_saved_order(self, draft):
        order = self
        partner = self.partner_id
        if partner and not self.env.su and not partner._filtered_access("read"):
            # a member of another store of the chain: the cashier serves them once found at the
            # counter by exact look-up (logged); Odoo's till then reads the member's delivery
            # address, invoice partner... for its picking and invoice: trusted server code
            partner._member_counter_serve()
            order = self.sudo()
        order_id = super(PosOrder, order)._process_saved_order(draft)
        if not draft and self.state in ("paid", "done", "invoiced"):
            self._member_pos_post()
        return order_id

    def confirm_coupon_programs(self, coupon_data):
        """pos_loyalty moves the points of the cards the till sends; a member card's balance
        moves only through its ledger, posted by the server from the paid order: whatever a
        client sends about member cards or programs is left out here."""
        data = {int(key): vals for key, vals in coupon_data.items()}
        programs = (
            self.env["loyalty.program"].sudo().browse({vals.get("program_id") for vals in data.values()} - {None})
        )
        member_programs = programs.filtered(
            lambda p: p.is_member_program or p in self.env["res.company"].sudo().search([]).member_wallet_program_id
        )
        guarded = (
            self.env["loyalty.card"].sudo().browse([key for key in data if key > 0]).exists().filtered("balance_guard")
        )
        data = {
            key: vals
            for key, vals in data.items()
            if key not in guarded.ids
            and vals.get("program_id") not in member_programs.ids
            and vals.get("coupon_id") not in guarded.ids
        }
        return super().confirm_coupon_programs(data)

    # ------------------------------------------------------------------ the member ledger
    def _member_pos_partner(self):
        self.ensure_one()
        partner = self.partner_id.sudo()
        if not partner.is_member:
            partner = partner.commercial_partner_id
        return partner if partner.is_member else partner.browse()

    def _member_pos_post(self):
        """Post what a paid till order does to its member's cards, once per order (its uuid):
        the points redeemed on it, the stored value it was paid with (taken under the card's row
        lock, never below zero; a refund order gives them back), then the points it earns (or
        takes back, for a refund)."""
        redeem_product = self._member_pos_redeem_product()
        for order in self:
            wallet_amount = sum(order.payment_ids.filtered("payment_method_id.member_wallet").mapped("amount"))
            redeem_lines = order.lines.filtered(lambda line: line.product_id and line.product_id == redeem_product)
            partner = order._member_pos_partner()
            if not partner:
                if not float_is_zero(wallet_amount, precision_digits=2) or redeem_lines:
                    raise UserError(
                        self.env._(
                            "Order %(order)s uses a member's stored value or points: choose the member first.",
                            order=order.pos_reference or order.name,
                        )
                    )
                continue
            if redeem_lines or not float_is_zero(wallet_amount, precision_digits=2):
                # the cashier serves this member: one of their store's, or found at the counter
                partner.with_env(self.env)._member_counter_serve()
            if redeem_lines:
                order._member_pos_redeem(partner, -sum(redeem_lines.mapped("price_subtotal_incl")))
            if float_compare(wallet_amount, 0.0, precision_digits=2) > 0:
                order._member_pos_wallet_spend(partner, wallet_amount)
            elif float_compare(wallet_amount, 0.0, precision_digits=2) < 0:
                order._member_pos_wallet_give_back(partner, -wallet_amount)
        self.env["member.loyalty.engine"].sudo()._post_pos_points(self.ids)

    def _member_pos_redeem_product(self):
        """The product of the till line that redeems member points: its negative price is the
        discount; the points it costs are computed here from the member program's reward."""
        return (
            self.env.ref("member_loyalty_pos.product_member_points_redeem", raise_if_not_found=False)
            or self.env["product.product"]
        )

    def _member_pos_posted(self, card, move_type, issued):
        """Whether this order already posted this movement to the card (read under its lock)."""
        return bool(
            self.env["loyalty.history"]
            .sudo()
            .search_count(
                [
                    ("card_id", "=", card.id),
                    ("pos_order_uuid", "=", self.uuid),
                    ("member_move_type", "=", move_type),
                    ("issued", ">" if issued else "=", 0),
                ],
                limit=1,
            )
        )

    def _member_pos_points_for(self, partner, discount):
        """The points a discount of `discount` costs with the member program's per-point reward."""
        head = (self.company_id.root_id).sudo()
        reward = head.member_program_id.reward_ids.filtered(
            lambda r: r.reward_type == "discount" and r.discount_mode == "per_point" and r.discount > 0
        )[:1]
        if not reward:
            raise UserError(self.env._("The member program of %(store)s has no per-point reward.", store=head.name))
        return math.ceil(float_round(discount / reward.discount, precision_digits=6))

    def _member_pos_redeem(self, partner, discount):
        self.ensure_one()
        card = partner.member_card_id.sudo()
        if not card:
            raise UserError(self.env._("%(member)s has no points card.", member=partner.name))
        points = self._member_pos_points_for(partner, abs(discount))
        if not points:
            return
        balances = card._member_lock_balances()
        giving_back = discount < 0
        if self._member_pos_posted(card, "reversal" if giving_back else "redeem", giving_back):
            return
        entry = {
            "card_id": card.id,
            "order_model": self._name,
            "order_id": self.id,
            "pos_order_uuid": self.uuid,
        }
        if giving_back:
            entry.update(
                issued=points,
                member_move_type="reversal",
                description=self.env._("Points given back for the till refund %(order)s", order=self.name),
            )
        else:
            if float_compare(points, balances[card.id], precision_digits=2) > 0:
                raise UserError(
                    self.env._(
                        "%(member)s has %(balance)s points: %(points)s cannot be redeemed.",
                        member=partner.name,
                        balance=balances[card.id],
                        points=points,
                    )
                )
            entry.update(
                used=points,
                member_move_type="redeem",
                description=self.env._("Points redeemed at the till on %(order)s", order=self.name),
            )
        card._member_post([entry])

    def _member_pos_wallet_spend(self, partner, amount):
        self.ensure_one()
        card = partner.member_wallet_id
        if not card:
            raise UserError(self.env._("%(member)s has no stored value card.", member=partner.name))
        card.sudo()._member_lock_balances()
        if self._member_pos_posted(card, "spend", False):
            return
        card.with_env(self.env)._member_wallet_spend(
            amount,
            self.env._("Paid with stored value at the till: %(order)s", order=self.name),
            entry_values={"order_model": self._name, "order_id": self.id, "pos_order_uuid": self.uuid},
        )

    def _member_pos_wallet_give_back(self, partner, amount):
        """A refund paid back to the stored value card: the mirror of the spending."""
        self.ensure_one()
        card = partner.member_wallet_id.sudo()
        if not card:
            raise UserError(self.env._("%(member)s has no stored value card.", member=partner.name))
        self.env["loyalty.card"]._member_check_cashier()
        card._member_check_wallet(amount)
        card._member_lock_balances()
        if self._member_pos_posted(card, "reversal", True):
            return
        prepayment, _bonus = card._member_accounts()
        member = card.partner_id.commercial_partner_id
        receivable = member.with_company(card.company_id or self.company_id.root_id).property_account_receivable_id
        journal = (
            self.env["account.journal"]
            .sudo()
            .search(
                [*self.env["account.journal"]._check_company_domain(self.company_id), ("type", "=", "general")], limit=1
            )
        )
        label = self.env._("Stored value given back for the till refund %(order)s", order=self.name)
        move = card._member_journal_entry(
            journal,
            label,
            [(receivable, member, amount, 0.0, label), (prepayment, member, 0.0, amount, label)],
        )
        card._member_post(
            [
                {
                    "description": label,
                    "issued": amount,
                    "member_move_type": "reversal",
                    "account_move_id": move.id,
                    "order_model": self._name,
                    "order_id": self.id,
                    "pos_order_uuid": self.uuid,
                    "member_date": fields.Date.context_today(self),
                }
            ]
        )
