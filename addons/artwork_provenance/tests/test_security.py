from xmlrpc.client import Fault

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ArtworkCommon


@tagged("post_install", "-at_install")
class TestSecurity(ArtworkCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.art = cls._artwork()
        cls.valuation = cls.env["art.valuation"].create(
            {"artwork_id": cls.art.id, "valuation_type": "insurance", "amount": 250000}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Test Shanghai Branch"})
        cls.foreign_art = (
            cls.env["art.artwork"]
            .with_company(cls.other_company)
            .create({"name": "Test Branch Work", "artist_id": cls.artist.id, "company_id": cls.other_company.id})
        )

    def _rpc(self, login, model, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, login, model, method, list(args), kwargs)

    @mute_logger("odoo.http")  # the refused reads are logged by the RPC layer as warnings
    def test_sales_user_cannot_read_costs_by_rpc(self):
        with mute_logger("odoo.http"), self.assertRaises(Fault) as err:
            self._rpc("art_sales", "art.artwork", "read", [self.art.id], fields=["purchase_cost"])
        self.assertIn("purchase_cost", err.exception.faultString)
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._rpc("art_sales", "art.artwork", "read", [self.art.id], fields=["total_cost", "margin"])
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._rpc("art_sales", "art.valuation", "search_read", [], fields=["amount"])
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._rpc("art_sales", "art.margin.report", "search_read", [], fields=["margin"])
        # what sales may read, it reads, and the cost fields are not even listed
        rows = self._rpc("art_sales", "art.artwork", "read", [self.art.id], fields=["name", "list_price", "status"])
        self.assertEqual(rows[0]["name"], self.art.name)
        fields_desc = self._rpc("art_sales", "art.artwork", "fields_get", attributes=["type"])
        self.assertNotIn("purchase_cost", fields_desc)
        self.assertNotIn("valuation_ids", fields_desc)

    @mute_logger("odoo.http")
    def test_bad_input_by_rpc_is_refused_in_the_users_language_and_writes_nothing(self):
        """A registrar working in Chinese gets the reason in Chinese; no artwork, product or serial is
        left behind by the refused call."""
        self.env["res.lang"]._activate_lang("zh_CN")
        for vals, reason in (
            ({"height": -10}, "尺寸和重量不能为负数"),
            ({"year": 3000}, "的年份在未来"),
        ):
            with mute_logger("odoo.http"), self.assertRaises(Fault) as err:
                self._rpc(
                    "art_registrar",
                    "art.artwork",
                    "create",
                    [{"name": "Test RPC Bad Input", "artist_id": self.artist.id, **vals}],
                    context={"lang": "zh_CN"},
                )
            self.assertIn(reason, err.exception.faultString)
        Artwork = self.env["art.artwork"].with_context(active_test=False)
        self.assertFalse(Artwork.search([("name", "=", "Test RPC Bad Input")]))
        self.assertFalse(
            self.env["product.template"].with_context(active_test=False).search([("name", "=", "Test RPC Bad Input")])
        )

    def test_finance_reads_costs_by_rpc(self):
        rows = self._rpc(
            "art_finance", "art.artwork", "read", [self.art.id], fields=["purchase_cost", "current_valuation"]
        )
        self.assertEqual(rows[0]["current_valuation"], 250000)

    def test_sales_user_orm_access(self):
        with self.assertRaises(AccessError):
            self.art.with_user(self.sales).read(["extra_cost"])
        with self.assertRaises(AccessError):
            self.valuation.with_user(self.sales).read(["amount"])
        with self.assertRaises(AccessError):
            self.art.with_user(self.sales).write({"name": "Renamed by sales"})

    def test_our_partner_fields_read_for_users_of_other_lines(self):
        """#23: a field artwork_provenance adds to res.partner never fails for a user without gallery
        rights (a shop's Sales user): what they may not read is left out (``groups=``), the rest reads.
        Before, ``artwork_count`` raised an Access Error on art.artwork."""
        seller = new_test_user(self.env, login="art_plain_seller", groups="sales_team.group_sale_salesman")
        Partner = self.env["res.partner"].with_user(seller)
        ours = [
            fname
            for fname, field in Partner._fields.items()
            if "artwork_provenance" in field._modules and Partner._has_field_access(field, "read")
        ]
        self.assertIn("is_artist", ours)
        self.assertNotIn("artwork_count", ours)
        self.artist.with_user(seller).read(ours)

    def _form_read(self, user, record):
        """Read ``record`` as ``user`` with the fields of the form the server gives that user."""
        views = record.with_user(user).get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        fields_desc = views["models"][record._name]["fields"]
        spec = {}
        for node in arch.iter("field"):
            owner = node.getparent()
            while owner is not None and owner.tag != "field":
                owner = owner.getparent()
            if owner is None:  # not a field of an x2many sub-view
                spec[node.get("name")] = {}
        self.assertTrue(set(spec) <= set(fields_desc))
        return record.with_user(user).web_read(spec)

    def test_reviewers_open_the_artwork_and_the_loan(self):
        """#23 (role x screen matrix): the art director and legal open an artwork (its loans and
        exhibitions) and legal a loan (without the stock transfers) with the forms' own fields.
        Before, the director failed on art.loan.line, legal on art.exhibition.line and stock.picking."""
        loan = self.env["art.loan"].create(
            {
                "partner_id": self.vendor.id,
                "date_start": "2030-01-01",
                "date_end": "2030-02-01",
                "line_ids": [Command.create({"artwork_id": self.art.id, "insurance_value": 1000})],
            }
        )
        for user in (self.director, self.legal):
            with self.subTest(user=user.login):
                self.assertEqual(self._form_read(user, self.art)[0]["id"], self.art.id)
        self.assertEqual(self._form_read(self.legal, loan)[0]["id"], loan.id)

    def test_registrar_cannot_read_valuations(self):
        with self.assertRaises(AccessError):
            self.valuation.with_user(self.registrar).read(["amount"])

    def test_other_company_artworks_are_hidden(self):
        visible = self.env["art.artwork"].with_user(self.registrar).search([("name", "like", "Test Branch Work")])
        self.assertFalse(visible)
        with self.assertRaises(AccessError):
            self.foreign_art.with_user(self.registrar).read(["name"])

    @mute_logger("odoo.http")
    def test_other_company_artworks_are_hidden_by_rpc(self):
        """Neither the artwork of another company nor its chain reaches a registrar through RPC."""
        entry = self.env["art.provenance.entry"].create(
            {"artwork_id": self.foreign_art.id, "event_type": "exhibited", "date": "2024-05-01", "place": "上海"}
        )
        found = self._rpc(
            "art_registrar", "art.artwork", "search_read", [("name", "like", "Test Branch")], fields=["name"]
        )
        self.assertEqual(found, [])
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._rpc("art_registrar", "art.artwork", "read", [self.foreign_art.id], fields=["name"])
        entries = self._rpc(
            "art_registrar",
            "art.provenance.entry",
            "search_read",
            [("artwork_id", "=", self.foreign_art.id)],
            fields=["event_type"],
        )
        self.assertEqual(entries, [])
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._rpc("art_registrar", "art.provenance.entry", "read", entry.ids, fields=["place"])

    @mute_logger("odoo.http")
    def test_price_bands_and_rate_counts_by_rpc(self):
        """Another company's price bands stay hidden; the verification counts (client addresses) are
        for managers only; a sales user reads shared bands but cannot change them."""
        foreign_band = self.env["art.price.band"].create(
            {"name": "Test Branch Band", "amount_from": 12345, "company_id": self.other_company.id}
        )
        self.env["art.verify.rate"]._hit("203.0.113.5", 30)
        bands = self._rpc("art_sales", "art.price.band", "search_read", [], fields=["name", "company_id"])
        self.assertTrue(bands)
        self.assertNotIn(foreign_band.id, [b["id"] for b in bands])
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._rpc("art_sales", "art.price.band", "write", [bands[0]["id"]], {"amount_from": 1})
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self._rpc("art_sales", "art.verify.rate", "search_read", [], fields=["client"])
        with self.assertRaises(AccessError):
            self.env["art.verify.rate"].with_user(self.registrar).search([])
        rows = self._rpc(
            "art_manager", "art.verify.rate", "search_read", [("client", "=", "203.0.113.5")], fields=["hits"]
        )
        self.assertEqual([r["hits"] for r in rows], [1])
