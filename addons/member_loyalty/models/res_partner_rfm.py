from odoo import api, fields, models


class MemberRfm(models.Model):
    """One row per scored member, kept apart from res_partner so that the nightly refresh
    rewrites a narrow table instead of 100,000 wide partner rows."""

    _name = "member.rfm"
    _description = "Member RFM Score"
    _order = "r desc, f desc, m desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Member", required=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", string="Head Office", index=True)
    store_id = fields.Many2one(related="partner_id.member_store_id", string="Store Joined")
    last_date = fields.Date(string="Last Purchase")
    recency_days = fields.Integer(string="Days Since Last Purchase", aggregator="avg")
    frequency = fields.Integer(string="Purchases", aggregator="avg")
    monetary = fields.Float(string="Amount Purchased")
    r = fields.Integer(string="R Score", aggregator="avg")
    f = fields.Integer(string="F Score", aggregator="avg")
    m = fields.Integer(string="M Score", aggregator="avg")
    segment_id = fields.Many2one("member.rfm.segment", string="RFM Segment", index="btree_not_null")
    date = fields.Date(string="RFM Computed On")

    _partner_unique = models.Constraint("UNIQUE(partner_id)", "A member has one RFM score.")


class ResPartner(models.Model):
    _inherit = "res.partner"

    rfm_ids = fields.One2many("member.rfm", "partner_id", string="RFM")
    rfm_recency_days = fields.Integer(related="rfm_ids.recency_days")
    rfm_frequency = fields.Integer(related="rfm_ids.frequency")
    rfm_monetary = fields.Float(related="rfm_ids.monetary")
    rfm_r = fields.Integer(related="rfm_ids.r")
    rfm_f = fields.Integer(related="rfm_ids.f")
    rfm_m = fields.Integer(related="rfm_ids.m")
    rfm_segment_id = fields.Many2one(related="rfm_ids.segment_id")
    rfm_date = fields.Date(related="rfm_ids.date")

    @api.model
    def action_member_refresh_rfm(self):
        self.env["member.loyalty.engine"]._refresh_rfm()
        return True
