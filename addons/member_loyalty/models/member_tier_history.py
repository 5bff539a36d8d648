from odoo import api, fields, models
from odoo.exceptions import UserError


class MemberTierHistory(models.Model):
    _name = "member.tier.history"
    _description = "Member Tier Change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    old_tier_id = fields.Many2one("member.tier", string="From Tier", ondelete="restrict")
    new_tier_id = fields.Many2one("member.tier", string="To Tier", ondelete="restrict")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    reason = fields.Selection(
        [
            ("enroll", "Enrolment"),
            ("upgrade", "Upgrade"),
            ("downgrade", "Downgrade at review"),
            ("renewal", "Kept at review"),
            ("manual", "Manual change"),
        ],
        required=True,
    )
    basis_amount = fields.Float(
        string="Qualifying Amount", help="Spend or points over the rolling period at the change."
    )
    note = fields.Char()
    company_id = fields.Many2one("res.company", string="Store", help="Store where the member joined.")
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("The tier history cannot be changed."))

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        raise UserError(self.env._("The tier history cannot be deleted."))
