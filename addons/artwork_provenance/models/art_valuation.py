from odoo import api, fields, models


class ArtValuation(models.Model):
    _name = "art.valuation"
    _description = "Artwork Valuation"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    artwork_id = fields.Many2one("art.artwork", required=True, index=True, ondelete="cascade")
    artist_id = fields.Many2one(related="artwork_id.artist_id", store=True)
    company_id = fields.Many2one(related="artwork_id.company_id", store=True, index=True)
    valuation_type = fields.Selection(
        [
            ("insurance", "Insurance Value"),
            ("market", "Market Value"),
            ("auction_estimate", "Auction Estimate"),
            ("appraisal", "Appraisal"),
        ],
        string="Type",
        required=True,
        default="market",
        tracking=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    amount = fields.Monetary(required=True, tracking=True)
    amount_high = fields.Monetary(string="High Estimate", help="Upper bound of an auction estimate.")
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    amount_company = fields.Monetary(
        string="Amount (Company Currency)",
        compute="_compute_amount_company",
        store=True,
        currency_field="company_currency_id",
    )
    appraiser_id = fields.Many2one("res.partner", string="Appraiser / Source")
    note = fields.Text()

    _amount_positive = models.Constraint("CHECK(amount >= 0)", "A valuation cannot be negative.")
    _estimate_range = models.Constraint(
        "CHECK(amount_high IS NULL OR amount_high = 0 OR amount_high >= amount)",
        "The high estimate cannot be below the low estimate.",
    )

    @api.depends("amount", "currency_id", "date", "company_id")
    def _compute_amount_company(self):
        for val in self:
            company = val.company_id or self.env.company
            if val.currency_id and val.currency_id != company.currency_id:
                val.amount_company = val.currency_id._convert(
                    val.amount, company.currency_id, company, val.date or fields.Date.today()
                )
            else:
                val.amount_company = val.amount

    @api.depends("artwork_id", "valuation_type", "date")
    def _compute_display_name(self):
        labels = dict(self._fields["valuation_type"]._description_selection(self.env))
        for val in self:
            val.display_name = f"{val.artwork_id.name or ''} · {labels.get(val.valuation_type, '')} {val.date or ''}"
