from odoo import models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import float_compare


class LoyaltyCardUpdateBalance(models.TransientModel):
    _inherit = "loyalty.card.update.balance"

    def action_update_card_point(self):
        card = self.card_id.sudo()
        if not card.balance_guard:
            return super().action_update_card_point()
        # a member card: a membership manager's adjustment, posted to its ledger
        if not self.env.user.has_group("member_loyalty.group_member_manager"):
            raise AccessError(self.env._("Only a membership manager can adjust a member's balance."))
        if self.new_balance < 0 or not float_compare(self.old_balance, self.new_balance, precision_digits=2):
            raise ValidationError(self.env._("New Balance should be positive and different then old balance."))
        balance = card._member_lock()
        difference = self.new_balance - balance
        card._member_post(
            [
                {
                    "description": self.description or self.env._("Adjustment"),
                    "issued": max(difference, 0.0),
                    "used": max(-difference, 0.0),
                    "member_move_type": "adjust",
                }
            ]
        )
        return True
