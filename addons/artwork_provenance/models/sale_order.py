from odoo import api, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.constrains("product_id")
    def _check_art_saleable(self):
        """A sale of an artwork on loan, in restoration, consigned out or sold is refused."""
        products = self.product_id
        if not products:
            return
        artworks = self.env["art.artwork"].sudo().search([("product_id", "in", products.ids)])
        artworks._check_can_be_sold()


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        products = self.order_line.product_id
        if products:
            self.env["art.artwork"].sudo().search([("product_id", "in", products.ids)])._check_can_be_sold()
        return super().action_confirm()
