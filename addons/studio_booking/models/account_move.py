from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _invoice_paid_hook(self):
        res = super()._invoice_paid_hook()
        # whoever registers the payment (an accountant, a cashier, the payment provider's
        # callback) confirms the studio order and its shoots: server code no client reaches
        # with its own arguments, run with the rights the confirmation needs
        orders = self.sudo().invoice_line_ids.sale_line_ids.order_id
        if orders:
            orders._studio_confirm_if_deposit_paid()
        return res
