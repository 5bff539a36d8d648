from odoo import api, fields, models
from odoo.tools.misc import formatLang


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

    def _member_reader_description(self):
        """The reward's description in the reader's language. Odoo computes it once, in the
        language of whoever created the reward ("¥ 0.01 per point on your order" for a reward made
        in English): as long as nobody wrote their own, it is computed again in the reader's."""
        self.ensure_one()
        if not self.id:
            return self.description
        made = self.with_context(lang="en_US").new(origin=self)
        made._compute_description()
        if made.description != self.with_context(lang="en_US").description:
            return self.description  # a description of their own
        if self.reward_type == "discount" and self.discount_mode == "per_point":
            # Odoo's "¥ 0.01 per point on your order" reads "每点¥ 0.01 您的订单" in Chinese
            return self.env._(
                "%(amount)s off per point",
                amount=formatLang(self.env, self.discount, currency_obj=self.currency_id, digits=2),
            )
        read = self.with_context(lang=self.env.lang or "en_US").new(origin=self)
        read._compute_description()
        return read.description or self.description

    @api.depends_context("lang")
    def _compute_display_name(self):
        res = super()._compute_display_name()
        for reward in self:
            if reward.id and reward.sudo().program_id.is_member_program:
                reward.display_name = f"{reward.program_id.name} - {reward._member_reader_description()}"
        return res
