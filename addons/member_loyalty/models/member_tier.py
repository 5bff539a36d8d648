from odoo import api, fields, models
from odoo.tools import format_amount, formatLang


class MemberTier(models.Model):
    _name = "member.tier"
    _description = "Member Tier"
    _order = "company_id, threshold, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company.root_id,
        help="Head office whose members the tier applies to.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # the threshold is an amount (in the head office's currency) or points, per the company's basis
    tier_basis = fields.Selection(related="company_id.member_tier_basis")
    threshold_display = fields.Char(
        string="Threshold with Unit",
        compute="_compute_threshold_display",
        help="The threshold with its unit: an amount in the head office's currency, or points.",
    )
    threshold = fields.Float(
        required=True,
        default=0.0,
        help="Spend (or points earned, per the company's tier basis) over the rolling period "
        "needed to reach this tier.",
    )
    multiplier = fields.Float(
        string="Points Multiplier",
        required=True,
        default=1.0,
        help="Points earned on an order are multiplied by this factor.",
    )
    discount_percent = fields.Float(
        string="Standing Discount (%)",
        help="Informative: the discount is applied by the benefit programs restricted to the tier.",
    )
    free_services_per_year = fields.Integer(string="Free Services per Year")
    birthday_program_id = fields.Many2one(
        "loyalty.program",
        string="Birthday Coupon Program",
        domain="[('program_type', 'in', ('coupons', 'next_order_coupons'))]",
    )
    benefit_program_ids = fields.Many2many(
        "loyalty.program",
        "loyalty_program_member_tier_rel",
        "tier_id",
        "program_id",
        string="Benefit Programs",
        help="Promotions and discounts (Odoo loyalty programs) that only members of this tier get.",
    )
    color = fields.Integer()
    member_count = fields.Integer(compute="_compute_member_count")

    _threshold_unique = models.Constraint(
        "UNIQUE(company_id, threshold)",
        "Two tiers of one company cannot have the same threshold.",
    )
    _values_check = models.Constraint(
        "CHECK(threshold >= 0 AND multiplier > 0 AND discount_percent >= 0 "
        "AND discount_percent <= 100 AND free_services_per_year >= 0)",
        "Tier thresholds must be positive, the multiplier above zero and the discount between 0 and 100.",
    )

    @api.depends("threshold", "tier_basis", "currency_id")
    @api.depends_context("lang")
    def _compute_threshold_display(self):
        for tier in self:
            if tier.tier_basis == "points":
                points = formatLang(self.env, tier.threshold, digits=0)
                tier.threshold_display = self.env._("%(points)s points", points=points)
            else:
                tier.threshold_display = format_amount(self.env, tier.threshold, tier.currency_id)

    def _compute_member_count(self):
        counts = dict(
            self.env["res.partner"]._read_group([("member_tier_id", "in", self.ids)], ["member_tier_id"], ["__count"])
        )
        for tier in self:
            tier.member_count = counts.get(tier, 0)

    @api.model
    def _for_amount(self, company, amount):
        """The highest tier of the company whose threshold the amount reaches."""
        return self.search(
            [("company_id", "=", company.root_id.id), ("threshold", "<=", amount)],
            order="threshold desc",
            limit=1,
        )

    def action_view_members(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("member_loyalty.res_partner_member_action")
        action["domain"] = [("member_tier_id", "=", self.id)]
        return action
