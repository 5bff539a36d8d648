from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MemberRfmSegment(models.Model):
    _name = "member.rfm.segment"
    _description = "RFM Segment"
    _order = "company_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company.root_id)
    r_min = fields.Integer(string="Recency from", required=True, default=1)
    r_max = fields.Integer(string="Recency to", required=True, default=5)
    f_min = fields.Integer(string="Frequency from", required=True, default=1)
    f_max = fields.Integer(string="Frequency to", required=True, default=5)
    m_min = fields.Integer(string="Monetary from", required=True, default=1)
    m_max = fields.Integer(string="Monetary to", required=True, default=5)
    color = fields.Integer()
    member_count = fields.Integer(compute="_compute_member_count")

    _ranges_check = models.Constraint(
        "CHECK(r_min BETWEEN 1 AND 5 AND r_max BETWEEN r_min AND 5 "
        "AND f_min BETWEEN 1 AND 5 AND f_max BETWEEN f_min AND 5 "
        "AND m_min BETWEEN 1 AND 5 AND m_max BETWEEN m_min AND 5)",
        "RFM scores go from 1 to 5 and each range must start before it ends.",
    )

    def _compute_member_count(self):
        counts = dict(
            self.env["member.rfm.score"]._read_group([("segment_id", "in", self.ids)], ["segment_id"], ["__count"])
        )
        for segment in self:
            segment.member_count = counts.get(segment, 0)

    @api.constrains("r_min", "r_max", "f_min", "f_max", "m_min", "m_max", "company_id")
    def _check_no_overlap(self):
        for segment in self:
            others = self.search(
                [
                    ("id", "!=", segment.id),
                    ("company_id", "=", segment.company_id.id),
                    ("r_min", "<=", segment.r_max),
                    ("r_max", ">=", segment.r_min),
                    ("f_min", "<=", segment.f_max),
                    ("f_max", ">=", segment.f_min),
                    ("m_min", "<=", segment.m_max),
                    ("m_max", ">=", segment.m_min),
                ],
                limit=1,
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "The score ranges of %(segment)s overlap those of %(other)s: a member "
                        "must fall in one segment only.",
                        segment=segment.name,
                        other=others.name,
                    )
                )

    def action_view_members(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("member_loyalty.res_partner_member_action")
        action["domain"] = [("rfm_segment_id", "=", self.id)]
        return action

    @api.model
    def action_refresh_rfm(self):
        if not self.env.user.has_group("member_loyalty.group_member_manager"):
            raise ValidationError(self.env._("Only a membership manager can refresh the RFM scores."))
        self.env["member.loyalty.engine"].sudo()._enqueue_rfm_refresh()
        if self.env.context.get("queue_job__no_delay"):
            return {"type": "ir.actions.client", "tag": "reload"}
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("RFM refresh queued"),
                "message": self.env._("The scores are being recomputed in the background: follow it under Jobs."),
                "sticky": False,
            },
        }
