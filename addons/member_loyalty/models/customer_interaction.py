from odoo import fields, models


class CustomerInteraction(models.Model):
    _inherit = "customer.interaction"

    interaction_type = fields.Selection(
        selection_add=[("service", "After-sales ticket")], ondelete={"service": "set default"}
    )
