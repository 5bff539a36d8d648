from odoo import api, fields, models


class LoyaltyGenerateWizard(models.TransientModel):
    _inherit = "loyalty.generate.wizard"

    segment_id = fields.Many2one(
        "customer.segment",
        string="Customer Segment",
        help="Issue one coupon to every customer of this segment.",
    )

    def _get_partners(self):
        partners = super()._get_partners()
        if self.mode == "selected" and self.segment_id:
            segment_partners = self.segment_id._get_partners()
            if self.customer_ids or self.customer_tag_ids:
                return partners | segment_partners
            return segment_partners
        return partners

    @api.depends("segment_id")
    def _compute_coupon_qty(self):
        return super()._compute_coupon_qty()
