from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CollectorCollectionItem(models.Model):
    _name = "collector.collection.item"
    _description = "Collection Item of a Collector"
    _order = "ownership, year desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Collector", required=True, index=True, ondelete="cascade")
    ownership = fields.Selection(
        [("owned", "Owned"), ("previously_owned", "Previously owned"), ("wanted", "Wanted")],
        required=True,
        default="owned",
    )
    origin = fields.Selection(
        [("our_sale", "Bought from us"), ("declared", "Declared elsewhere")],
        required=True,
        default="declared",
    )
    artwork_id = fields.Many2one("art.artwork", index="btree_not_null", ondelete="set null")
    description = fields.Char(help="Title or description of a work that is not in our catalogue.")
    artist_id = fields.Many2one(
        "res.partner",
        compute="_compute_artist_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        domain=[("is_artist", "=", True)],
    )
    category_id = fields.Many2one("art.category", compute="_compute_artist_id", store=True, readonly=False)
    year = fields.Integer(string="Year acquired")
    sale_order_id = fields.Many2one("sale.order", string="Sale", ondelete="set null")
    company_id = fields.Many2one(related="partner_id.company_id", store=True)

    @api.depends("artwork_id")
    def _compute_artist_id(self):
        for item in self:
            if item.artwork_id:
                item.artist_id = item.artwork_id.artist_id
                item.category_id = item.artwork_id.category_id

    @api.depends("artwork_id", "description")
    def _compute_display_name(self):
        for item in self:
            item.display_name = item.artwork_id.display_name or item.description or ""

    @api.constrains("artwork_id", "description")
    def _check_what(self):
        for item in self:
            if not item.artwork_id and not item.description:
                raise ValidationError(self.env._("A collection item needs an artwork or a description."))
