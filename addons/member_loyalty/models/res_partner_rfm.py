# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.sql import column_exists

_OLD_COLUMNS = (
    "rfm_recency_days",
    "rfm_frequency",
    "rfm_monetary",
    "rfm_r",
    "rfm_f",
    "rfm_m",
    "rfm_segment_id",
    "rfm_date",
)


class MemberRfmScore(models.Model):
    """The RFM scores of one member, in a narrow table of their own: the nightly refresh upserts
    100,000 small rows with two indexes instead of rewriting wide res_partner rows and their
    37 indexes. Written only by `member.loyalty.engine._refresh_rfm` (one statement per head
    office); members no longer scored lose their row."""

    _name = "member.rfm.score"
    _description = "Member RFM Score"
    _order = "partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Member", required=True, readonly=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", string="Store", required=True, readonly=True, ondelete="cascade")
    currency_id = fields.Many2one(related="company_id.currency_id")
    recency_days = fields.Integer(string="Days Since Last Purchase", readonly=True, aggregator="avg")
    frequency = fields.Integer(string="Purchase Count", readonly=True)
    monetary = fields.Float(string="Amount Purchased", readonly=True)
    r = fields.Integer(string="R Score", readonly=True, aggregator="avg")
    f = fields.Integer(string="F Score", readonly=True, aggregator="avg")
    m = fields.Integer(string="M Score", readonly=True, aggregator="avg")
    segment_id = fields.Many2one(
        "member.rfm.segment", string="RFM Segment", readonly=True, index="btree_not_null", ondelete="set null"
    )
    date = fields.Date(string="RFM Computed On", readonly=True)
    # the scores as the heat map's rows and columns, labelled with what they stand for in the chain
    # today ("R5 · 0–27 days"): the quintiles move with every refresh (see _rfm_band_selection)
    r_band = fields.Selection(selection="_selection_r_band", string="Recency", readonly=True)
    f_band = fields.Selection(selection="_selection_f_band", string="Frequency", readonly=True)
    m_band = fields.Selection(selection="_selection_m_band", string="Monetary", readonly=True)
    member_count = fields.Integer(string="Members", readonly=True, help="1 per member: the heat map's count.")
    average_spend = fields.Float(
        readonly=True,
        aggregator="avg",
        help="What a member bought over the RFM window, on average.",
    )

    # the refresh's ON CONFLICT (partner_id) relies on this unique index
    _partner_unique = models.Constraint("UNIQUE(partner_id)", "A member has one row of RFM scores.")
    _scores_check = models.Constraint(
        "CHECK(r BETWEEN 1 AND 5 AND f BETWEEN 1 AND 5 AND m BETWEEN 1 AND 5)",
        "RFM scores go from 1 to 5.",
    )

    def init(self):
        res = super().init()
        # rows scored before the bands existed (the refresh writes them since)
        self.env.cr.execute(
            """
            UPDATE member_rfm_score
               SET r_band = r::varchar, f_band = f::varchar, m_band = m::varchar,
                   member_count = 1, average_spend = monetary
             WHERE r_band IS NULL OR member_count IS NULL
            """
        )
        return res

    def _selection_r_band(self):
        return self._rfm_band_selection("r")

    def _selection_f_band(self):
        return self._rfm_band_selection("f")

    def _selection_m_band(self):
        return self._rfm_band_selection("m")

    @api.model
    def _rfm_band_selection(self, score):
        """Scores 5 to 1, each labelled with the range of days, purchases or money it covers in the
        chain of the current store at the last refresh: the scores are quintiles of the chain's members.
        """
        column = {"r": "recency_days", "f": "frequency", "m": "monetary"}[score]
        head = self.env.company.sudo().root_id
        ranges = {}
        if head and self.env.registry.ready:
            self.env.cr.execute(
                SQL(
                    """
                SELECT sc.%(score)s, MIN(sc.%(column)s), MAX(sc.%(column)s)
                  FROM member_rfm_score sc JOIN res_company c ON c.id = sc.company_id
                 WHERE c.parent_path LIKE %(path)s
              GROUP BY sc.%(score)s
                    """,
                    score=SQL.identifier(score),
                    column=SQL.identifier(column),
                    path=f"{head.parent_path}%",
                )
            )
            ranges = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        selection = []
        for value in range(5, 0, -1):
            label = f"{score.upper()}{value}"
            if value in ranges:
                label = self._rfm_band_label(score, label, *ranges[value], currency=head.currency_id)
            selection.append((str(value), label))
        return selection

    @api.model
    def _rfm_band_label(self, score, label, low, high, currency=None):
        if score == "m":
            symbol = currency.symbol if currency else ""
            low, high = (
                f"{symbol}{amount:,.0f}" if not currency or currency.position == "before" else f"{amount:,.0f}{symbol}"
                for amount in (low, high)
            )
        span = str(low) if low == high else f"{low}–{high}"
        if score == "r":
            return self.env._("%(label)s · %(span)s days ago", label=label, span=span)
        if score == "f":
            return self.env._("%(label)s · %(span)s purchases", label=label, span=span)
        return f"{label} · {span}"


class ResPartner(models.Model):
    _inherit = "res.partner"

    rfm_score_ids = fields.One2many("member.rfm.score", "partner_id", string="RFM Scores", readonly=True)
    rfm_score_id = fields.Many2one(
        "member.rfm.score",
        string="RFM Score",
        compute="_compute_rfm_score_id",
        search="_search_rfm_score_id",
        compute_sudo=True,
    )
    rfm_recency_days = fields.Integer(related="rfm_score_id.recency_days")
    rfm_frequency = fields.Integer(related="rfm_score_id.frequency")
    rfm_monetary = fields.Float(related="rfm_score_id.monetary")
    rfm_currency_id = fields.Many2one(related="rfm_score_id.currency_id", string="RFM Currency")
    rfm_r = fields.Integer(related="rfm_score_id.r")
    rfm_f = fields.Integer(related="rfm_score_id.f")
    rfm_m = fields.Integer(related="rfm_score_id.m")
    rfm_segment_id = fields.Many2one(related="rfm_score_id.segment_id")
    rfm_date = fields.Date(related="rfm_score_id.date")

    def init(self):  # pylint: disable=missing-return
        super().init()
        # the scores used to be columns of res_partner: databases installed before they moved to
        # member_rfm_score drop them (stale, and one more index to maintain on every partner write)
        old_columns = [name for name in _OLD_COLUMNS if column_exists(self.env.cr, "res_partner", name)]
        if old_columns:
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE res_partner %s",
                    SQL(", ").join(SQL("DROP COLUMN %s", SQL.identifier(name)) for name in old_columns),
                )
            )

    @api.depends("rfm_score_ids")
    def _compute_rfm_score_id(self):
        for partner in self:
            partner.rfm_score_id = partner.rfm_score_ids[:1]

    def _search_rfm_score_id(self, operator, value):
        if operator in ("any", "any!", "not any", "not any!"):
            return Domain("rfm_score_ids", operator, value)
        if operator in ("in", "not in"):
            ids = [v for v in value if v]
            domain = Domain("rfm_score_ids", "in", ids) if ids else Domain.FALSE
            if len(ids) != len(value):
                domain |= Domain("rfm_score_ids", "=", False)
            return domain if operator == "in" else ~domain
        return NotImplemented

    def action_member_refresh_rfm(self):
        self.env["member.loyalty.engine"]._refresh_rfm()
        return True
