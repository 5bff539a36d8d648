from odoo import api, fields, models
from odoo.tools import SQL


class ArtPriceBand(models.Model):
    """Asking-price bands for inventory reports: a band runs from its lower bound up to the next band's."""

    _name = "art.price.band"
    _description = "Asking Price Band"
    _order = "amount_from, id"

    name = fields.Char(required=True, translate=True)
    amount_from = fields.Monetary(
        string="From Asking Price",
        required=True,
        currency_field="currency_id",
        help="Lower bound of the band; the band ends where the next one starts.",
    )
    company_id = fields.Many2one("res.company", index=True, help="Leave empty to share the band with every company.")
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        help="Bands compare with the asking price as entered on the artwork.",
    )
    active = fields.Boolean(default=True)
    artwork_count = fields.Integer(string="# Artworks", compute="_compute_artwork_count")

    _amount_from_positive = models.Constraint(
        "CHECK(amount_from >= 0)", "The lower bound of a price band cannot be negative."
    )
    _amount_company_uniq = models.UniqueIndex(
        "(amount_from, COALESCE(company_id, 0)) WHERE active",
        "Two active price bands cannot start at the same amount.",
    )

    @api.depends("company_id")
    def _compute_currency_id(self):
        for band in self:
            band.currency_id = (band.company_id or self.env.company).currency_id

    def _compute_artwork_count(self):
        counts = dict(
            self.env["art.artwork"]._read_group([("price_band_id", "in", self.ids)], ["price_band_id"], ["__count"])
        )
        for band in self:
            band.artwork_count = counts.get(band, 0)

    @api.model_create_multi
    def create(self, vals_list):
        bands = super().create(vals_list)
        self._assign_artworks()
        return bands

    def write(self, vals):
        res = super().write(vals)
        if {"amount_from", "company_id", "active"} & set(vals):
            self._assign_artworks()
        return res

    def unlink(self):
        res = super().unlink()
        self._assign_artworks()
        return res

    @api.model
    def _band_sql(self, artwork_alias):
        """The band of an artwork: the active band with the highest lower bound not above its asking price
        (a company's own band before a shared one at the same amount)."""
        return SQL(
            """(SELECT pb.id FROM art_price_band pb
                 WHERE pb.active AND (pb.company_id IS NULL OR pb.company_id = %(art)s.company_id)
                   AND pb.amount_from <= COALESCE(%(art)s.list_price, 0)
              ORDER BY pb.amount_from DESC, pb.company_id NULLS LAST LIMIT 1)""",
            art=SQL.identifier(artwork_alias),
        )

    @api.model
    def _assign_artworks(self):
        """Bands changed: move every artwork to its band in one statement (only the rows that change)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """UPDATE art_artwork a SET price_band_id = b.band_id
                     FROM (SELECT x.id, %(band)s AS band_id FROM art_artwork x) b
                    WHERE b.id = a.id AND a.price_band_id IS DISTINCT FROM b.band_id
                RETURNING a.id""",
                band=self._band_sql("x"),
            )
        )
        changed = [row[0] for row in self.env.cr.fetchall()]
        if changed:
            artworks = self.env["art.artwork"].browse(changed)
            artworks.invalidate_recordset(["price_band_id"])
            artworks.modified(["price_band_id"])

    def action_view_artworks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("artwork_provenance.art_inventory_report_action")
        action["domain"] = [("price_band_id", "=", self.id)]
        return action
