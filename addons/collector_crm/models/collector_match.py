import json

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.i18n import format_list

from .collector_interest import PRICE_BAND_LIMITS

# Points of the match score. One place, so the reasons shown to the advisor can be explained.
INTEREST_FACTORS = {"artist": 3, "category": 1, "period": 1, "style": 1, "medium": 1, "price_band": 2}
# Each signal is a bit, so one bit_or() aggregate tells which signals a candidate has.
SIGNAL_BITS = {"artist": 1, "category": 2, "period": 4, "style": 8, "medium": 16, "price_band": 32}
BIT_OWNS, BIT_ASKED = 64, 128
POINTS_BUDGET_FITS = 10
POINTS_BUDGET_STRETCH = 3  # up to 20 % above the maximum budget
POINTS_BUDGET_ABOVE = -10
POINTS_OWNS_ARTIST = 15
POINTS_ASKED_SIMILAR = 8
POINTS_CONTACT_30 = 5
POINTS_CONTACT_90 = 2
POINTS_LEVEL = {"core": 5, "potential": 3, "institution": 1}
ASKED_WITHIN_DAYS = 365
# Bounds of the part of the score that does not come from interests, ownership and questions
# (budget, contact, level): used to prune the candidates of the ranking exactly.
MIN_BONUS = min(POINTS_BUDGET_ABOVE, 0)
# How far the budget can move a score (from "above budget" to "fits")
BUDGET_SPAN = max(POINTS_BUDGET_FITS, POINTS_BUDGET_STRETCH, 0) - min(POINTS_BUDGET_ABOVE, 0)
MAX_BONUS = max(POINTS_BUDGET_FITS, POINTS_BUDGET_STRETCH, 0) + POINTS_CONTACT_30 + max(POINTS_LEVEL.values())


class CollectorMatch(models.Model):
    _name = "collector.match"
    _description = "Collector / Artwork Match"
    _order = "score desc, id"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _rec_name = "artwork_id"

    partner_id = fields.Many2one("res.partner", string="Collector", required=True, index=True, ondelete="cascade")
    artwork_id = fields.Many2one("art.artwork", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one(related="partner_id.user_id", string="Advisor", store=True)
    collector_level = fields.Selection(related="partner_id.collector_level", store=True)
    artist_id = fields.Many2one(related="artwork_id.artist_id", store=True)
    artwork_image = fields.Image(related="artwork_id.image_128", string="Artwork image")
    company_id = fields.Many2one(related="artwork_id.company_id", store=True)
    score = fields.Float(digits=(16, 1), aggregator="avg")
    rank = fields.Integer(
        help="Place of this match in the ranking that made it last: of the collector among the artwork's "
        "collectors (matched from the artwork), of the artwork among the collector's best artworks "
        "(matched from the collector)."
    )
    reason_codes = fields.Char(help="Technical: the reasons of the score, as computed by the SQL ranking.")
    reasons = fields.Text(compute="_compute_reasons", string="Why")
    reasons_summary = fields.Char(compute="_compute_reasons", string="Why (one line)")
    origin = fields.Selection(
        [("artwork", "From the artwork"), ("collector", "From the collector")], default="artwork", required=True
    )
    state = fields.Selection(
        [("matched", "Matched"), ("shown", "Shown"), ("sold", "Sold"), ("dismissed", "Dismissed")],
        default="matched",
        required=True,
        index=True,
    )
    date = fields.Datetime(string="Matched on", default=fields.Datetime.now)
    activity_done = fields.Boolean(string="Advisor notified", readonly=True)
    email_subject = fields.Char(string="E-mail subject", readonly=True)
    email_body = fields.Html(string="E-mail draft", readonly=True, sanitize_style=True)
    count_matched = fields.Integer(compute="_compute_funnel", store=True, string="Matched (count)")
    count_shown = fields.Integer(compute="_compute_funnel", store=True, string="Shown (count)")
    count_sold = fields.Integer(compute="_compute_funnel", store=True, string="Sold (count)")

    _pair_uniq = models.Constraint("UNIQUE(partner_id, artwork_id)", "An artwork is matched to a collector only once.")

    @api.depends("state")
    def _compute_funnel(self):
        for match in self:
            match.count_matched = 1
            match.count_shown = int(match.state in ("shown", "sold"))
            match.count_sold = int(match.state == "sold")

    @api.depends("reason_codes")
    @api.depends_context("lang")
    def _compute_reasons(self):
        for match in self:
            lines = self._describe_reasons(json.loads(match.reason_codes or "[]"))
            match.reasons = "\n".join(lines)
            match.reasons_summary = self._join_reasons(lines)

    @api.model
    def _join_reasons(self, lines):
        """The reasons on one line, as the reader's language separates clauses: "; " in English,
        "；" in Chinese (a translated term, so each language says it its own way)."""
        text = ""
        for line in lines:
            text = self.env._("%(reasons)s; %(reason)s", reasons=text, reason=line) if text else line
        return text

    @api.model
    def _describe_reasons(self, codes):
        kinds = dict(self.env["collector.interest"]._fields["interest_type"]._description_selection(self.env))
        levels = dict(self.env["res.partner"]._fields["collector_level"]._description_selection(self.env))
        lines = []
        for code in codes:
            key, _sep, value = code.partition(":")
            if key == "interest":
                lines.append(
                    self.env._(
                        "Interested in its %(what)s",
                        what=format_list(self.env, [kinds.get(kind, kind) for kind in value.split(",")]),
                    )
                )
            elif key == "budget_fits":
                lines.append(self.env._("Price within budget"))
            elif key == "budget_stretch":
                lines.append(self.env._("Price slightly above budget (up to 20%)"))
            elif key == "budget_above":
                lines.append(self.env._("Price above budget"))
            elif key == "owns_artist":
                lines.append(self.env._("Owns or owned works by this artist"))
            elif key == "asked_similar":
                lines.append(self.env._("Asked about similar works in the last year"))
            elif key == "contact_30":
                lines.append(self.env._("Contacted in the last 30 days"))
            elif key == "contact_90":
                lines.append(self.env._("Contacted in the last 90 days"))
            elif key == "level":
                lines.append(self.env._("Collector level: %(level)s", level=levels.get(value, value)))
        return lines

    # ------------------------------------------------------------------------------------------
    # SQL ranking
    # ------------------------------------------------------------------------------------------
    @api.model
    def _band_sql(self, price_sql):
        whens = [
            SQL("WHEN %s >= %s AND %s < %s THEN %s", price_sql, low, price_sql, high, band)
            if high is not None
            else SQL("WHEN %s >= %s THEN %s", price_sql, low, band)
            for band, low, high in PRICE_BAND_LIMITS
        ]
        return SQL("CASE %s ELSE 'lt_50k' END", SQL(" ").join(whens))

    @api.model
    def _style_rel(self):
        field = self.env["art.artwork"]._fields["style_ids"]
        return SQL.identifier(field.relation), SQL.identifier(field.column1), SQL.identifier(field.column2)

    @api.model
    def _for_sale_sql(self, alias):
        Artwork = self.env["art.artwork"]
        conditions = []
        if "available_for_sale" in Artwork._fields and Artwork._fields["available_for_sale"].store:
            conditions.append(SQL("%s.available_for_sale", SQL.identifier(alias)))
        elif "status" in Artwork._fields and Artwork._fields["status"].store:
            conditions.append(SQL("%s.status IN ('in_stock', 'consigned_in')", SQL.identifier(alias)))
        if "intake_state" in Artwork._fields and Artwork._fields["intake_state"].store:
            conditions.append(SQL("%s.intake_state = 'approved'", SQL.identifier(alias)))
        if "active" in Artwork._fields:
            conditions.append(SQL("%s.active", SQL.identifier(alias)))
        return SQL(" AND ").join(conditions) if conditions else SQL("TRUE")

    @api.model
    def _score_sql(self, level=None, contact=None, budget_min=None, budget_max=None):
        """The common part of the score: budget, ownership, similar questions, contact, level.

        Expects in scope: ``price`` (artwork price), ``ip`` (interest points) and ``kinds``,
        ``owns``, ``asked``; the collector's level, last contact and budget default to the
        columns of ``p`` (res_partner) and ``pi`` (collector_private_info).
        """
        level = level or SQL("p.collector_level")
        contact = contact or SQL("p.last_contact_date")
        bmin = budget_min or SQL("pi.budget_min")
        bmax = budget_max or SQL("pi.budget_max")
        level_case = SQL(
            "CASE %s %s ELSE 0 END",
            level,
            SQL(" ").join(SQL("WHEN %s THEN %s", level, points) for level, points in POINTS_LEVEL.items()),
        )
        budget_case = SQL(
            """CASE WHEN %(bmax)s IS NULL OR %(bmax)s = 0 THEN 0
                    WHEN price <= %(bmax)s AND price >= COALESCE(%(bmin)s, 0) THEN %(fits)s
                    WHEN price <= %(bmax)s * 1.2 AND price > %(bmax)s THEN %(stretch)s
                    WHEN price > %(bmax)s * 1.2 THEN %(above)s
                    ELSE 0 END""",
            bmin=bmin,
            bmax=bmax,
            fits=POINTS_BUDGET_FITS,
            stretch=POINTS_BUDGET_STRETCH,
            above=POINTS_BUDGET_ABOVE,
        )
        contact_case = SQL(
            """CASE WHEN %(contact)s >= now() - interval '30 days' THEN %(c30)s
                    WHEN %(contact)s >= now() - interval '90 days' THEN %(c90)s
                    ELSE 0 END""",
            contact=contact,
            c30=POINTS_CONTACT_30,
            c90=POINTS_CONTACT_90,
        )
        score = SQL(
            """COALESCE(ip, 0) + (%(budget)s) + CASE WHEN owns THEN %(owns)s ELSE 0 END
               + CASE WHEN asked THEN %(asked)s ELSE 0 END + (%(contact)s) + (%(level)s)""",
            budget=budget_case,
            owns=POINTS_OWNS_ARTIST,
            asked=POINTS_ASKED_SIMILAR,
            contact=contact_case,
            level=level_case,
        )
        reasons = SQL(
            """array_remove(ARRAY[
                 CASE WHEN kinds IS NOT NULL THEN 'interest:' || array_to_string(kinds, ',') END,
                 CASE WHEN %(bmax)s IS NULL OR %(bmax)s = 0 THEN NULL
                      WHEN price <= %(bmax)s AND price >= COALESCE(%(bmin)s, 0) THEN 'budget_fits'
                      WHEN price <= %(bmax)s * 1.2 AND price > %(bmax)s THEN 'budget_stretch'
                      WHEN price > %(bmax)s * 1.2 THEN 'budget_above' END,
                 CASE WHEN owns THEN 'owns_artist' END,
                 CASE WHEN asked THEN 'asked_similar' END,
                 CASE WHEN %(contact)s >= now() - interval '30 days' THEN 'contact_30'
                      WHEN %(contact)s >= now() - interval '90 days' THEN 'contact_90' END,
                 CASE WHEN %(level)s IN ('core', 'potential', 'institution')
                      THEN 'level:' || %(level)s END
               ], NULL)""",
            bmin=bmin,
            bmax=bmax,
            contact=contact,
            level=level,
        )
        return score, reasons

    @api.model
    def _kinds_sql(self, bits):
        """The interest kinds of a bit set, as a text array (NULL when none)."""
        return SQL(
            "NULLIF(array_remove(ARRAY[%s], NULL), '{}')",
            SQL(", ").join(
                SQL("CASE WHEN %s & %s <> 0 THEN %s END", bits, bit, kind) for kind, bit in SIGNAL_BITS.items()
            ),
        )

    @api.model
    def _hits_sql(self, interest_alias, art_alias, style_rel, partner=None):
        """UNION ALL of the interest rows matching artworks, one index-friendly branch per kind.

        The interests are read from the table in each branch (not from a CTE, which PostgreSQL
        would materialise whole), restricted to one collector when ``partner`` is given.
        """
        rel, col_art, col_style = style_rel
        interests = SQL("collector_interest")
        if partner:
            interests = SQL("(SELECT * FROM collector_interest WHERE partner_id = %s)", partner.id)
        i, a = SQL.identifier(interest_alias), SQL.identifier(art_alias)
        branches = []
        for kind, column in (
            ("artist", "artist_id"),
            ("category", "category_id"),
            ("period", "period_id"),
            ("medium", "medium_id"),
            ("price_band", "price_band"),
        ):
            art_column = SQL("%s.band", a) if kind == "price_band" else SQL("%s.%s", a, SQL.identifier(column))
            branches.append(
                SQL(
                    "SELECT %(i)s.partner_id, %(a)s.id AS artwork_id, %(bit)s AS bit, %(i)s.weight * %(factor)s AS pts"
                    " FROM %(interests)s %(i)s JOIN %(arts)s %(a)s ON %(i)s.%(col)s = %(art_col)s"
                    " WHERE %(i)s.interest_type = %(kind)s",
                    i=i,
                    a=a,
                    kind=kind,
                    bit=SIGNAL_BITS[kind],
                    factor=INTEREST_FACTORS[kind],
                    col=SQL.identifier(column),
                    art_col=art_column,
                    interests=interests,
                    arts=SQL.identifier(f"{art_alias}_src"),
                )
            )
        branches.append(
            SQL(
                "SELECT %(i)s.partner_id, %(a)s.id AS artwork_id, %(bit)s AS bit, %(i)s.weight * %(factor)s AS pts"
                " FROM %(arts)s %(a)s JOIN %(rel)s sr ON sr.%(col_art)s = %(a)s.id"
                " JOIN %(interests)s %(i)s ON %(i)s.style_id = sr.%(col_style)s AND %(i)s.interest_type = 'style'",
                i=i,
                a=a,
                bit=SIGNAL_BITS["style"],
                factor=INTEREST_FACTORS["style"],
                rel=rel,
                col_art=col_art,
                col_style=col_style,
                interests=interests,
                arts=SQL.identifier(f"{art_alias}_src"),
            )
        )
        return SQL(" UNION ALL ").join(branches)

    @api.model
    def _rank_collectors(self, artwork, limit=50):
        """Collectors ranked for ``artwork``, best first: one SQL query.

        :return: list of (partner_id, score, [reason codes])
        """
        self._flush_for_ranking()
        return self.env.execute_query(self._rank_collectors_sql(artwork, limit))

    @api.model
    def _rank_collectors_sql(self, artwork, limit=50):
        """One statement. Every signal is a row of ``hits`` (index-only scans on the partial
        indexes of the interests), aggregated per collector into ``base`` points (interests,
        owns the artist, asked about similar works). The rest of the score (budget, contact,
        level) is at most MAX_BONUS, so a collector whose ``base + MAX_BONUS`` is below the
        ``limit``-th best full score of a probe (the best collectors by base) cannot be in the
        result: those are pruned before the collectors and their budgets are read. The ranking
        stays exact."""
        score, reasons = self._score_sql()
        valid = SQL(
            "p.active AND p.is_collector"
            " AND (p.company_id IS NULL OR a_src.company_id IS NULL OR p.company_id = a_src.company_id)"
        )
        return SQL(
            """
            WITH a_src AS MATERIALIZED (
                SELECT a.id, a.artist_id, a.category_id, a.period_id, a.medium_id, a.company_id,
                       COALESCE(a.list_price, 0) AS price, %(band)s AS band
                  FROM art_artwork a WHERE a.id = %(artwork)s
            ),
            hits AS (
                %(hits)s
                UNION ALL
                SELECT c.partner_id, NULL::int, %(bit_owns)s, 0
                  FROM collector_collection_item c JOIN a_src ON c.artist_id = a_src.artist_id
                 WHERE c.ownership IN ('owned', 'previously_owned')
                UNION ALL
                SELECT ci.partner_id, NULL::int, %(bit_asked)s, 0
                  FROM a_src
                  JOIN art_artwork o ON (o.artist_id = a_src.artist_id OR o.category_id = a_src.category_id)
                  JOIN collector_interaction_artwork_rel r ON r.artwork_id = o.id
                  JOIN customer_interaction ci ON ci.id = r.interaction_id
                 WHERE ci.date >= now() - %(asked_days)s * interval '1 day'
            ),
            based AS MATERIALIZED (
                SELECT partner_id, ip, bits,
                       ip + CASE WHEN bits & %(bit_owns)s <> 0 THEN %(owns_pts)s ELSE 0 END
                          + CASE WHEN bits & %(bit_asked)s <> 0 THEN %(asked_pts)s ELSE 0 END AS base
                  FROM (SELECT partner_id, SUM(pts) AS ip, bit_or(bit) AS bits FROM hits GROUP BY partner_id) agg
            ),
            probe AS (
                -- the exact score of the best candidates by base: its limit-th value is a floor
                SELECT %(score)s AS floor
                  FROM (
                      SELECT b.partner_id, NULLIF(b.ip, 0) AS ip, b.bits & %(bit_owns)s <> 0 AS owns,
                             b.bits & %(bit_asked)s <> 0 AS asked, a_src.price AS price,
                             a_src.company_id AS art_company_id
                        FROM (SELECT * FROM based ORDER BY base DESC LIMIT %(probe)s) b CROSS JOIN a_src
                  ) s
                  JOIN res_partner p ON p.id = s.partner_id
                  LEFT JOIN collector_private_info pi ON pi.partner_id = s.partner_id
                 WHERE p.active AND p.is_collector
                   AND (p.company_id IS NULL OR s.art_company_id IS NULL OR p.company_id = s.art_company_id)
                 ORDER BY floor DESC
                OFFSET %(offset)s LIMIT 1
            ),
            scored AS (
                SELECT b.partner_id, NULLIF(b.ip, 0) AS ip, b.bits & %(bit_owns)s <> 0 AS owns,
                       b.bits & %(bit_asked)s <> 0 AS asked, a_src.price AS price,
                       a_src.company_id AS art_company_id, %(kinds)s AS kinds
                  FROM based b CROSS JOIN a_src
                 WHERE b.base + %(max_bonus)s >= COALESCE((SELECT floor FROM probe), b.base + %(max_bonus)s)
            )
            SELECT s.partner_id, %(score)s AS score, %(reasons)s AS reasons
              FROM scored s
              JOIN res_partner p ON p.id = s.partner_id
              LEFT JOIN collector_private_info pi ON pi.partner_id = s.partner_id
             WHERE p.active AND p.is_collector
               AND (p.company_id IS NULL OR s.art_company_id IS NULL OR p.company_id = s.art_company_id)
             ORDER BY score DESC, s.partner_id
             LIMIT %(limit)s
            """,
            band=self._band_sql(SQL("COALESCE(a.list_price, 0)")),
            artwork=artwork.id,
            hits=self._hits_sql("i", "a", self._style_rel()),
            kinds=self._kinds_sql(SQL("b.bits")),
            bit_owns=BIT_OWNS,
            bit_asked=BIT_ASKED,
            owns_pts=POINTS_OWNS_ARTIST,
            asked_pts=POINTS_ASKED_SIMILAR,
            max_bonus=MAX_BONUS,
            probe=max(limit * 4, 200),
            offset=max(limit - 1, 0),
            valid=valid,
            asked_days=ASKED_WITHIN_DAYS,
            score=score,
            reasons=reasons,
            limit=limit,
        )

    @api.model
    def _rank_artworks(self, partner, limit=50):
        """Artworks for sale ranked for the collector ``partner``, best first: one SQL query.

        :return: list of (artwork_id, score, [reason codes])
        """
        self._flush_for_ranking()
        return self.env.execute_query(self._rank_artworks_sql(partner, limit))

    @api.model
    def _rank_artworks_sql(self, partner, limit=50):
        """One statement, driven by the collector's few interests: each interest finds its
        artworks through the indexes of art_artwork (artist, category, period, medium, the style
        relation, a price range for a band), so only the artworks that score are read, then
        aggregated per artwork; the works for sale among them are scored and ranked. The
        collector's level and last contact are the same for every artwork."""
        score, reasons = self._score_sql()
        rel, col_art, col_style = self._style_rel()
        price = SQL("COALESCE(a.list_price, 0)")
        branches = [
            SQL(
                "SELECT a.id AS artwork_id, %(bit)s AS bit, i.weight * %(factor)s AS pts"
                " FROM mine i JOIN art_artwork a ON a.%(col)s = i.%(col)s WHERE i.interest_type = %(kind)s",
                bit=SIGNAL_BITS[kind],
                factor=INTEREST_FACTORS[kind],
                col=SQL.identifier(column),
                kind=kind,
            )
            for kind, column in (
                ("artist", "artist_id"),
                ("category", "category_id"),
                ("period", "period_id"),
                ("medium", "medium_id"),
            )
        ]
        branches.append(
            SQL(
                "SELECT sr.%(col_art)s, %(bit)s, i.weight * %(factor)s FROM mine i"
                " JOIN %(rel)s sr ON sr.%(col_style)s = i.style_id WHERE i.interest_type = 'style'",
                col_art=col_art,
                col_style=col_style,
                rel=rel,
                bit=SIGNAL_BITS["style"],
                factor=INTEREST_FACTORS["style"],
            )
        )
        bands = SQL(", ").join(SQL("(%s, %s, %s)", band, low, high) for band, low, high in PRICE_BAND_LIMITS)
        branches.append(
            SQL(
                "SELECT a.id, %(bit)s, i.weight * %(factor)s FROM mine i"
                " JOIN (VALUES %(bands)s) AS band(code, low, high) ON band.code = i.price_band"
                " JOIN art_artwork a ON %(price)s >= band.low AND (band.high IS NULL OR %(price)s < band.high)"
                " WHERE i.interest_type = 'price_band'",
                bands=bands,
                price=price,
                bit=SIGNAL_BITS["price_band"],
                factor=INTEREST_FACTORS["price_band"],
            )
        )
        return SQL(
            """
            WITH mine AS MATERIALIZED (
                SELECT interest_type, artist_id, category_id, period_id, style_id, medium_id, price_band, weight
                  FROM collector_interest WHERE partner_id = %(partner)s
            ),
            owned_artists AS MATERIALIZED (
                SELECT DISTINCT c.artist_id FROM collector_collection_item c
                 WHERE c.partner_id = %(partner)s AND c.artist_id IS NOT NULL
                   AND c.ownership IN ('owned', 'previously_owned')
            ),
            asked_about AS MATERIALIZED (
                SELECT DISTINCT o.artist_id, o.category_id
                  FROM customer_interaction ci
                  JOIN collector_interaction_artwork_rel r ON r.interaction_id = ci.id
                  JOIN art_artwork o ON o.id = r.artwork_id
                 WHERE ci.partner_id = %(partner)s
                   AND ci.date >= now() - %(asked_days)s * interval '1 day'
            ),
            hits AS (
                %(hits)s
                UNION ALL
                SELECT a.id, %(bit_owns)s, 0 FROM owned_artists oa JOIN art_artwork a ON a.artist_id = oa.artist_id
                UNION ALL
                SELECT a.id, %(bit_asked)s, 0 FROM asked_about aa JOIN art_artwork a ON a.artist_id = aa.artist_id
                UNION ALL
                SELECT a.id, %(bit_asked)s, 0 FROM asked_about aa JOIN art_artwork a ON a.category_id = aa.category_id
            ),
            agg AS (
                SELECT artwork_id, NULLIF(SUM(pts), 0) AS ip, bit_or(bit) AS bits FROM hits GROUP BY artwork_id
            ),
            scored AS (
                SELECT agg.artwork_id AS id, agg.ip, agg.bits, %(price)s AS price,
                       agg.bits & %(bit_owns)s <> 0 AS owns, agg.bits & %(bit_asked)s <> 0 AS asked,
                       COALESCE(agg.ip, 0) + CASE WHEN agg.bits & %(bit_owns)s <> 0 THEN %(owns_pts)s ELSE 0 END
                           + CASE WHEN agg.bits & %(bit_asked)s <> 0 THEN %(asked_pts)s ELSE 0 END AS base
                  FROM agg JOIN art_artwork a ON a.id = agg.artwork_id
                 WHERE %(for_sale)s
                   AND (a.company_id IS NULL OR %(company)s::int IS NULL OR a.company_id = %(company)s::int)
            ),
            cut AS (
                -- the limit-th best base: the budget moves a score by BUDGET_SPAN at most, so a work
                -- whose base is lower than this minus BUDGET_SPAN cannot be in the result
                SELECT base FROM scored ORDER BY base DESC OFFSET %(offset)s LIMIT 1
            ),
            ranked AS (
                SELECT s.id, s.ip, s.bits, s.price, s.owns, s.asked, %(score)s AS score
                  FROM scored s
                  JOIN res_partner p ON p.id = %(partner)s
                  LEFT JOIN collector_private_info pi ON pi.partner_id = p.id
                 WHERE s.base >= COALESCE((SELECT base FROM cut), s.base) - %(budget_span)s
                 ORDER BY score DESC, s.id
                 LIMIT %(limit)s
            )
            SELECT r.id, r.score, %(reasons)s AS reasons
              FROM ranked r
              JOIN res_partner p ON p.id = %(partner)s
              LEFT JOIN collector_private_info pi ON pi.partner_id = p.id,
              LATERAL (SELECT %(kinds)s AS kinds) v
             ORDER BY r.score DESC, r.id
            """,
            partner=partner.id,
            company=partner.company_id.id or None,
            price=price,
            for_sale=self._for_sale_sql("a"),
            hits=SQL(" UNION ALL ").join(branches),
            kinds=self._kinds_sql(SQL("r.bits")),
            bit_owns=BIT_OWNS,
            bit_asked=BIT_ASKED,
            owns_pts=POINTS_OWNS_ARTIST,
            asked_pts=POINTS_ASKED_SIMILAR,
            budget_span=BUDGET_SPAN,
            offset=max(limit - 1, 0),
            asked_days=ASKED_WITHIN_DAYS,
            score=score,
            reasons=reasons,
            limit=limit,
        )

    @api.model
    def _flush_for_ranking(self):
        for model in (
            "collector.interest",
            "collector.collection.item",
            "collector.private.info",
            "customer.interaction",
            "art.artwork",
            "res.partner",
        ):
            self.env[model].flush_model()

    # ------------------------------------------------------------------------------------------
    # persistence and notification
    # ------------------------------------------------------------------------------------------
    @api.model
    def _store_results(self, pairs, origin):
        """Create or refresh the matches of ``pairs``: [(partner_id, artwork_id, score, codes, rank)]."""
        if not pairs:
            return self.browse()
        existing = self.search(
            [
                ("partner_id", "in", list({p[0] for p in pairs})),
                ("artwork_id", "in", list({p[1] for p in pairs})),
            ]
        )
        by_pair = {(m.partner_id.id, m.artwork_id.id): m for m in existing}
        matches = self.browse()
        to_create = []
        for partner_id, artwork_id, score, codes, rank in pairs:
            # the rank and where it comes from go together: the last ranking that placed the pair
            vals = {"score": score, "reason_codes": json.dumps(codes or []), "rank": rank, "origin": origin}
            match = by_pair.get((partner_id, artwork_id))
            if match:
                match.write(vals)
                matches |= match
            else:
                to_create.append({**vals, "partner_id": partner_id, "artwork_id": artwork_id, "origin": origin})
        return matches | self.create(to_create)

    @api.model
    def _match_collectors_for(self, artwork, limit=50, notify=False):
        rows = self._rank_collectors(artwork, limit=limit)
        matches = self._store_results(
            [(row[0], artwork.id, float(row[1]), row[2], rank) for rank, row in enumerate(rows, start=1)],
            "artwork",
        )
        if notify:
            top = int(self.env["ir.config_parameter"].sudo().get_param("collector_crm.match_notify_top", 5))
            matches.filtered(lambda m: m.rank and m.rank <= top and m.score > 0)._notify_advisor()
        return matches

    @api.model
    def _match_artworks_for(self, partner, limit=50):
        rows = self._rank_artworks(partner, limit=limit)
        return (
            self.sudo()
            ._store_results(
                [(partner.id, row[0], float(row[1]), row[2], rank) for rank, row in enumerate(rows, start=1)],
                "collector",
            )
            .sudo(False)
        )

    def _notify_advisor(self):
        """An activity for the advisor and a ready e-mail draft in the collector's language."""
        template = self.env.ref("collector_crm.mail_template_collector_match")
        activity_type = self.env.ref("collector_crm.mail_activity_type_collector_match")
        for match in self.filtered(lambda m: not m.activity_done and m.state == "matched"):
            partner = match.partner_id
            lang = partner.lang or self.env.lang
            rendered = template._render_field("body_html", match.ids, compute_lang=True)[match.id]
            subject = template._render_field("subject", match.ids, compute_lang=True)[match.id]
            match.write({"email_subject": subject, "email_body": rendered, "activity_done": True})
            advisor = partner.user_id
            if not advisor:
                continue
            match.with_context(lang=advisor.lang or lang).activity_schedule(
                activity_type_id=activity_type.id,
                user_id=advisor.id,
                summary=self.env._(
                    "Suggest %(artwork)s to %(collector)s",
                    artwork=match.artwork_id.display_name,
                    collector=partner.sudo().name,
                ),
                note=match.with_context(lang=advisor.lang or lang).reasons,
            )

    # ------------------------------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------------------------------
    def action_open_email(self):
        """The composer with the match e-mail, in the collector's language."""
        self.ensure_one()
        template = self.env.ref("collector_crm.mail_template_collector_match")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": "res.partner",
                "default_res_ids": self.partner_id.ids,
                "default_subject": self.email_subject,
                "default_body": self.email_body,
                "default_template_id": False,
                "default_composition_mode": "comment",
                "default_partner_ids": self.partner_id.ids,
                "source_template_id": template.id,
            },
        }

    def action_dismiss(self):
        self.write({"state": "dismissed"})

    def action_mark_shown(self):
        self.filtered(lambda m: m.state == "matched").write({"state": "shown"})
