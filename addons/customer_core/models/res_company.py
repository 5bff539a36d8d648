from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    customer_followup_required = fields.Boolean(
        "Require Next Follow-up",
        default=True,
        help="A salesperson who marks the last follow-up activity of a customer or an open lead "
        "as done must schedule the next one.",
    )
    customer_properties_definition = fields.PropertiesDefinition(
        "Customer Store Fields",
        help="Custom fields every customer of this store has (besides those of its customer category).",
    )
