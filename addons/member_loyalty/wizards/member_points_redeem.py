from odoo import api, fields, models
from odoo.exceptions import UserError


class MemberPointsRedeem(models.TransientModel):
    """Redeem a member's points: on a quotation (a per-point discount on the order), or at the
    counter without an order (a gift, a service or a coupon the member program offers). Both go
    through the member card's ledger: the balance never goes below zero."""

    _name = "member.points.redeem"
    _description = "Redeem Member Points"

    order_id = fields.Many2one("sale.order")
    partner_id = fields.Many2one(
        "res.partner",
        string="Member",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
    )
    card_id = fields.Many2one(related="partner_id.member_card_id")
    available_points = fields.Float(related="card_id.points", string="Available Points")
    counter_reward_ids = fields.Many2many(
        "loyalty.reward",
        compute="_compute_counter_reward_ids",
        help="The rewards of the member program that can be redeemed at the counter.",
    )
    reward_id = fields.Many2one(
        "loyalty.reward",
        compute="_compute_reward_id",
        store=True,
        readonly=False,
        domain="[('program_id.is_member_program', '=', True), ('reward_type', '=', 'discount'), "
        "('discount_mode', '=', 'per_point')] if order_id else [('id', 'in', counter_reward_ids)]",
    )
    quantity = fields.Integer(default=1)
    points = fields.Integer(
        string="Points to Redeem",
        compute="_compute_points",
        store=True,
        readonly=False,
    )
    points_needed = fields.Integer(related="points", string="Points Needed")
    currency_id = fields.Many2one(related="order_id.currency_id")
    amount = fields.Monetary(compute="_compute_amount", string="Discount", currency_field="currency_id")

    @api.depends("order_id")
    def _compute_partner_id(self):
        for wizard in self:
            wizard.partner_id = wizard.order_id.partner_id if wizard.order_id else wizard.partner_id

    @api.depends("card_id")
    def _compute_counter_reward_ids(self):
        for wizard in self:
            rewards = wizard.card_id.sudo().program_id.reward_ids
            wizard.counter_reward_ids = rewards.filtered(lambda r: r._member_counter_redeemable()).with_env(self.env)

    @api.depends("card_id", "order_id")
    def _compute_reward_id(self):
        for wizard in self:
            if wizard.order_id:
                wizard.reward_id = wizard.card_id.program_id.reward_ids.filtered(
                    lambda r: r.reward_type == "discount" and r.discount_mode == "per_point"
                )[:1]
            else:
                wizard.reward_id = wizard.counter_reward_ids[:1]

    @api.depends("reward_id", "quantity", "order_id")
    def _compute_points(self):
        for wizard in self:
            if not wizard.order_id:
                wizard.points = int(wizard.reward_id.sudo().required_points * max(wizard.quantity, 0))
            else:
                wizard.points = wizard.points or 0

    @api.depends("points", "reward_id")
    def _compute_amount(self):
        for wizard in self:
            wizard.amount = wizard.points * wizard.reward_id.discount if wizard.order_id else 0.0

    def action_apply(self):
        self.ensure_one()
        if not self.order_id:
            return self._redeem_at_counter()
        order = self.order_id
        if order.state not in ("draft", "sent"):
            raise UserError(self.env._("Points can only be redeemed on a quotation."))
        if not self.card_id:
            raise UserError(self.env._("The customer is not a member."))
        if self.points <= 0:
            raise UserError(self.env._("Choose a positive number of points."))
        if self.points > self.available_points:
            raise UserError(
                self.env._(
                    "The member has %(available)s points: %(points)s cannot be redeemed.",
                    available=self.available_points,
                    points=self.points,
                )
            )
        if not self.reward_id:
            raise UserError(self.env._("The member program has no per-point discount reward."))
        old_lines = order.order_line.filtered(lambda line: line.coupon_id == self.card_id)
        old_lines.unlink()
        order.member_points_to_redeem = self.points
        result = order._apply_program_reward(self.reward_id, self.card_id)
        if result.get("error"):
            raise UserError(result["error"])
        order._update_programs_and_rewards()
        return {"type": "ir.actions.act_window_close"}

    def _redeem_at_counter(self):
        """Take the reward's points from the member's card (the ledger: row lock, never below
        zero) and give the reward: a coupon of the reward's coupon program, or the gift or service
        handed over at the counter. Returns a notification for the cashier (with the coupon codes)."""
        # a member of another store, found at the counter, is served in sudo (see res.partner)
        partner = self.partner_id._member_counter_serve()
        card = partner.member_card_id
        reward = self.reward_id.sudo()
        if not partner.is_member or not card:
            raise UserError(self.env._("%(partner)s is not a member.", partner=partner.name or "-"))
        if not reward:
            raise UserError(self.env._("Choose the reward the member takes for their points."))
        if reward.program_id != card.program_id or not reward._member_counter_redeemable():
            raise UserError(
                self.env._(
                    "%(reward)s cannot be redeemed at the counter: choose a gift, a service or a coupon of "
                    "the member program (a discount is redeemed on a quotation).",
                    reward=reward.description,
                )
            )
        if self.quantity <= 0:
            raise UserError(self.env._("Choose how many times the member takes the reward."))
        points = reward.required_points * self.quantity
        if points > card.points:
            raise UserError(
                self.env._(
                    "The member has %(available)s points: %(reward)s × %(quantity)s takes %(points)s.",
                    available=int(card.points),
                    reward=reward.description,
                    quantity=self.quantity,
                    points=int(points),
                )
            )
        coupons = self.env["loyalty.card"]
        coupon_program = reward.member_coupon_program_id
        if coupon_program:
            coupon_points = min(coupon_program.reward_ids.mapped("required_points") or [1.0])
            coupons = coupons.sudo().create(
                [
                    {"program_id": coupon_program.id, "partner_id": partner.id, "points": coupon_points}
                    for _i in range(self.quantity)
                ]
            )
        label = self.env._(
            "Redeemed at the counter: %(reward)s × %(quantity)s", reward=reward.description, quantity=self.quantity
        )
        if coupons:
            label = self.env._("%(label)s (coupon %(codes)s)", label=label, codes=", ".join(coupons.mapped("code")))
        # the ledger locks the card's row and refuses to go below zero (two counters at once)
        card._member_debit(points, {"description": label, "member_move_type": "redeem"})
        card.invalidate_recordset(["points"])
        if coupons:
            message = self.env._(
                "%(points)s points redeemed for %(reward)s: coupon %(codes)s. %(left)s points left.",
                points=int(points),
                reward=reward.description,
                codes=", ".join(coupons.mapped("code")),
                left=int(card.points),
            )
        else:
            message = self.env._(
                "%(points)s points redeemed for %(reward)s × %(quantity)s: hand it to the member. "
                "%(left)s points left.",
                points=int(points),
                reward=reward.description,
                quantity=self.quantity,
                left=int(card.points),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Reward redeemed"),
                "message": message,
                "sticky": bool(coupons),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
