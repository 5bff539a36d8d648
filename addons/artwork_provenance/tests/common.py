from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon

GROUP = "artwork_provenance.group_art_"


def gallery_company(env):
    """A Chinese gallery's company in CNY for the tests that show its screens: the demo's gallery
    (锦华画廊 · 上海外滩, a branch of the demo group) where the demo is installed, else one made here
    (a test database without demo data); Odoo's main company keeps its dollars."""
    gallery = env.ref("artwork_provenance.demo_company_gallery", raise_if_not_found=False)
    if gallery:
        return gallery
    cny = env.ref("base.CNY")
    cny.active = True
    return env["res.company"].create(
        {"name": "锦华画廊（测试）", "currency_id": cny.id, "country_id": env.ref("base.cn").id, "city": "上海"}
    )


def in_company(env, company):
    """``env`` working in ``company`` only: what the tests create there belongs to it."""
    return env(context=dict(env.context, allowed_company_ids=company.ids))


class ArtworkCommon(BaseCommon):
    # True: the fixtures are a Chinese gallery's, in its company (gallery_company), not the main one
    in_gallery_company = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.in_gallery_company:
            cls.env = in_company(cls.env, gallery_company(cls.env))
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.stock = cls.warehouse.lot_stock_id
        cls.room = cls.env["stock.location"].create(
            {"name": "Test Room A", "location_id": cls.stock.id, "usage": "internal"}
        )
        cls.rack = cls.env["stock.location"].create(
            {"name": "Test Rack 1", "location_id": cls.room.id, "usage": "internal"}
        )
        cls.other_room = cls.env["stock.location"].create(
            {"name": "Test Room B", "location_id": cls.stock.id, "usage": "internal"}
        )
        group_ids = lambda *names: ",".join(GROUP + n for n in names)
        cls.registrar = new_test_user(
            cls.env, login="art_registrar", groups=group_ids("registrar"), name="Registrar Zhou"
        )
        cls.sales = new_test_user(cls.env, login="art_sales", groups=group_ids("sales"), name="Sales Wang")
        cls.finance = new_test_user(cls.env, login="art_finance", groups=group_ids("finance"), name="Finance Li")
        cls.manager = new_test_user(cls.env, login="art_manager", groups=group_ids("manager"), name="Manager Chen")
        cls.director = new_test_user(cls.env, login="art_director", groups=group_ids("director"), name="Director Xu")
        cls.legal = new_test_user(cls.env, login="art_legal", groups=group_ids("legal"), name="Legal Zhao")
        cls.artist = cls.env["res.partner"].create(
            {"name": "Test Artist Wu", "is_artist": True, "artist_birth_year": 1950}
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Test Vendor Collection"})
        cls.customer = cls.env["res.partner"].create({"name": "Test Collector Sun"})
        cls.category = cls.env["art.category"].create({"name": "Test Ink Painting"})
        cls.period = cls.env["art.period"].create({"name": "Test Contemporary"})

    @classmethod
    def _artwork(cls, **vals):
        values = {
            "name": "Test Mountain Study",
            "artist_id": cls.artist.id,
            "year": 1998,
            "category_id": cls.category.id,
            "period_id": cls.period.id,
            "height": 68,
            "width": 45,
            "list_price": 120000,
        }
        values.update(vals)
        return cls.env["art.artwork"].create(values)

    @classmethod
    def _approve(cls, artwork):
        artwork.action_submit_intake()
        if artwork.intake_state == "to_approve":
            artwork.with_user(cls.director).validate_tier()
        return artwork

    @classmethod
    def _purchase(cls, artwork, price=80000.0, receive=True, location=None):
        """Buy the artwork with a purchase order and receive its serial into ``location``."""
        order = cls.env["purchase.order"].create(
            {
                "partner_id": cls.vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": artwork.product_id.id,
                            "product_qty": 1.0,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        if receive:
            picking = order.picking_ids
            if location:
                picking.location_dest_id = location
            move = picking.move_ids
            move.move_line_ids.unlink()
            cls.env["stock.move.line"].create(
                {
                    "move_id": move.id,
                    "picking_id": picking.id,
                    "product_id": artwork.product_id.id,
                    "lot_id": artwork.lot_id.id,
                    "quantity": 1.0,
                    "location_id": move.location_id.id,
                    "location_dest_id": (location or move.location_dest_id).id,
                }
            )
            move.picked = True
            picking.with_context(skip_backorder=True).button_validate()
        return order

    @classmethod
    def _bill(cls, order):
        bill = cls.env["account.move"].browse(order.action_create_invoice()["res_id"])
        bill.invoice_date = fields.Date.today()
        bill.action_post()
        return bill

    @classmethod
    def _sell(cls, artwork, price=150000.0, deliver=True):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": artwork.product_id.id,
                            "product_uom_qty": 1.0,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        if deliver:
            picking = order.picking_ids
            picking.move_ids.move_line_ids.lot_id = artwork.lot_id
            picking.move_ids.picked = True
            picking.with_context(skip_backorder=True).button_validate()
        return order

    @classmethod
    def _stocked_artwork(cls, location=None, **vals):
        artwork = cls._artwork(**vals)
        cls._approve(artwork)
        cls._purchase(artwork, location=location)
        return artwork
