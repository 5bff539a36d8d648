from odoo import api, fields, models


class MemberTopupBonus(models.Model):
    _name = "member.topup.bonus"
    _description = "Stored Value Top-up Bonus Rule"
    _order = "company_id, min_amount desc"

    name = fields.Char(compute="_compute_name", store=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company.root_id)
    currency_id = fields.Many2one(related="company_id.currency_id")
    min_amount = fields.Monetary(string="Top-up From", required=True)
    bonus_amount = fields.Monetary(string="Bonus", required=True)
    date_from = fields.Date()
    date_to = fields.Date()

    _amounts_check = models.Constraint(
        "CHECK(min_amount > 0 AND bonus_amount >= 0)",
        "A bonus rule needs a positive top-up amount and a bonus of zero or more.",
    )

    @api.depends("min_amount", "bonus_amount")
    def _compute_name(self):
        for rule in self:
            rule.name = self.env._(
                "Top up %(amount)s, get %(bonus)s",
                amount=rule.min_amount,
                bonus=rule.bonus_amount,
            )

    @api.model
    def _bonus_for(self, company, amount, date):
        rule = self.search(
            [
                ("company_id", "=", company.root_id.id),
                ("min_amount", "<=", amount),
                "|",
                ("date_from", "=", False),
                ("date_from", "<=", date),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", date),
            ],
            order="min_amount desc",
            limit=1,
        )
        return rule.bonus_amount if rule else 0.0
