from odoo import fields, models


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    # pos_loyalty counts the till lines of a coupon as the current user: a membership manager or a
    # salesperson without Point of Sale rights confirming an order with a coupon reads it too
    use_count = fields.Integer(compute_sudo=True)
