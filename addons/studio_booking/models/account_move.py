from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _invoice_paid_hook(self):
        res = super()._invoice_paid_hook()
        orders = self.invoice_line_ids.sale_line_ids.order_id
        if orders:
            orders._studio_confirm_if_deposit_paid()
        return res
