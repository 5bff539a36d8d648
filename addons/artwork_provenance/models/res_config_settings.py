from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    art_reapproval_field_ids = fields.Many2many(related="company_id.art_reapproval_field_ids", readonly=False)
