from odoo import fields, models


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    is_member_program = fields.Boolean(
        string="Member Points Program",
        help="Points of this program are posted by the membership engine when an order is "
        "paid (by product category and tier multiplier), not when the order is confirmed.",
    )
    member_tier_ids = fields.Many2many(
        "member.tier",
        "loyalty_program_member_tier_rel",
        "program_id",
        "tier_id",
        string="Member Tiers",
        help="If set, only members of these tiers get this program on their orders.",
    )

    def _member_rates(self):
        """Points per currency unit by product category: {categ_id or False: rate}.

        Read from the program's own rules (Odoo's loyalty.rule, mode "per money spent"):
        a rule with a product category applies to that category and its children, a rule
        without one is the default rate.
        """
        self.ensure_one()
        rates = {}
        for rule in self.rule_ids.filtered(lambda r: r.reward_point_mode == "money" and r.active):
            rates[rule.product_category_id.id or False] = rule.reward_point_amount
        return rates
