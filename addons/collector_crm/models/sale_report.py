from odoo import fields, models

from .res_partner import COLLECTOR_LEVELS


class SaleReport(models.Model):
    _inherit = "sale.report"

    artist_id = fields.Many2one("res.partner", readonly=True)
    collector_level = fields.Selection(
        selection=COLLECTOR_LEVELS,  # a list (not a callable): its labels are translated
        string="Collector level",
        readonly=True,
    )

    def _select_additional_fields(self):
        res = super()._select_additional_fields()
        res["artist_id"] = "MIN(artwork.artist_id)"
        res["collector_level"] = "partner.collector_level"
        return res

    def _from_sale(self):
        return (
            super()._from_sale()
            + """
            LEFT JOIN LATERAL (
                SELECT aw.artist_id FROM art_artwork aw
                 WHERE aw.product_id = l.product_id AND l.product_id IS NOT NULL
                 ORDER BY aw.id LIMIT 1
            ) artwork ON TRUE
            """
        )

    def _group_by_sale(self):
        return super()._group_by_sale() + ", partner.collector_level"
