from odoo import fields, models


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    # pos_loyalty shows the tills of a program on its form and list: the suite's membership and
    # sales managers who have no Point of Sale rights read those screens too (tills hidden)
    pos_config_ids = fields.Many2many(groups="point_of_sale.group_pos_user")
