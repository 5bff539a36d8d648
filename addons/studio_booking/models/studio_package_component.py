from odoo import api, fields, models


class StudioPackageComponent(models.Model):
    _name = "studio.package.component"
    _description = "Part of a Studio Package"
    _order = "product_tmpl_id, sequence, id"

    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Package",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one("product.product", string="Part", required=True)
    quantity = fields.Float(default=1.0, digits="Product Unit", required=True)
    currency_id = fields.Many2one(related="product_tmpl_id.currency_id")
    price_subtotal = fields.Monetary(string="Price", compute="_compute_amounts", currency_field="currency_id")
    cost_subtotal = fields.Monetary(string="Cost", compute="_compute_amounts", currency_field="currency_id")

    _quantity_positive = models.Constraint("CHECK (quantity > 0)", "The quantity of a package part must be positive.")

    @api.depends("product_id.lst_price", "product_id.standard_price", "quantity")
    def _compute_amounts(self):
        for component in self:
            component.price_subtotal = component.product_id.lst_price * component.quantity
            component.cost_subtotal = component.product_id.standard_price * component.quantity
