import random

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

SEND_BATCH = 1000


class MemberCampaign(models.Model):
    _name = "member.campaign"
    _description = "Member Campaign"
    _inherit = "mail.thread"
    _order = "date_sent desc, id desc"

    name = fields.Char(required=True, translate=True, tracking=True)
    company_id = fields.Many2one("res.company", string="Store", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("done", "Closed")],
        default="draft",
        required=True,
        tracking=True,
    )
    segment_id = fields.Many2one("customer.segment", string="Customer Segment")
    rfm_segment_id = fields.Many2one("member.rfm.segment", string="RFM Segment")
    channel = fields.Selection(
        [("email", "E-mail"), ("sms", "SMS"), ("both", "E-mail and SMS")], required=True, default="email"
    )
    mail_template_id = fields.Many2one("mail.template", string="Message", domain="[('model', '=', 'res.partner')]")
    sms_template_id = fields.Many2one("sms.template", string="SMS Message", domain="[('model', '=', 'res.partner')]")
    coupon_program_id = fields.Many2one(
        "loyalty.program",
        domain="[('program_type', 'in', ('coupons', 'next_order_coupons'))]",
    )
    control_percent = fields.Float(
        string="Control Group (%)",
        default=10.0,
        help="Share of the targeted members held out of the send, at random, to measure uplift.",
    )
    attribution_days = fields.Integer(
        string="Attribution Window (days)",
        default=30,
        help="Purchases of targeted members within this many days after the send count for the campaign.",
    )
    date_sent = fields.Date(readonly=True, copy=False)
    fixed_cost = fields.Monetary()
    cost_per_message = fields.Monetary(default=0.05)
    target_ids = fields.One2many("member.campaign.target", "campaign_id", copy=False)
    target_count = fields.Integer(readonly=True, string="Members Reached")
    control_count = fields.Integer(readonly=True, string="Control Group")
    buyers = fields.Integer(readonly=True, string="Buyers Reached")
    control_buyers = fields.Integer(readonly=True, string="Buyers in Control")
    revenue = fields.Monetary(readonly=True, string="Revenue of Members Reached")
    control_revenue = fields.Monetary(readonly=True, string="Revenue of Control")
    coupon_revenue = fields.Monetary(readonly=True, string="Revenue with Coupons")
    coupons_used = fields.Integer(readonly=True, string="Coupons Redeemed")
    coupon_cost = fields.Monetary(readonly=True, string="Coupon Discounts")
    uplift = fields.Monetary(
        readonly=True,
        help="Revenue of the members reached minus what they would have bought at the control group's rate.",
    )
    cost = fields.Monetary(readonly=True, string="Total Cost")
    roi = fields.Float(readonly=True, string="ROI (%)", aggregator="avg")

    _control_percent_range = models.Constraint(
        "CHECK(control_percent >= 0 AND control_percent < 100)",
        "The control group must be between 0 % and less than 100 % of the target.",
    )
    _attribution_positive = models.Constraint(
        "CHECK(attribution_days > 0)", "The attribution window must be at least one day."
    )

    @api.model
    def _check_control_and_window(self, vals, name):
        """Said before the database refuses it (the CHECK constraints above stay as the guard; a
        create inserts at once, before any @api.constrains would run)."""
        if "control_percent" in vals and not 0 <= (vals["control_percent"] or 0) < 100:
            raise ValidationError(
                self.env._(
                    "The control group of %(campaign)s must be at least 0 %% and less than 100 %% of the "
                    "target (%(percent)s %% given): someone has to receive the campaign.",
                    campaign=name,
                    percent=vals["control_percent"],
                )
            )
        if "attribution_days" in vals and (vals["attribution_days"] or 0) < 1:
            raise ValidationError(
                self.env._("The attribution window of %(campaign)s must be at least one day.", campaign=name)
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_control_and_window(vals, vals.get("name"))
        return super().create(vals_list)

    def write(self, vals):
        if self:
            self._check_control_and_window(vals, vals.get("name") or self[0].name)
        return super().write(vals)

    def action_update_results(self):
        for campaign in self.filtered("date_sent"):
            campaign.write(campaign._results())
        return True

    @api.model
    def _cron_update_results(self):
        self.search([("state", "=", "sent")]).action_update_results()

    def _results(self):
        """Figures of one sent campaign, from the ledger (paid sales) and coupon use."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
WITH targets AS (
    SELECT t.partner_id, t.is_control FROM member_campaign_target t WHERE t.campaign_id = %(id)s
),
sales AS (
    SELECT h.partner_id, SUM(h.spend_amount) AS amount
      FROM loyalty_history h JOIN targets t ON t.partner_id = h.partner_id
     WHERE h.member_ledger AND h.member_move_type IN ('earn', 'reversal') AND h.spend_amount <> 0
       AND h.member_date >= %(start)s AND h.member_date < %(stop)s
  GROUP BY h.partner_id
)
SELECT COUNT(*) FILTER (WHERE t.is_control IS NOT TRUE),
       COUNT(*) FILTER (WHERE t.is_control),
       COUNT(s.partner_id) FILTER (WHERE t.is_control IS NOT TRUE AND s.amount > 0),
       COUNT(s.partner_id) FILTER (WHERE t.is_control AND s.amount > 0),
       COALESCE(SUM(s.amount) FILTER (WHERE t.is_control IS NOT TRUE), 0),
       COALESCE(SUM(s.amount) FILTER (WHERE t.is_control), 0)
  FROM targets t LEFT JOIN sales s ON s.partner_id = t.partner_id
                """,
                id=self.id,
                start=self.date_sent,
                stop=fields.Date.add(self.date_sent, days=self.attribution_days),
            )
        )
        reached, control, buyers, control_buyers, revenue, control_revenue = self.env.cr.fetchone()
        coupons = self.target_ids.coupon_id
        lines = (
            self.env["sale.order.line"]
            .sudo()
            .search([("coupon_id", "in", coupons.ids), ("order_id.state", "=", "sale")])
        )
        coupon_revenue = sum(lines.order_id.mapped("amount_untaxed"))
        coupon_cost = -sum(lines.mapped("price_subtotal"))
        expected = (control_revenue / control * reached) if control else 0.0
        uplift = revenue - expected if control else revenue
        cost = self.fixed_cost + self.cost_per_message * reached + coupon_cost
        return {
            "target_count": reached,
            "control_count": control,
            "buyers": buyers,
            "control_buyers": control_buyers,
            "revenue": revenue,
            "control_revenue": control_revenue,
            "coupon_revenue": coupon_revenue,
            "coupons_used": len(lines.coupon_id),
            "coupon_cost": coupon_cost,
            "uplift": uplift,
            "cost": cost,
            "roi": (uplift - cost) / cost * 100 if cost else 0.0,
        }

    def _get_audience(self):
        self.ensure_one()
        if self.segment_id:
            partners = self.segment_id._get_partners()
        elif self.rfm_segment_id:
            partners = self.env["res.partner"].search([("rfm_segment_id", "=", self.rfm_segment_id.id)])
        else:
            raise UserError(self.env._("Choose a customer segment or an RFM segment."))
        partners = partners.filtered(lambda p: p.is_member and p.marketing_consent)
        if not partners:
            raise UserError(
                self.env._(
                    "The segment of %(campaign)s holds no member who agreed to receive marketing.",
                    campaign=self.name,
                )
            )
        return partners

    def action_send(self, seed=None):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("This campaign was already sent."))
        if self.channel in ("sms", "both") and not self.sms_template_id:
            raise UserError(self.env._("Choose the SMS message of campaign %(name)s.", name=self.name))
        partners = self._get_audience()
        rng = random.Random(seed)
        ids = partners.ids
        rng.shuffle(ids)
        control_size = round(len(ids) * self.control_percent / 100.0)
        control_ids, reached_ids = ids[:control_size], ids[control_size:]
        if not reached_ids:
            raise UserError(self.env._("Nobody would receive the campaign: lower the control group."))
        coupons = {}
        if self.coupon_program_id:
            cards = (
                self.env["loyalty.card"]
                .sudo()
                .create(
                    [{"program_id": self.coupon_program_id.id, "partner_id": pid, "points": 1} for pid in reached_ids]
                )
            )
            coupons = dict(zip(reached_ids, cards.ids, strict=True))
        self.write(
            {
                "state": "sent",
                "date_sent": fields.Date.context_today(self),
                "target_ids": [Command.create({"partner_id": pid, "is_control": True}) for pid in control_ids]
                + [Command.create({"partner_id": pid, "coupon_id": coupons.get(pid)}) for pid in reached_ids],
            }
        )
        self._enqueue_messages(reached_ids)
        self.action_update_results()
        return True

    def _enqueue_messages(self, partner_ids, batch_size=SEND_BATCH):
        """The messages go out as queue_job jobs (channel root.member_loyalty.campaign), one per
        batch of members, so the Jobs menu shows how far a large send got."""
        self.ensure_one()
        if not (self._send_email() or self._send_sms()):
            return []
        jobs = []
        total = len(partner_ids)
        for start in range(0, total, batch_size):
            batch = partner_ids[start : start + batch_size]
            jobs.append(
                self.with_delay(
                    description=self.env._(
                        "Campaign %(campaign)s: messages %(first)s-%(last)s of %(total)s",
                        campaign=self.name,
                        first=start + 1,
                        last=start + len(batch),
                        total=total,
                    )
                )._send_messages(batch)
            )
        return jobs

    def _send_email(self):
        return self.mail_template_id and self.channel in ("email", "both")

    def _send_sms(self):
        return self.sms_template_id and self.channel in ("sms", "both")

    def _send_messages(self, partner_ids):
        """Queue the e-mails (mail.mail) and SMS (sms.sms) of one batch of members reached;
        the mail and SMS queues of Odoo deliver them."""
        self.ensure_one()
        control = set(self.target_ids.filtered("is_control").partner_id.ids)
        partner_ids = [pid for pid in partner_ids if pid not in control]
        if self._send_email():
            self.mail_template_id.send_mail_batch(partner_ids)
        if self._send_sms():
            self.env["sms.composer"].with_context(active_model="res.partner", active_ids=partner_ids).create(
                {
                    "composition_mode": "mass",
                    "res_model": "res.partner",
                    "res_ids": repr(partner_ids),
                    "template_id": self.sms_template_id.id,
                    "mass_keep_log": True,
                    "mass_force_send": False,
                }
            )._action_send_sms()
        return self.env._("%(count)s member(s) messaged", count=len(partner_ids))

    def action_close(self):
        self.write({"state": "done"})


class MemberCampaignTarget(models.Model):
    _name = "member.campaign.target"
    _description = "Member Campaign Target"

    campaign_id = fields.Many2one("member.campaign", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", required=True, index=True)
    is_control = fields.Boolean(string="Control Group")
    coupon_id = fields.Many2one("loyalty.card")
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)

    _partner_unique = models.Constraint("UNIQUE(campaign_id, partner_id)", "A member is targeted once per campaign.")
