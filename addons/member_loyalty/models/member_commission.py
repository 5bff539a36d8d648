import itertools

from odoo import api, fields, models
from odoo.exceptions import ValidationError

COMMISSION_ROLES = [("salesperson", "Salesperson"), ("store_manager", "Store manager")]


class Commission(models.Model):
    """A commission plan of the chain: per store and role, a percentage of paid sales, rates by
    product category, or tiers of achievement on the agent's sales of the settled month."""

    _inherit = "commission"

    commission_type = fields.Selection(
        selection_add=[("category", "By product category"), ("achievement", "Tiers of achievement")],
        ondelete={"category": "set default", "achievement": "set default"},
    )
    company_id = fields.Many2one(
        "res.company",
        string="Store",
        index=True,
        help="Store whose staff this plan pays; empty: every store of the chain.",
    )
    member_role = fields.Selection(
        COMMISSION_ROLES, string="Role", help="Staff role this plan pays by default (when the agent has no own plan)."
    )
    category_rate_ids = fields.One2many(
        "member.commission.category.rate", "commission_id", string="Rates by Category", copy=True
    )

    @api.constrains("commission_type", "section_ids")
    def _check_member_tiers(self):
        for plan in self.filtered(lambda plan: plan.commission_type == "achievement"):
            sections = plan.section_ids.sorted(lambda section: (section.amount_from, section.id))
            if not sections:
                raise ValidationError(
                    self.env._("The plan %(plan)s pays by tiers of achievement: give it tiers.", plan=plan.name)
                )
            for lower, upper in itertools.pairwise(sections):
                if upper.amount_from < lower.amount_to:
                    raise ValidationError(
                        self.env._(
                            "The tiers of %(plan)s overlap: %(a)s–%(b)s and %(c)s–%(d)s.",
                            plan=plan.name,
                            a=lower.amount_from,
                            b=lower.amount_to,
                            c=upper.amount_from,
                            d=upper.amount_to,
                        )
                    )

    def _member_category_percent(self, category):
        """Rate of the most specific category line covering ``category``; the fixed percentage otherwise."""
        self.ensure_one()
        rates = {rate.categ_id: rate.percent for rate in self.category_rate_ids}
        while category:
            if category in rates:
                return rates[category]
            category = category.parent_id
        return self.fix_qty

    def _member_tier_percent(self, achieved):
        """Percentage of the tier the month's achieved sales fall in (the highest tier below it)."""
        self.ensure_one()
        percent = 0.0
        for section in self.section_ids.sorted("amount_from"):
            if achieved >= section.amount_from:
                percent = section.percent
        return percent

    @api.model
    def _member_plan_for(self, agent, company):
        """The agent's own plan, else the plan of its role for the store (a chain-wide plan last)."""
        if agent.commission_id:
            return agent.commission_id
        if not agent.member_commission_role:
            return self.browse()
        return self.search(
            [
                ("member_role", "=", agent.member_commission_role),
                ("company_id", "in", [company.id, False]),
            ],
            order="company_id, id",
            limit=1,
        )


class MemberCommissionCategoryRate(models.Model):
    _name = "member.commission.category.rate"
    _description = "Commission Rate by Product Category"
    _order = "commission_id, categ_id"

    commission_id = fields.Many2one("commission", string="Plan", required=True, index=True, ondelete="cascade")
    categ_id = fields.Many2one("product.category", string="Product Category", required=True, ondelete="cascade")
    percent = fields.Float("Percentage", required=True)

    _categ_uniq = models.Constraint("UNIQUE(commission_id, categ_id)", "A plan has one rate per product category.")
    _percent_range = models.Constraint(
        "CHECK(percent >= 0 AND percent <= 100)", "A commission rate lies between 0 and 100 %."
    )


class CommissionLineMixin(models.AbstractModel):
    _inherit = "commission.line.mixin"

    def _get_commission_amount(self, commission, subtotal, product, quantity):
        if commission.commission_type == "category" and not product.commission_free:
            return subtotal * commission._member_category_percent(product.categ_id) / 100.0
        if commission.commission_type == "achievement" and not product.commission_free:
            # provisional (lowest tier); the settlement of the month applies the tier reached
            return subtotal * commission._member_tier_percent(0.0) / 100.0
        return super()._get_commission_amount(commission, subtotal, product, quantity)
