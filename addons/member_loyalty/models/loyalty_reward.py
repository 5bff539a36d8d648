from odoo import fields, models


class LoyaltyReward(models.Model):
    _inherit = "loyalty.reward"

    member_free_service = fields.Boolean(
        string="Counts as Free Service",
        help="Each unit this reward gives for free uses one of the member's free services of the "
        "membership year (the tier's 'Free Services per Year'); past the allowance the reward is refused.",
    )
    member_coupon_program_id = fields.Many2one(
        "loyalty.program",
        string="Coupon Given",
        domain="[('program_type', '=', 'coupons')]",
        help="Redeemed at the counter (Redeem a Reward, on the member), this reward gives the member a "
        "coupon of this program, used on a later purchase. Without it, a discount reward is redeemed "
        "on a quotation only.",
    )

    def _member_counter_redeemable(self):
        """Whether this reward of the member program can be redeemed at the counter, without an
        order: a gift or a service (a product reward), or a coupon to use later. A discount is
        taken on a quotation; a free service of the tier's allowance is counted on an order."""
        self.ensure_one()
        if self.member_free_service or self.required_points <= 0:
            return False
        return self.reward_type == "product" or bool(self.member_coupon_program_id)
