from odoo import models
from odoo.exceptions import AccessError


class LoyaltyCardUpdateBalance(models.TransientModel):
    _inherit = "loyalty.card.update.balance"

    def action_update_card_point(self):
        if self.card_id.balance_guard:
            if not self.env.user.has_group("member_loyalty.group_member_manager"):
                raise AccessError(self.env._("Only a membership manager can adjust a member's balance."))
            return super(
                LoyaltyCardUpdateBalance, self.with_context(member_ledger_ok=True, member_adjust=True)
            ).action_update_card_point()
        return super().action_update_card_point()
