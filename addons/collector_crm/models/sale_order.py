from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    max_discount = fields.Float(
        string="Highest discount (%)",
        compute="_compute_max_discount",
        store=True,
        help="The highest discount of the order lines: the discount approvals are defined on it.",
    )
    collector_watermark = fields.Char(compute="_compute_collector_watermark")

    @api.depends("order_line.discount")
    def _compute_max_discount(self):
        for order in self:
            order.max_discount = max(order.order_line.mapped("discount") or [0.0])

    @api.depends_context("uid")
    @api.depends("partner_id")
    def _compute_collector_watermark(self):
        """The collector's name across the quotation; an anonymous collector's alias when printed
        by someone who may not know the name (only the advisor and managers send the named copy)."""
        for order in self:
            partner = order.partner_id.commercial_partner_id
            if not partner.sudo().is_collector:
                order.collector_watermark = False
            elif partner._collector_hidden():
                order.collector_watermark = partner._collector_anonymous_name()
            else:
                order.collector_watermark = partner.sudo().name

    def action_confirm(self):
        res = super().action_confirm()
        self._collector_record_sales()
        return res

    # Approvals (OCA sale_tier_validation) refuse every write of a quotation with reviews but the
    # fields they are told of, even once approved, until it is confirmed. Confirming it, Odoo's
    # sale_loyalty (when installed) records the points the order earns on the company's automatic
    # programs (coupon_point_ids): the order's own computation, not an edit the approval is about.
    @api.model
    def _get_under_validation_exceptions(self):
        return super()._get_under_validation_exceptions() + self._collector_loyalty_exceptions()

    @api.model
    def _get_after_validation_exceptions(self):
        return super()._get_after_validation_exceptions() + self._collector_loyalty_exceptions()

    @api.model
    def _collector_loyalty_exceptions(self):
        return [name for name in ("coupon_point_ids",) if name in self._fields]

    def _collector_record_sales(self):
        """A confirmed order of artworks: matches become "sold", the works enter the collection."""
        Artwork = self.env["art.artwork"].sudo()
        for order in self:
            partner = order.partner_id.commercial_partner_id
            products = order.order_line.product_id
            if not products:
                continue
            artworks = Artwork.search([("product_id", "in", products.ids)])
            if not artworks:
                continue
            self.env["collector.match"].sudo().search(
                [("partner_id", "=", partner.id), ("artwork_id", "in", artworks.ids)]
            ).write({"state": "sold"})
            if partner.is_collector:
                known = (
                    self.env["collector.collection.item"]
                    .sudo()
                    .search([("partner_id", "=", partner.id), ("artwork_id", "in", artworks.ids)])
                )
                known.write({"ownership": "owned", "origin": "our_sale", "sale_order_id": order.id})
                self.env["collector.collection.item"].sudo().create(
                    [
                        {
                            "partner_id": partner.id,
                            "artwork_id": artwork.id,
                            "ownership": "owned",
                            "origin": "our_sale",
                            "sale_order_id": order.id,
                            "year": fields.Date.context_today(self).year,
                        }
                        for artwork in artworks - known.artwork_id
                    ]
                )


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.constrains("discount")
    def _check_collector_discount(self):
        """An artwork is sold at a discount between 0 and 100 % (the gallery's approvals read the
        discount); Odoo lets other lines carry a surcharge (a negative discount), and so do we."""
        artwork_category = self.env.ref("artwork_provenance.product_category_artwork", raise_if_not_found=False)
        for line in self:
            if not artwork_category or not (line.product_id.categ_id.parent_path or "").startswith(
                artwork_category.parent_path
            ):
                continue
            if line.discount > 100 or line.discount < 0:
                raise ValidationError(
                    self.env._(
                        "The discount of %(product)s must be between 0%% and 100%% (%(discount)s%% given).",
                        product=line.product_id.display_name or line.name,
                        discount=line.discount,
                    )
                )
