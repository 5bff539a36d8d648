from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    studio_deposit_percent = fields.Float(related="company_id.studio_deposit_percent", readonly=False)
    studio_balance_due_mode = fields.Selection(related="company_id.studio_balance_due_mode", readonly=False)
    studio_balance_due_days = fields.Integer(related="company_id.studio_balance_due_days", readonly=False)
    studio_block_unpaid_delivery = fields.Boolean(related="company_id.studio_block_unpaid_delivery", readonly=False)
    studio_balance_reminder_days = fields.Integer(related="company_id.studio_balance_reminder_days", readonly=False)
    studio_shoot_reminder_hours = fields.Integer(related="company_id.studio_shoot_reminder_hours", readonly=False)
    studio_selection_reminder_days = fields.Integer(related="company_id.studio_selection_reminder_days", readonly=False)
    studio_hold_minutes = fields.Integer(related="company_id.studio_hold_minutes", readonly=False)
    studio_hold_limit = fields.Integer(related="company_id.studio_hold_limit", readonly=False)
    studio_change_hours = fields.Integer(related="company_id.studio_change_hours", readonly=False)
    studio_free_changes = fields.Integer(related="company_id.studio_free_changes", readonly=False)
