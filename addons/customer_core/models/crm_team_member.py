import re
from ast import literal_eval

from odoo import api, fields, models

# assignment criterion field on crm.team.member -> lead field it filters
ASSIGN_CRITERIA = {
    "assign_source_ids": "source_id",
    "assign_medium_ids": "medium_id",
    "assign_state_ids": "state_id",
    "assign_category_ids": "product_category_id",
    "assign_company_ids": "company_id",
}


def _split_terms(domain):
    """Split a prefix-notation domain into its top-level (implicitly AND-ed) terms."""
    terms, i = [], 0

    def consume(j):
        item = domain[j]
        if item in ("&", "|"):
            return consume(consume(j + 1))
        if item == "!":
            return consume(j + 1)
        return j + 1

    while i < len(domain):
        end = consume(i)
        terms.append(domain[i:end])
        i = end
    return terms


class CrmTeamMember(models.Model):
    _inherit = "crm.team.member"

    assign_source_ids = fields.Many2many(
        "utm.source", string="Sources", help="Only leads from these sources (channels)."
    )
    assign_medium_ids = fields.Many2many("utm.medium", string="Media", help="Only leads from these media (channels).")
    assign_state_ids = fields.Many2many(
        "res.country.state", string="Regions", help="Only leads from these provinces/states."
    )
    assign_cities = fields.Char(
        "Cities",
        help="Only leads from these cities, separated by commas (上海, 杭州): 杭州 also matches 杭州市.",
    )
    assign_category_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Only leads interested in these product categories.",
    )
    assign_company_ids = fields.Many2many(
        "res.company",
        "crm_team_member_assign_company_rel",
        "member_id",
        "company_id",
        string="Stores",
        help="Only leads of these stores.",
    )
    # Odoo's rule-based assignment reads this domain: our criteria are AND-ed into it, so the
    # standard engine (capacity, round robin, preferred domain) applies them unchanged.
    assignment_domain = fields.Char(compute="_compute_assignment_domain", store=True, readonly=False)

    @api.depends(*ASSIGN_CRITERIA, "assign_cities")
    def _compute_assignment_domain(self):
        for member in self:
            try:
                current = literal_eval(member.assignment_domain or "[]")
            except (ValueError, SyntaxError):
                current = []
            terms = _split_terms(list(current))
            while terms and len(terms[-1]) == 1 and self._is_criterion_leaf(terms[-1][0]):
                terms.pop()
            domain = [item for term in terms for item in term] + member._assign_criteria_domain()
            member.assignment_domain = repr(domain) if domain else False

    @api.model
    def _is_criterion_leaf(self, leaf):
        return (
            isinstance(leaf, (list, tuple))
            and len(leaf) == 3
            and leaf[0] in (*ASSIGN_CRITERIA.values(), "city")
            and leaf[1] == "in"
        )

    def _assign_criteria_domain(self):
        self.ensure_one()
        domain = [
            (lead_field, "in", sorted(self[member_field].ids))
            for member_field, lead_field in ASSIGN_CRITERIA.items()
            if self[member_field]
        ]
        if cities := self._assign_city_names():
            domain.append(("city", "in", cities))
        return domain

    def _assign_city_names(self):
        """The cities typed, each with and without its 市 ("杭州", "杭州市"): a lead's city is
        written either way."""
        names = set()
        for city in re.split(r"[,，、;；\n]+", self.assign_cities or ""):
            city = city.strip()
            if not city:
                continue
            bare = city.removesuffix("市") or city
            names.update({city, bare, f"{bare}市"})
        return sorted(names)

    def _get_assignment_domain(self):
        self.ensure_one()
        return literal_eval(self.assignment_domain or "[]")
