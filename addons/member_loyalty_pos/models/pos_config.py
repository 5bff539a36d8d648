from odoo import models


class PosConfig(models.Model):
    _inherit = "pos.config"

    def _get_program_ids(self):
        """The member programs (points, stored value) of the chain are never loaded into the
        till: pos_loyalty would compute their points in the browser and move the cards' balances
        itself. Their points are posted by the server through the member ledger, from the paid
        order (pos.order._member_pos_post); stored value is a payment method."""
        programs = super()._get_program_ids()
        wallets = self.env["res.company"].sudo().search([("member_wallet_program_id", "!=", False)])
        member = programs.sudo().filtered("is_member_program") | wallets.member_wallet_program_id
        return programs - member.with_env(programs.env)

    def _get_special_products(self):
        # the points redemption line's product: always in the till, never on its product screen
        return super()._get_special_products() | self.env["pos.order"]._member_pos_redeem_product()
