from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class CollectorFixtures:
    """Fixtures shared by the TransactionCase and HttpCase tests."""

    @classmethod
    def _setup_collector_fixtures(cls):
        cls.company = cls.env.company
        advisor_groups = "customer_core.group_customer_user,customer_core.group_customer_own_only"
        cls.advisor = new_test_user(cls.env, login="cc_advisor_a", name="Advisor A", groups=advisor_groups)
        cls.advisor_b = new_test_user(cls.env, login="cc_advisor_b", name="Advisor B", groups=advisor_groups)
        cls.manager = new_test_user(
            cls.env, login="cc_manager", name="Gallery Manager", groups="customer_core.group_customer_manager"
        )
        # taxonomy
        cls.cat_ink = cls.env["art.category"].create({"name": "CC Ink painting"})
        cls.cat_oil = cls.env["art.category"].create({"name": "CC Oil painting"})
        cls.style_impr = cls.env["art.style"].create({"name": "CC Impressionism"})
        cls.style_abstract = cls.env["art.style"].create({"name": "CC Abstract"})
        cls.period_contemp = cls.env["art.period"].create({"name": "CC Contemporary"})
        cls.medium_paper = cls.env["art.medium"].create({"name": "CC Ink on paper"})
        cls.medium_canvas = cls.env["art.medium"].create({"name": "CC Oil on canvas"})
        cls.artist_wu = cls.env["res.partner"].create({"name": "CC Wu Guanzhong", "is_artist": True})
        cls.artist_zao = cls.env["res.partner"].create({"name": "CC Zao Wou-Ki", "is_artist": True})
        cls.artist_other = cls.env["res.partner"].create({"name": "CC Someone Else", "is_artist": True})

    @classmethod
    def _artwork(cls, name, artist, category, price, medium=None, styles=(), period=None, stock=True):
        artwork = cls.env["art.artwork"].create(
            {
                "name": name,
                "artist_id": artist.id,
                "category_id": category.id,
                "medium_id": medium.id if medium else False,
                "period_id": period.id if period else False,
                "style_ids": [fields.Command.set([s.id for s in styles])],
                "list_price": price,
                "year": 1990,
                "height": 68,
                "width": 136,
            }
        )
        if stock:
            cls._put_in_stock(artwork)
        cls._approve(artwork)
        return artwork

    @classmethod
    def _approve(cls, artwork):
        """Approve the intake the way a reviewer does, whatever tier definitions the database has."""
        artwork.action_submit_intake()
        if artwork.intake_state != "approved":
            artwork.review_ids.sudo().write({"status": "approved"})
            artwork.invalidate_recordset()
            artwork._approve_intake()
        return artwork

    @classmethod
    def _put_in_stock(cls, artwork):
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", artwork.company_id.id)], limit=1)
        cls.env["stock.quant"].sudo()._update_available_quantity(
            artwork.product_id, warehouse.lot_stock_id, 1, lot_id=artwork.lot_id
        )
        cls.env.flush_all()

    @classmethod
    def _collector(cls, name, advisor, level="potential", interests=(), budget=None, **vals):
        partner = cls.env["res.partner"].create(
            {
                "name": name,
                "is_collector": True,
                "collector_level": level,
                "user_id": advisor.id if advisor else False,
                "email": f"{name.lower().replace(' ', '.')}@example.com",
                "phone": "+86 138 0000 0000",
                **vals,
            }
        )
        cls.env["collector.interest"].create([{"partner_id": partner.id, **interest} for interest in interests])
        if budget:
            cls.env["collector.private.info"].create(
                {"partner_id": partner.id, "budget_min": budget[0], "budget_max": budget[1]}
            )
        return partner

    @classmethod
    def _interaction(cls, partner, artworks, days_ago=10, role="asked"):
        return cls.env["customer.interaction"].create(
            {
                "name": "Asked about works",
                "partner_id": partner.id,
                "user_id": partner.user_id.id or cls.env.uid,
                "interaction_type": "wechat",
                "date": fields.Datetime.now() - timedelta(days=days_ago),
                "artwork_ids": [fields.Command.set(artworks.ids)],
                "artwork_role": role,
            }
        )


class CollectorCommon(BaseCommon, CollectorFixtures):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # queue_job__no_delay: the matching job runs at once (test_matching checks the queued job)
        cls.env = cls.env(
            context=dict(cls.env.context, mail_create_nolog=True, tracking_disable=True, queue_job__no_delay=True)
        )
        cls._setup_collector_fixtures()
