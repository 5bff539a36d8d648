from odoo import api, fields, models
from odoo.exceptions import UserError


class MemberPointsRedeem(models.TransientModel):
    _name = "member.points.redeem"
    _description = "Redeem Member Points on an Order"

    order_id = fields.Many2one("sale.order", required=True)
    partner_id = fields.Many2one(related="order_id.partner_id")
    card_id = fields.Many2one(related="order_id.partner_id.member_card_id")
    available_points = fields.Float(related="card_id.points", string="Available Points")
    reward_id = fields.Many2one(
        "loyalty.reward",
        compute="_compute_reward_id",
        store=True,
        readonly=False,
        domain="[('program_id.is_member_program', '=', True), ('reward_type', '=', 'discount'), "
        "('discount_mode', '=', 'per_point')]",
    )
    points = fields.Integer(string="Points to Redeem", required=True)
    amount = fields.Float(compute="_compute_amount", string="Discount")

    @api.depends("card_id")
    def _compute_reward_id(self):
        for wizard in self:
            wizard.reward_id = wizard.card_id.program_id.reward_ids.filtered(
                lambda r: r.reward_type == "discount" and r.discount_mode == "per_point"
            )[:1]

    @api.depends("points", "reward_id")
    def _compute_amount(self):
        for wizard in self:
            wizard.amount = wizard.points * wizard.reward_id.discount

    def action_apply(self):
        self.ensure_one()
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
