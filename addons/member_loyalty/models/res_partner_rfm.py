# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    rfm_recency_days = fields.Integer(string="Days Since Last Purchase", readonly=True)
    rfm_frequency = fields.Integer(string="Purchase Count", readonly=True)
    rfm_monetary = fields.Float(string="Amount Purchased", readonly=True)
    rfm_r = fields.Integer(string="R Score", readonly=True, aggregator="avg")
    rfm_f = fields.Integer(string="F Score", readonly=True, aggregator="avg")
    rfm_m = fields.Integer(string="M Score", readonly=True, aggregator="avg")
    # not indexed on purpose: with no indexed RFM column, the nightly refresh updates members in
    # place (HOT) instead of touching every index of res_partner for every member
    rfm_segment_id = fields.Many2one("member.rfm.segment", string="RFM Segment", readonly=True)
    rfm_date = fields.Date(string="RFM Computed On", readonly=True)

    def init(self):  # pylint: disable=missing-return
        super().init()
        # databases installed before the column lost its index keep it otherwise
        self.env.cr.execute(SQL("DROP INDEX IF EXISTS res_partner__rfm_segment_id_index"))

    def action_member_refresh_rfm(self):
        self.env["member.loyalty.engine"]._refresh_rfm()
        return True
