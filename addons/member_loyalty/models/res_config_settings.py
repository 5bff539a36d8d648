from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    member_program_id = fields.Many2one(related="company_id.member_program_id", readonly=False)
    member_wallet_program_id = fields.Many2one(related="company_id.member_wallet_program_id", readonly=False)
    member_tier_basis = fields.Selection(related="company_id.member_tier_basis", readonly=False)
    member_tier_period_months = fields.Integer(related="company_id.member_tier_period_months", readonly=False)
    member_tier_grace_days = fields.Integer(related="company_id.member_tier_grace_days", readonly=False)
    member_points_expiry_months = fields.Integer(related="company_id.member_points_expiry_months", readonly=False)
    member_points_reminder_days = fields.Integer(related="company_id.member_points_reminder_days", readonly=False)
    member_birthday_days_before = fields.Integer(related="company_id.member_birthday_days_before", readonly=False)
    member_birthday_program_id = fields.Many2one(related="company_id.member_birthday_program_id", readonly=False)
    member_birthday_validity_days = fields.Integer(related="company_id.member_birthday_validity_days", readonly=False)
    member_prepayment_account_id = fields.Many2one(related="company_id.member_prepayment_account_id", readonly=False)
    member_bonus_account_id = fields.Many2one(related="company_id.member_bonus_account_id", readonly=False)
    member_wallet_journal_id = fields.Many2one(related="company_id.member_wallet_journal_id", readonly=False)
