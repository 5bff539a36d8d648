from odoo import api, fields, models
from odoo.exceptions import ValidationError

PRICE_BANDS = [
    ("lt_50k", "Under 50,000"),
    ("50k_200k", "50,000 – 200,000"),
    ("200k_1m", "200,000 – 1,000,000"),
    ("gt_1m", "Over 1,000,000"),
]

# Limits of the price bands, in the company currency: (band, lower bound included, upper bound excluded)
PRICE_BAND_LIMITS = [
    ("lt_50k", 0, 50000),
    ("50k_200k", 50000, 200000),
    ("200k_1m", 200000, 1000000),
    ("gt_1m", 1000000, None),
]

INTEREST_TYPES = [
    ("artist", "Artist"),
    ("category", "Category"),
    ("period", "Period"),
    ("style", "Style"),
    ("medium", "Medium"),
    ("price_band", "Price band"),
]


def price_band_of(amount):
    for band, low, high in PRICE_BAND_LIMITS:
        if amount >= low and (high is None or amount < high):
            return band
    return "lt_50k"


class CollectorInterest(models.Model):
    _name = "collector.interest"
    _description = "Collector Interest"
    _order = "weight desc, id"

    partner_id = fields.Many2one("res.partner", string="Collector", required=True, index=True, ondelete="cascade")
    interest_type = fields.Selection(INTEREST_TYPES, string="Interest in", required=True, default="artist")
    artist_id = fields.Many2one("res.partner", domain=[("is_artist", "=", True)])
    category_id = fields.Many2one("art.category")
    period_id = fields.Many2one("art.period")
    style_id = fields.Many2one("art.style")
    medium_id = fields.Many2one("art.medium")
    price_band = fields.Selection(PRICE_BANDS)
    weight = fields.Integer(
        default=5, required=True, help="How strong the interest is, from 1 (mild) to 10 (passionate)."
    )
    note = fields.Char()
    company_id = fields.Many2one(related="partner_id.company_id", store=True)

    # One covering partial index per kind of interest: the matching reads them with index-only scans.
    _artist_match_idx = models.Index("(artist_id) INCLUDE (partner_id, weight) WHERE interest_type = 'artist'")
    _category_match_idx = models.Index("(category_id) INCLUDE (partner_id, weight) WHERE interest_type = 'category'")
    _period_match_idx = models.Index("(period_id) INCLUDE (partner_id, weight) WHERE interest_type = 'period'")
    _style_match_idx = models.Index("(style_id) INCLUDE (partner_id, weight) WHERE interest_type = 'style'")
    _medium_match_idx = models.Index("(medium_id) INCLUDE (partner_id, weight) WHERE interest_type = 'medium'")
    _band_match_idx = models.Index("(price_band) INCLUDE (partner_id, weight) WHERE interest_type = 'price_band'")

    _weight_range = models.Constraint(
        "CHECK(weight BETWEEN 1 AND 10)", "The weight of an interest must be between 1 and 10."
    )

    @api.depends("interest_type", "artist_id", "category_id", "period_id", "style_id", "medium_id", "price_band")
    def _compute_display_name(self):
        bands = dict(self._fields["price_band"]._description_selection(self.env))
        for interest in self:
            target = {
                "artist": interest.artist_id.display_name,
                "category": interest.category_id.display_name,
                "period": interest.period_id.display_name,
                "style": interest.style_id.display_name,
                "medium": interest.medium_id.display_name,
                "price_band": bands.get(interest.price_band),
            }.get(interest.interest_type)
            interest.display_name = target or ""

    @api.constrains("interest_type", "artist_id", "category_id", "period_id", "style_id", "medium_id", "price_band")
    def _check_target(self):
        target_field = {
            "artist": "artist_id",
            "category": "category_id",
            "period": "period_id",
            "style": "style_id",
            "medium": "medium_id",
            "price_band": "price_band",
        }
        for interest in self:
            if not interest[target_field[interest.interest_type]]:
                raise ValidationError(
                    self.env._(
                        "The interest of %(collector)s must say which %(kind)s it is about.",
                        collector=interest.partner_id.display_name,
                        kind=dict(self._fields["interest_type"]._description_selection(self.env))[
                            interest.interest_type
                        ],
                    )
                )
