from odoo import fields, models


class MemberBirthdayCoupon(models.Model):
    _name = "member.birthday.coupon"
    _description = "Birthday Coupon Issued"
    _order = "issue_date desc, id desc"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    year = fields.Integer(required=True)
    birthday = fields.Date(string="Birthday This Year", required=True)
    issue_date = fields.Date(required=True, default=fields.Date.context_today)
    card_id = fields.Many2one("loyalty.card", string="Coupon", ondelete="set null")
    code = fields.Char(related="card_id.code")
    company_id = fields.Many2one("res.company", string="Store")

    _partner_year_unique = models.Constraint(
        "UNIQUE(partner_id, year)",
        "A member gets one birthday coupon per year.",
    )
