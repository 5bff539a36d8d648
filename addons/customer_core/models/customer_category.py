from odoo import fields, models


class CustomerCategory(models.Model):
    _name = "customer.category"
    _description = "Customer Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", "Store", index=True)
    properties_definition = fields.PropertiesDefinition("Custom Fields")
    partner_count = fields.Integer("Customers", compute="_compute_partner_count")

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("customer_category_id", "in", self.ids)], ["customer_category_id"], ["__count"]
            )
        )
        for category in self:
            category.partner_count = counts.get(category, 0)
