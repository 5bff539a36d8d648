# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    member_free_services_left = fields.Integer(
        string="Free Services Left",
        compute="_compute_member_free_services_left",
        help="Free services of the tier not yet used in the current membership year.",
    )

    def _compute_member_free_services_left(self):
        today = fields.Date.context_today(self)
        Use = self.env["member.free.service.use"]
        for partner in self:
            partner.member_free_services_left = Use._left(partner, today) if partner.is_member else 0
