from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    customer_properties_definition = fields.PropertiesDefinition(
        "Customer Store Fields",
        help="Custom fields every customer of this store has (besides those of its customer category).",
    )
