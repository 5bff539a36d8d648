from odoo import fields, models


class LoyaltyReward(models.Model):
    _inherit = "loyalty.reward"

    member_free_service = fields.Boolean(
        string="Counts as Free Service",
        help="Each unit this reward gives for free uses one of the member's free services of the "
        "membership year (the tier's 'Free Services per Year'); past the allowance the reward is refused.",
    )
